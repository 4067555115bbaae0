/**
 * Sign-in throttling (issue 9, finding 3). Three measures, each keyed on something a client
 * cannot choose (the address comes from the socket, or from a configured proxy):
 *
 * - per address and account: 10 failures in 15 minutes, then 429 until the window ends — a
 *   guesser at one address is stopped;
 * - per address: 50 failures in 15 minutes, then 429 — one address spraying many accounts;
 * - per account, from every address together: after 10 failures the account *slows down*
 *   rather than locks: each further attempt waits 2, 4, 8 … at most 60 seconds after the
 *   previous failure. Distributed guessing gets about one try a minute, and the real owner waits
 *   a minute at worst. An address the owner signed in from before (remembered for 30 days) is
 *   not slowed down by failures elsewhere.
 *
 * State is bounded (`maxKeys` per table). When a table is full, expired entries go first, then
 * the oldest entries that block nothing, and only then the oldest blocking ones — so an
 * attacker cannot clear the table to unblock himself by flooding it with new keys short of
 * holding as many blocking entries (hundreds of thousands of failures) at once.
 */
export interface LimiterOptions {
  windowMs: number
  maxPerPair: number
  maxPerAddress: number
  accountFreeFailures: number
  accountMaxDelayMs: number
  knownGoodMs: number
  maxKeys: number
}

const DEFAULTS: LimiterOptions = {
  windowMs: 15 * 60_000,
  maxPerPair: 10,
  maxPerAddress: 50,
  accountFreeFailures: 10,
  accountMaxDelayMs: 60_000,
  knownGoodMs: 30 * 86_400_000,
  maxKeys: 50_000,
}

export type LimiterVerdict =
  { ok: true } | { ok: false; reason: 'address' | 'account'; retryAfterMs: number }

interface Window {
  count: number
  since: number
  last: number
}

/** Failure counts in fixed windows, bounded in size (see the eviction order above). */
class BoundedWindows {
  readonly map = new Map<string, Window>()
  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number,
    private readonly blocking: (w: Window) => boolean,
  ) {}

  get(key: string, now: number): Window | undefined {
    const w = this.map.get(key)
    if (w && now - w.since >= this.windowMs) {
      this.map.delete(key)
      return undefined
    }
    return w
  }

  add(key: string, now: number) {
    const w = this.get(key, now)
    if (w) {
      w.count++
      w.last = now
      return
    }
    if (this.map.size >= this.maxKeys) this.makeRoom(now)
    this.map.set(key, { count: 1, since: now, last: now })
  }

  delete(key: string) {
    this.map.delete(key)
  }

  /** Down to 90 %, so the scan is paid once per many insertions. */
  private makeRoom(now: number) {
    const target = Math.floor(this.maxKeys * 0.9)
    for (const [k, w] of this.map) if (now - w.since >= this.windowMs) this.map.delete(k)
    for (const pass of [false, true]) {
      if (this.map.size <= target) return
      for (const [k, w] of this.map) {
        if (this.map.size <= target) return
        if (pass || !this.blocking(w)) this.map.delete(k)
      }
    }
  }
}

export class SignInLimiter {
  private readonly o: LimiterOptions
  private readonly pairs: BoundedWindows
  private readonly addresses: BoundedWindows
  private readonly accounts: BoundedWindows
  private readonly knownGood = new Map<string, number>()

  constructor(options: Partial<LimiterOptions> = {}) {
    this.o = { ...DEFAULTS, ...options }
    const { windowMs, maxKeys } = this.o
    this.pairs = new BoundedWindows(windowMs, maxKeys, (w) => w.count >= this.o.maxPerPair)
    this.addresses = new BoundedWindows(windowMs, maxKeys, (w) => w.count >= this.o.maxPerAddress)
    this.accounts = new BoundedWindows(
      windowMs,
      maxKeys,
      (w) => w.count >= this.o.accountFreeFailures,
    )
  }

  check(login: string, address: string, now: number): LimiterVerdict {
    const pairKey = `${login}\n${address}`
    const pair = this.pairs.get(pairKey, now)
    if (pair && pair.count >= this.o.maxPerPair)
      return { ok: false, reason: 'address', retryAfterMs: pair.since + this.o.windowMs - now }
    const byAddress = this.addresses.get(address, now)
    if (byAddress && byAddress.count >= this.o.maxPerAddress)
      return {
        ok: false,
        reason: 'address',
        retryAfterMs: byAddress.since + this.o.windowMs - now,
      }
    const account = this.accounts.get(login, now)
    if (account && account.count >= this.o.accountFreeFailures && !this.isKnownGood(pairKey, now)) {
      const delay = Math.min(
        this.o.accountMaxDelayMs,
        1000 * 2 ** Math.min(30, account.count - this.o.accountFreeFailures + 1),
      )
      const wait = account.last + delay - now
      if (wait > 0) return { ok: false, reason: 'account', retryAfterMs: wait }
    }
    return { ok: true }
  }

  fail(login: string, address: string, now: number) {
    this.pairs.add(`${login}\n${address}`, now)
    this.addresses.add(address, now)
    this.accounts.add(login, now)
  }

  /** The owner is in: his address's failures are forgiven and the address remembered. */
  succeed(login: string, address: string, now: number) {
    const pairKey = `${login}\n${address}`
    this.pairs.delete(pairKey)
    this.knownGood.delete(pairKey)
    if (this.knownGood.size >= this.o.maxKeys) {
      // the oldest remembered address goes first (Map keeps insertion order)
      const oldest = this.knownGood.keys().next().value
      if (oldest !== undefined) this.knownGood.delete(oldest)
    }
    this.knownGood.set(pairKey, now + this.o.knownGoodMs)
  }

  private isKnownGood(pairKey: string, now: number) {
    const until = this.knownGood.get(pairKey)
    return until !== undefined && until > now
  }

  /** For tests: how many keys the limiter holds, over all its tables. */
  get size() {
    return (
      this.pairs.map.size + this.addresses.map.size + this.accounts.map.size + this.knownGood.size
    )
  }
}
