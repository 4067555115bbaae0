import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto'
import { createRequire } from 'node:module'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { notificationDeliveries, pushSubscriptions } from '../../src/server/db/schema'
import { newRequest, postIn } from '../setup/flows'
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

const received: Array<{
  endpoint: string
  payload: any
  vapidKey: string
  claims: any
  urgency: string | null
}> = []
const gone = new Set<string>()
const phone = browser('https://push.example.test/sub/phone')
const revoked = browser('https://push.example.test/sub/old-tablet')
gone.add(revoked.subscription.endpoint)
const browsers = new Map([phone, revoked].map((b) => [b.subscription.endpoint, b]))
const known = (b: ReturnType<typeof browser>) => (browsers.set(b.subscription.endpoint, b), b)

const held = new Map<string, { arrive(): void; answer: Promise<number> }>()

/**
 * An endpoint that holds its answer until the test lets it go: a push service that does not
 * answer (a black hole) for exactly as long as the test needs.
 */
function heldEndpoint() {
  const b = known(browser(`https://push.example.test/sub/held-${randomBytes(4).toString('hex')}`))
  let arrive!: () => void
  let release!: (status: number) => void
  const h = {
    ...b,
    arrived: new Promise<void>((r) => (arrive = r)),
    answer: new Promise<number>((r) => (release = r)),
    arrive: () => arrive(),
    release: (status: number) => release(status),
  }
  held.set(b.subscription.endpoint, h)
  return h
}

/**
 * How push hosts resolve in this file (no DNS query leaves the test): the emulated push
 * service is a public address, as a real one is — though nothing connects there, MSW answers
 * every request for that host — and `inside.example.ru` is a name pointing inside.
 */
const dns: Record<string, string[]> = {
  'push.example.test': ['93.184.215.14'],
  'inside.example.ru': ['10.0.0.5'],
}
const pushResolver = async (host: string) => {
  const found = dns[host]
  if (!found) throw new Error(`ENOTFOUND ${host}`)
  return found
}

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
    const hold = held.get(request.url)
    if (hold) {
      hold.arrive()
      return new HttpResponse(null, { status: await hold.answer })
    }
    const vapid = verifyVapid(request.headers.get('authorization'))
    expect(request.headers.get('content-encoding')).toBe('aes128gcm')
    const body = Buffer.from(await request.arrayBuffer())
    const to = browsers.get(request.url)!
    const plain = ece.decrypt(body, {
      version: 'aes128gcm',
      privateKey: to.ecdh,
      authSecret: to.auth.toString('base64url'),
    })
    received.push({
      endpoint: request.url,
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
  // the test server's own address passes; anything else unanswered is an error, not traffic
  msw.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error()
    },
  })
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      // no contact address: the VAPID subject is the public https address
      notify: { quietHours: false, intervalMs: 3_600_000, pushResolver, pushContact: undefined },
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
    // the phone, and an old tablet signed in separately (one subscription per browser)
    const tablet = t.anonymous()
    await tablet.signIn('health', 'correct horse battery')
    for (const [c, b] of [
      [own, phone],
      [tablet, revoked],
    ] as const) {
      const r = await c.post('/api/notifications/push/subscriptions', b.subscription)
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

describe('Web Push never reaches inside, nor holds up anyone else', () => {
  const db = () => t.server.deps.database.db
  const subscribe = (c: Awaited<ReturnType<TestServer['client']>>, b: ReturnType<typeof browser>) =>
    c.post('/api/notifications/push/subscriptions', b.subscription)
  /** A fresh browser of this person: its own session. */
  const newSession = async (who: 'deptOwn' | 'deptOther') => {
    const c = t.anonymous()
    await c.signIn(who === 'deptOwn' ? 'health' : 'transport', 'correct horse battery')
    return c
  }
  const pushRow = async (postId: string) =>
    (
      await db()
        .select()
        .from(notificationDeliveries)
        .where(
          sql`${notificationDeliveries.postId} = ${postId} and ${notificationDeliveries.channel} = 'push'`,
        )
    )[0]

  it('refuses endpoints on loopback, private, link-local or other inside addresses, however written', async () => {
    await db().delete(pushSubscriptions)
    const c = await newSession('deptOwn')
    for (const endpoint of [
      'https://127.0.0.1:8443/push',
      'https://0x7f000001/push',
      'https://2130706433/push',
      'https://localhost:9443/push',
      'https://[::1]/push',
      'https://[::ffff:127.0.0.1]/push',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/push',
      'https://[fd00::1]/push',
      'https://inside.example.ru/push',
    ]) {
      const r = await c.post('/api/notifications/push/subscriptions', {
        endpoint,
        keys: phone.subscription.keys,
      })
      expect(r.status, endpoint).toBe(400)
      expect(r.body.error.message).toMatch(/^Адрес подписки ведёт не в службу push в интернете/)
    }
    const unknown = await c.post('/api/notifications/push/subscriptions', {
      endpoint: 'https://nowhere.example.ru/push',
      keys: phone.subscription.keys,
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toBe('Адрес службы push не найден (nowhere.example.ru)')
    expect(await db().select().from(pushSubscriptions)).toEqual([])
  })

  it('keeps one subscription per signed-in browser and the newest few per person', async () => {
    await db().delete(pushSubscriptions)
    const tablet = await newSession('deptOther')
    for (let i = 0; i < 3; i++)
      expect(
        (await subscribe(tablet, known(browser(`https://push.example.test/sub/t${i}`)))).status,
      ).toBe(200)
    expect((await db().select().from(pushSubscriptions)).map((s) => s.endpoint)).toEqual([
      'https://push.example.test/sub/t2',
    ])
    for (let i = 0; i < 8; i++) {
      const c = await newSession('deptOther')
      await subscribe(c, known(browser(`https://push.example.test/sub/b${i}`)))
    }
    const kept = (await db().select().from(pushSubscriptions)).map((s) => s.endpoint).sort()
    expect(kept).toEqual([3, 4, 5, 6, 7].map((i) => `https://push.example.test/sub/b${i}`))
  })

  it('checks the address again when sending: a name that now points inside gets nothing', async () => {
    await db().delete(pushSubscriptions)
    const c = await newSession('deptOwn')
    const rebinding = known(browser('https://rebind.example.ru/sub/x'))
    dns['rebind.example.ru'] = ['93.184.215.14']
    expect((await subscribe(c, rebinding)).status).toBe(200)
    dns['rebind.example.ru'] = ['127.0.0.1']
    const before = received.length
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    expect(received.length).toBe(before)
    expect(await pushRow(post.id)).toMatchObject({
      state: 'failed',
      error:
        'Адрес подписки ведёт не в службу push в интернете (rebind.example.ru): такие адреса не принимаются',
    })
    // a name that does not resolve now (DNS down) is tried again later, not given up
    delete dns['rebind.example.ru']
    const later = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    expect(await pushRow(later.id)).toMatchObject({
      state: 'pending',
      error: 'Адрес службы push не найден (rebind.example.ru)',
    })
  })

  it('a push service that does not answer holds neither another department’s bell and push nor the person’s other browsers; the admin sees what missed', async () => {
    await db().delete(pushSubscriptions)
    gone.delete(phone.subscription.endpoint)
    const blackHole = heldEndpoint()
    const laptop = known(browser('https://push.example.test/sub/laptop'))
    const transportPhone = known(browser('https://push.example.test/sub/transport-phone'))
    expect((await subscribe(await newSession('deptOwn'), blackHole)).status).toBe(200)
    expect((await subscribe(await newSession('deptOwn'), laptop)).status).toBe(200)
    expect((await subscribe(await newSession('deptOther'), transportPhone)).status).toBe(200)

    // the health department's notification: its push waits on the black hole …
    const worker = t.server.deps.notifications.worker
    const first = await postIn(t, 'awaitingDepartment')
    const passing = worker.pass()
    await blackHole.arrived
    // … while the laptop, tried alongside, already has it
    await expect
      .poll(() => received.some((r) => r.endpoint === laptop.subscription.endpoint))
      .toBe(true)

    // the transport department's bell rings meanwhile: expansion does not wait for delivery
    const bell = new Promise<void>((resolve) =>
      t.server.deps.notifications.signals.subscribe(t.actors.deptOther.id, resolve),
    )
    const editor = await t.client('editor')
    const second = (await editor.post('/api/posts', newRequest({ departmentId: 'transport' }))).body
    expect((await editor.event(second.id, second.version, { type: 'SEND_REQUEST' })).status).toBe(
      200,
    )
    await bell
    const other = await (await t.client('deptOther')).get('/api/notifications')
    expect(other.body.items.map((n: { postId: string }) => n.postId)).toContain(second.id)
    // … and its push too: a delivery claimed later is sent while the black hole still holds
    await expect
      .poll(() => received.some((r) => r.endpoint === transportPhone.subscription.endpoint))
      .toBe(true)
    expect(await pushRow(first.id)).toMatchObject({ state: 'sending' })

    // the black hole finally fails: sent to one browser of two, and the admin is told
    blackHole.release(503)
    await passing
    expect(await pushRow(first.id)).toMatchObject({ state: 'sent' })
    const failures = await (await t.client('admin')).get('/api/admin/notifications')
    expect(failures.body.items).toContainEqual(
      expect.objectContaining({
        channel: 'push',
        state: 'sent',
        userLogin: 'health',
        error: 'Доставлено на 1 из 2 устройств; Служба push недоступна: 503',
      }),
    )
  })

  it('signing out forgets the push subscription that browser registered', async () => {
    await db().delete(pushSubscriptions)
    const tablet = await newSession('deptOwn')
    const other = await newSession('deptOwn')
    expect(
      (await subscribe(tablet, known(browser('https://push.example.test/sub/shared-tablet'))))
        .status,
    ).toBe(200)
    expect(
      (await subscribe(other, known(browser('https://push.example.test/sub/own-phone')))).status,
    ).toBe(200)
    expect((await tablet.request('DELETE', '/api/session')).status).toBe(200)
    expect((await db().select().from(pushSubscriptions)).map((s) => s.endpoint)).toEqual([
      'https://push.example.test/sub/own-phone',
    ])
  })
})

describe('without a real VAPID subject', () => {
  it('Web Push is off, the start says why, and a browser cannot subscribe', async () => {
    const said: Array<{ msg: string; reason?: unknown }> = []
    const log = {
      info: (msg: string, f?: Record<string, unknown>) => said.push({ msg, ...f }),
      warn: (msg: string, f?: Record<string, unknown>) => said.push({ msg, ...f }),
      error() {},
    }
    // no VIZA_PUBLIC_URL, no contact: once the subject was mailto:viza@localhost, which Apple refuses
    const plain = await startTestServer({
      log,
      config: { notify: { pushResolver, pushContact: undefined } },
    })
    try {
      expect(said).toContainEqual({
        msg: 'web push off',
        reason: expect.stringMatching(/Apple refuses .*VIZA_PUBLIC_URL .*VIZA_PUSH_CONTACT/),
      })
      const own = await plain.client('deptOwn')
      const r = await own.post('/api/notifications/push/subscriptions', phone.subscription)
      expect(r.status).toBe(409)
      expect(r.body.error.message).toBe('Уведомления на устройство на этом сервере не настроены')
      const settings = await own.get('/api/notifications/settings')
      expect(settings.body.channels.push).toMatchObject({ available: false })
    } finally {
      await plain.close()
    }
  })

  it('with a contact address, it is on and says with which subject', async () => {
    const said: Array<{ msg: string }> = []
    const log = {
      info: (msg: string, f?: Record<string, unknown>) => said.push({ msg, ...f }),
      warn() {},
      error() {},
    }
    const withContact = await startTestServer({
      log,
      config: { notify: { pushResolver, pushContact: 'mailto:press@example.ru' } },
    })
    await withContact.close()
    expect(said).toContainEqual({ msg: 'web push on', vapidSubject: 'mailto:press@example.ru' })
  })
})
