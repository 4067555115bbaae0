/**
 * Checks of texts per person (issue 26): a token bucket per user. A burst of `burst` checks,
 * then one every `everyMs`; past that 429 with the wait. The answer screen checks the text
 * once it has settled for 400 ms, so typing stays well inside; a client looping on the
 * endpoint is held to one check a second. The table is bounded: past `maxKeys` people, the
 * oldest go (their buckets would be full again by then).
 */
export interface RateOptions {
  burst: number
  everyMs: number
  maxKeys: number
}

const DEFAULTS: RateOptions = { burst: 30, everyMs: 1000, maxKeys: 10_000 }

interface Bucket {
  tokens: number
  at: number
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number }

export class CheckRate {
  private readonly o: RateOptions
  private readonly buckets = new Map<string, Bucket>()

  constructor(options: Partial<RateOptions> = {}) {
    this.o = { ...DEFAULTS, ...options }
  }

  /** Takes one check for `key` at `now` (ms), or says how long to wait. */
  take(key: string, now: number): RateVerdict {
    const b = this.buckets.get(key)
    const tokens = b
      ? Math.min(this.o.burst, b.tokens + Math.max(0, now - b.at) / this.o.everyMs)
      : this.o.burst
    if (tokens < 1) return { ok: false, retryAfterMs: Math.ceil((1 - tokens) * this.o.everyMs) }
    this.buckets.delete(key) // re-inserted last: the map stays in order of use
    if (this.buckets.size >= this.o.maxKeys) {
      const oldest = this.buckets.keys().next().value
      if (oldest !== undefined) this.buckets.delete(oldest)
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    return { ok: true }
  }

  /** For tests: how many people the table holds. */
  get size() {
    return this.buckets.size
  }
}
