import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto'
import { createRequire } from 'node:module'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { notificationDeliveries, pushSubscriptions } from '../../src/server/db/schema'
import { postIn } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

// web-push's own dependency, the reference implementation of RFC 8188 (aes128gcm).
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buf: Buffer, params: Record<string, unknown>): Buffer
}

/**
 * A browser, as far as Web Push goes: its own P-256 key pair and auth secret, subscribed at a
 * push service emulated here, which checks the VAPID JWT's ES256 signature against the key in
 * the Authorization header and decrypts the payload with the browser's private key.
 */
function browser(endpoint: string) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const auth = randomBytes(16)
  return {
    ecdh,
    subscription: {
      endpoint,
      keys: {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: auth.toString('base64url'),
      },
    },
    auth,
  }
}

const received: Array<{ payload: any; vapidKey: string; claims: any; urgency: string | null }> = []
const gone = new Set<string>()
const phone = browser('https://push.example.test/sub/phone')
const revoked = browser('https://push.example.test/sub/old-tablet')
gone.add(revoked.subscription.endpoint)

function verifyVapid(header: string | null) {
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(header ?? '')
  if (!m) throw new Error(`no VAPID header: ${header}`)
  const [h, p, s] = m[1]!.split('.') as [string, string, string]
  const raw = Buffer.from(m[2]!, 'base64url')
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  })
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  )
  if (!ok) throw new Error('VAPID signature does not verify')
  return { key: m[2]!, claims: JSON.parse(Buffer.from(p, 'base64url').toString()) }
}

const msw = setupServer(
  http.post('https://push.example.test/sub/:id', async ({ request }) => {
    if (gone.has(request.url)) return new HttpResponse(null, { status: 410 })
    const vapid = verifyVapid(request.headers.get('authorization'))
    expect(request.headers.get('content-encoding')).toBe('aes128gcm')
    const body = Buffer.from(await request.arrayBuffer())
    const plain = ece.decrypt(body, {
      version: 'aes128gcm',
      privateKey: phone.ecdh,
      authSecret: phone.auth.toString('base64url'),
    })
    received.push({
      payload: JSON.parse(plain.toString()),
      vapidKey: vapid.key,
      claims: vapid.claims,
      urgency: request.headers.get('urgency'),
    })
    return new HttpResponse(null, { status: 201 })
  }),
)

let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      notify: { quietHours: false, intervalMs: 3_600_000 },
    },
  })
})
afterAll(async () => {
  await t?.close()
  msw.close()
})

describe('Web Push (VAPID, aes128gcm) to a local push service', () => {
  it('the VAPID key is made once and kept', async () => {
    const own = await t.client('deptOwn')
    const a = (await own.get('/api/notifications/push/key')).body.publicKey
    const b = (await (await t.client('editor')).get('/api/notifications/push/key')).body.publicKey
    expect(a).toMatch(/^[A-Za-z0-9_-]{87}$/)
    expect(b).toBe(a)
  })

  it('a subscribed browser gets the notification, signed and encrypted; a revoked one is dropped', async () => {
    const own = await t.client('deptOwn')
    for (const b of [phone, revoked]) {
      const r = await own.post('/api/notifications/push/subscriptions', b.subscription)
      expect(r.status).toBe(200)
    }
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    const key = (await own.get('/api/notifications/push/key')).body.publicKey
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({
      vapidKey: key,
      claims: { aud: 'https://push.example.test', sub: 'https://viza.example.ru' },
      urgency: 'normal',
      payload: {
        url: `https://viza.example.ru/posts/${post.id}`,
        body: 'Запрашивает — Редактор ЦСМ, ЦСМ.',
      },
    })
    expect(received[0]!.payload.title).toMatch(/^Новый запрос от ЦСМ: «Открытие поликлиники»/)
    const subs = await t.server.deps.database.db.select().from(pushSubscriptions)
    expect(subs.map((s) => s.endpoint)).toEqual([phone.subscription.endpoint])
    const [row] = await t.server.deps.database.db
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${post.id} and ${notificationDeliveries.channel} = 'push'`,
      )
    expect(row).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('when every subscription is revoked, the delivery fails for good and nothing is stuck', async () => {
    gone.add(phone.subscription.endpoint)
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    const [row] = await t.server.deps.database.db
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${post.id} and ${notificationDeliveries.channel} = 'push'`,
      )
    expect(row).toMatchObject({ state: 'failed', error: 'Подписка на push отозвана (410)' })
    expect(await t.server.deps.database.db.select().from(pushSubscriptions)).toEqual([])
  })

  it('refuses a malformed subscription with a clear 400', async () => {
    const own = await t.client('deptOwn')
    for (const body of [
      { endpoint: 'http://push.example.test/x', keys: phone.subscription.keys },
      { endpoint: 'https://push.example.test/x', keys: { p256dh: 'short', auth: 'x' } },
      { endpoint: 'https://push.example.test/x' },
    ]) {
      const r = await own.post('/api/notifications/push/subscriptions', body)
      expect(r.status).toBe(400)
      expect(r.body.error.message).toBeTruthy()
    }
  })
})
