import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client'
import { pushSubscriptions, serverKeys } from '../db/schema'
import type { OutgoingMessage, Sender, SendOutcome } from './sender'

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

/** What the service worker (public/push-sw.js) reads from a push: title, body, screen, tag. */
export const pushPayload = (m: OutgoingMessage) =>
  JSON.stringify({
    title: m.title,
    body: m.body,
    url: m.url,
    tag: `viza-${m.deliveryId}`,
    urgent: m.urgent,
  })

/**
 * Web Push through the browser's push service (web-push: VAPID signature, aes128gcm payload).
 * A subscription the push service calls gone (404, 410) is removed — revoked in the browser;
 * 429 and 5xx are retried (`Retry-After` honoured).
 */
export function pushSender(db: Db, keys: () => Promise<VapidKeys>, subject: string): Sender {
  return {
    channel: 'push',
    reaches: (r) => r.push.length > 0,
    async send(to, m): Promise<SendOutcome> {
      const { publicKey, privateKey } = await keys()
      const { default: webpush, WebPushError } = await webPush()
      const payload = pushPayload(m)
      let sent = 0
      let retryAfterMs: number | undefined
      let lastError = ''
      const gone: number[] = []
      for (const s of to.push) {
        try {
          await webpush.sendNotification(
            { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
            payload,
            {
              vapidDetails: { subject, publicKey, privateKey },
              TTL: 24 * 3600,
              urgency: m.urgent ? 'high' : 'normal',
              timeout: 10_000,
            },
          )
          sent++
        } catch (err) {
          if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410)) {
            gone.push(s.id)
            lastError = `Подписка на push отозвана (${err.statusCode})`
          } else if (
            err instanceof WebPushError &&
            err.statusCode < 500 &&
            err.statusCode !== 429
          ) {
            lastError = `Push не принят: ${err.statusCode}`
          } else {
            const after = err instanceof WebPushError ? Number(err.headers['retry-after']) : NaN
            if (Number.isFinite(after)) retryAfterMs = after * 1000
            retryAfterMs ??= 0
            lastError = `Служба push недоступна: ${err instanceof WebPushError ? err.statusCode : (err as Error).message}`
          }
        }
      }
      if (gone.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone))
      if (sent > 0) return { ok: true }
      if (retryAfterMs !== undefined)
        return { ok: false, retryable: true, retryAfterMs, error: lastError }
      return { ok: false, retryable: false, error: lastError || 'Нет подписок на push' }
    },
  }
}
