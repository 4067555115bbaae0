/**
 * Issue 9, findings 3 and 5: sign-in that cannot be bypassed or used to lock people out, and a
 * server that answers only its own host names.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkExposure, configFromEnv, type ServerConfig } from '../../src/server/server'
import { ApiClient, startTestServer, TEST_PASSWORD, type TestServer } from '../setup/test-server'

let t: TestServer
let proxied: TestServer
beforeAll(async () => {
  t = await startTestServer()
  // Behind a reverse proxy on this machine: its X-Forwarded-For is believed.
  proxied = await startTestServer({ config: { trustProxy: '127.0.0.1, ::1' } })
})
afterAll(async () => {
  await t?.close()
  await proxied?.close()
})

async function signIn(
  server: TestServer,
  login: string,
  password: string,
  forwardedFor?: string,
): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ login, password }),
  })
  await res.arrayBuffer()
  return { status: res.status, retryAfter: res.headers.get('retry-after') }
}

/** A raw request with any Host header (fetch does not let a page choose it; a rebinding page's is its own name). */
function withHost(
  url: string,
  method: string,
  path: string,
  host: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const r = request(
      { host: u.hostname, port: u.port, method, path, headers: { ...headers, host }, agent: false },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    r.on('error', reject)
    r.end(body)
  })
}

/** A sign-in over a connection from a chosen local address. */
function signInFrom(
  server: TestServer,
  localAddress: string,
  login: string,
  password: string,
): Promise<{ status: number; retryAfter: string | null }> {
  const u = new URL(server.url)
  const body = JSON.stringify({ login, password })
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path: '/api/session',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
          }),
        )
      },
    )
    r.on('error', reject)
    r.end(body)
  })
}

describe('finding 3: the sign-in limiter', () => {
  it('a client that rotates X-Forwarded-For (not a trusted proxy) is still limited', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++)
      statuses.push((await signIn(t, 'rotator', `guess${i}`, `203.0.113.${i}`)).status)
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
  })

  it('a guesser cannot lock the governor out: the owner signs in, elsewhere it only slows down', async () => {
    // The governor's usual tablet.
    expect((await signIn(proxied, 'governor', TEST_PASSWORD, '198.51.100.2')).status).toBe(200)
    // One address guessing: stopped after 10.
    const one: number[] = []
    for (let i = 0; i < 12; i++)
      one.push((await signIn(proxied, 'governor', `guess${i}`, '198.51.100.66')).status)
    expect(one.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(one.slice(10)).toEqual([429, 429])
    // Many addresses guessing: the account slows down (429 with a short Retry-After), no lockout.
    const many = []
    for (let i = 0; i < 5; i++)
      many.push(await signIn(proxied, 'governor', `spray${i}`, `192.0.2.${i + 10}`))
    const slowed = many.filter((r) => r.status === 429)
    expect(slowed.length).toBeGreaterThan(0)
    for (const r of slowed) expect(Number(r.retryAfter)).toBeLessThanOrEqual(60)
    // The owner at his usual address is not slowed down at all.
    expect((await signIn(proxied, 'governor', TEST_PASSWORD, '198.51.100.2')).status).toBe(200)
    // On a new device he waits at most a minute, then gets in.
    const fresh = await signIn(proxied, 'governor', TEST_PASSWORD, '198.51.100.3')
    if (fresh.status === 429) {
      expect(Number(fresh.retryAfter)).toBeLessThanOrEqual(60)
      await proxied.anonymous().post('/api/test/clock', { advanceMs: 61_000 })
      expect((await signIn(proxied, 'governor', TEST_PASSWORD, '198.51.100.3')).status).toBe(200)
    } else {
      expect(fresh.status).toBe(200)
    }
  })

  it('clients without a forwarding header no longer share one key: a guesser elsewhere does not lock the governor out', async () => {
    // Two real peers (loopback has a whole /8 to connect from), neither behind a proxy.
    const guesser = []
    for (let i = 0; i < 12; i++)
      guesser.push(await signInFrom(t, '127.0.0.2', 'governor', `nope${i}`))
    expect(guesser.slice(0, 10).every((r) => r.status === 401)).toBe(true)
    expect(guesser.slice(10).map((r) => r.status)).toEqual([429, 429])
    // The governor, from his own address, is at most slowed down by seconds, not locked out.
    const owner = await signInFrom(t, '127.0.0.3', 'governor', TEST_PASSWORD)
    if (owner.status === 429) {
      expect(Number(owner.retryAfter)).toBeLessThanOrEqual(2)
      await t.anonymous().post('/api/test/clock', { advanceMs: 2_000 })
      expect((await signInFrom(t, '127.0.0.3', 'governor', TEST_PASSWORD)).status).toBe(200)
    } else expect(owner.status).toBe(200)
  })
})

describe('finding 5: DNS rebinding and demo accounts', () => {
  it('a request for another host name is refused (421), even with a matching Origin', async () => {
    const port = new URL(t.url).port
    const evil = `evil.example:${port}`
    expect(await withHost(t.url, 'GET', '/api/me', evil)).toBe(421)
    const body = JSON.stringify({ login: 'admin', password: TEST_PASSWORD })
    expect(
      await withHost(
        t.url,
        'POST',
        '/api/session',
        evil,
        { origin: `http://${evil}`, 'content-type': 'application/json' },
        body,
      ),
    ).toBe(421)
    expect(await withHost(t.url, 'GET', '/api/health', evil)).toBe(200)
    // Loopback names are ours (the Vite dev proxy forwards its own port).
    expect(await withHost(t.url, 'GET', '/api/openapi.json', `localhost:${port}`)).toBe(200)
    expect(await withHost(t.url, 'GET', '/api/openapi.json', `127.0.0.1:5173`)).toBe(200)
  })

  it('on a network address only VIZA_PUBLIC_URL’s host is served', async () => {
    const open = await startTestServer({
      config: { host: '0.0.0.0', testMode: false, publicUrl: 'https://viza.example.ru' },
    })
    try {
      const port = new URL(open.url).port
      const url = `http://127.0.0.1:${port}`
      expect(await withHost(url, 'GET', '/api/openapi.json', 'viza.example.ru')).toBe(200)
      expect(await withHost(url, 'GET', '/api/openapi.json', `127.0.0.1:${port}`)).toBe(421)
      expect(await withHost(url, 'GET', '/api/openapi.json', `localhost:${port}`)).toBe(421)
      const client = new ApiClient(url)
      expect((await client.get('/api/me')).status).toBe(421)
    } finally {
      await open.close()
    }
  })

  it('demo accounts are seeded by default only on loopback; test mode and a nameless network address are refused', () => {
    expect(configFromEnv({ HOST: '127.0.0.1' }).demo).toBe(true)
    expect(configFromEnv({}).demo).toBe(true)
    expect(configFromEnv({ HOST: '0.0.0.0' }).demo).toBe(false)
    expect(configFromEnv({ HOST: '192.168.1.5' }).demo).toBe(false)
    expect(configFromEnv({ HOST: '0.0.0.0', VIZA_DEMO: '1' }).demo).toBe(true)
    const base = { port: 0, db: {}, demo: false, testMode: false } satisfies Partial<ServerConfig>
    expect(() => checkExposure({ ...base, host: '0.0.0.0', testMode: true })).toThrow(/TEST_MODE/)
    expect(() =>
      checkExposure({ ...base, host: '0.0.0.0', testMode: true, publicUrl: 'https://v.ru' }),
    ).toThrow(/TEST_MODE/)
    expect(() => checkExposure({ ...base, host: '0.0.0.0' })).toThrow(/VIZA_PUBLIC_URL/)
    expect(() =>
      checkExposure({ ...base, host: '0.0.0.0', publicUrl: 'https://v.ru' }),
    ).not.toThrow()
    expect(() => checkExposure({ ...base, host: '127.0.0.1', testMode: true })).not.toThrow()
  })
})
