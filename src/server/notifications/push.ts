import { Agent } from 'node:https'
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client'
import { pushSubscriptions, serverKeys } from '../db/schema'
import { checkPushEndpoint, pinnedLookup, systemResolver, type HostResolver } from './push-endpoint'
import type { OutgoingMessage, Recipient, Sender, SendOutcome } from './sender'

/** web-push (≈ 12 MB once loaded) is loaded when keys are made or a push is sent, not at start. */
const webPush = () => import('web-push')

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

/**
 * The server's VAPID key pair: generated at first start and stored, so subscriptions survive
 * restarts and every process signs with the same key (the first writer wins a race).
 */
export async function vapidKeys(db: Db, now: Date): Promise<VapidKeys> {
  const read = async () =>
    (await db.select().from(serverKeys).where(eq(serverKeys.name, 'vapid')))[0]?.value
  const stored = await read()
  if (stored?.publicKey && stored.privateKey) return stored as unknown as VapidKeys
  const fresh = (await webPush()).default.generateVAPIDKeys()
  await db
    .insert(serverKeys)
    .values({ name: 'vapid', value: { ...fresh }, createdAt: now })
    .onConflictDoNothing()
  return (await read()) as unknown as VapidKeys
}

/**
 * The VAPID `sub` claim: how a push service can reach whoever runs this server. Apple's refuses
 * anything that is not a real address (`mailto:viza@localhost` is refused), so it is
 * `VIZA_PUSH_CONTACT` (a mailto: or https: address) or else `VIZA_PUBLIC_URL` when it is a
 * public https address; with neither, Web Push is off and the reason is said at start.
 */
export function vapidSubject(
  publicUrl: string | undefined,
  contact: string | undefined,
): { ok: true; subject: string } | { ok: false; reason: string } {
  const howTo =
    'set VIZA_PUBLIC_URL to the https address people open (https://viza.example.ru) or VIZA_PUSH_CONTACT to a contact address (mailto:press@example.ru)'
  if (contact?.trim()) {
    const value = contact.trim()
    const mail = /^(?:mailto:)?([^\s@:/]+)@([^\s@/]+)$/i.exec(value)
    if (mail && realHost(mail[2]!)) return { ok: true, subject: `mailto:${mail[1]}@${mail[2]}` }
    if (publicHttps(value)) return { ok: true, subject: value }
    return {
      ok: false,
      reason: `VIZA_PUSH_CONTACT=${value} is not a real mailto: or https: address: ${howTo}`,
    }
  }
  if (publicUrl && publicHttps(publicUrl)) return { ok: true, subject: publicUrl }
  return {
    ok: false,
    reason: `push services need a real VAPID subject (Apple refuses one like mailto:viza@localhost): ${howTo}`,
  }
}

/** A host name on the internet: dotted, under a real top-level domain, not localhost or .local. */
const realHost = (host: string) => {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.')
  const top = labels.at(-1) ?? ''
  return (
    labels.length > 1 &&
    labels.every((l) => /^[^\s.:/[\]@]+$/.test(l)) &&
    /^([a-z]{2,}|xn--[a-z0-9-]+|\P{ASCII}+)$/u.test(top) &&
    !['localhost', 'local', 'internal', 'test', 'example', 'invalid', 'arpa'].includes(top)
  )
}

const publicHttps = (value: string) => {
  try {
    const u = new URL(value)
    return u.protocol === 'https:' && realHost(u.hostname)
  } catch {
    return false
  }
}

/** What the service worker (public/push-sw.js) reads from a push: title, body, screen, tag. */
export const pushPayload = (m: OutgoingMessage) =>
  JSON.stringify({
    title: m.title,
    body: m.body,
    url: m.url,
    tag: `viza-${m.deliveryId}`,
    urgent: m.urgent,
  })

/** At most this many browsers per person: the newest are kept (routes) and tried (here). */
export const MAX_PUSH_SUBSCRIPTIONS = 5

/** One push service's answer may take this long; all of a person's browsers are tried at once. */
const SEND_TIMEOUT_MS = 10_000
/** The whole delivery to one person, every browser together, ends by then whatever happens. */
const DELIVERY_DEADLINE_MS = 15_000

type OneOutcome =
  | { kind: 'sent' }
  | { kind: 'gone'; error: string }
  | { kind: 'refused'; error: string }
  | { kind: 'retry'; error: string; retryAfterMs: number }

/**
 * Web Push through the browser's push service (web-push: VAPID signature, aes128gcm payload).
 * Each endpoint's host is checked again before the send (it must still be public: DNS may have
 * changed since the subscription) and the connection is pinned to the addresses checked. A
 * person's browsers are tried in parallel under one deadline, at most
 * `MAX_PUSH_SUBSCRIPTIONS` of them. A subscription the push service calls gone (404, 410) is
 * removed — revoked in the browser; 429, 5xx and timeouts are retried (`Retry-After`
 * honoured). When some browsers got it and some did not, the delivery is sent and says which
 * did not (the admin sees it).
 */
export function pushSender(
  db: Db,
  keys: () => Promise<VapidKeys>,
  subject: string,
  resolve: HostResolver = systemResolver,
): Sender {
  const sendOne = async (
    s: Recipient['push'][number],
    payload: string,
    m: OutgoingMessage,
  ): Promise<OneOutcome> => {
    const target = await checkPushEndpoint(s.endpoint, resolve)
    if (!target.ok)
      return target.unresolved // DNS may be down for a while: try again later
        ? { kind: 'retry', retryAfterMs: 0, error: target.reason }
        : { kind: 'refused', error: target.reason }
    const { publicKey, privateKey } = await keys()
    const { default: webpush, WebPushError } = await webPush()
    try {
      await webpush.sendNotification(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        payload,
        {
          vapidDetails: { subject, publicKey, privateKey },
          TTL: 24 * 3600,
          urgency: m.urgent ? 'high' : 'normal',
          timeout: SEND_TIMEOUT_MS,
          // the addresses just checked, not a second lookup (DNS rebinding)
          agent: new Agent({ lookup: pinnedLookup(target.addresses) as never, keepAlive: false }),
        },
      )
      return { kind: 'sent' }
    } catch (err) {
      if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410))
        return { kind: 'gone', error: `Подписка на push отозвана (${err.statusCode})` }
      if (err instanceof WebPushError && err.statusCode < 500 && err.statusCode !== 429)
        return { kind: 'refused', error: `Push не принят: ${err.statusCode}` }
      const after = err instanceof WebPushError ? Number(err.headers['retry-after']) : NaN
      return {
        kind: 'retry',
        retryAfterMs: Number.isFinite(after) ? after * 1000 : 0,
        error: `Служба push недоступна: ${err instanceof WebPushError ? err.statusCode : (err as Error).message}`,
      }
    }
  }
  return {
    channel: 'push',
    reaches: (r) => r.push.length > 0,
    async send(to, m): Promise<SendOutcome> {
      const payload = pushPayload(m)
      const browsers = [...to.push].sort((a, b) => b.id - a.id).slice(0, MAX_PUSH_SUBSCRIPTIONS)
      const late: OneOutcome = {
        kind: 'retry',
        retryAfterMs: 0,
        error: 'Служба push не ответила вовремя',
      }
      const outcomes = await withDeadline(
        browsers.map((s) =>
          sendOne(s, payload, m).catch((e: unknown): OneOutcome => ({
            kind: 'retry',
            retryAfterMs: 0,
            error: String(e),
          })),
        ),
        DELIVERY_DEADLINE_MS,
        late,
      )
      const gone = browsers.filter((_, i) => outcomes[i]!.kind === 'gone').map((s) => s.id)
      if (gone.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone))
      const failed = outcomes.filter((o) => o.kind !== 'sent') as Array<
        Exclude<OneOutcome, { kind: 'sent' }>
      >
      const sent = outcomes.length - failed.length
      const lastError = failed.at(-1)?.error
      if (sent > 0)
        return failed.length
          ? {
              ok: true,
              note: `Доставлено на ${sent} из ${ofDevices(outcomes.length)}; ${lastError}`,
            }
          : { ok: true }
      const retry = failed.filter((o) => o.kind === 'retry')
      if (retry.length)
        return {
          ok: false,
          retryable: true,
          retryAfterMs: Math.max(...retry.map((o) => o.retryAfterMs)),
          error: lastError!,
        }
      return { ok: false, retryable: false, error: lastError ?? 'Нет подписок на push' }
    },
  }
}

/** «из 1 устройства», «из 3 устройств», «из 21 устройства» (genitive after «из»). */
const ofDevices = (n: number) =>
  `${n} ${new Intl.PluralRules('ru').select(n) === 'one' ? 'устройства' : 'устройств'}`

/** Each promise's result, or `late` for those not settled by the deadline. */
async function withDeadline<T>(promises: Array<Promise<T>>, ms: number, late: T): Promise<T[]> {
  const results: Array<T | undefined> = promises.map(() => undefined)
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    Promise.all(promises.map((p, i) => p.then((r) => (results[i] = r)))),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms)
    }),
  ]).finally(() => clearTimeout(timer))
  return results.map((r) => r ?? late)
}
