import { Agent, createServer, get } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { vapidSubject } from './push'
import { checkPushEndpoint, isPublicAddress, pinnedLookup } from './push-endpoint'

/** A resolver that never touches the network: a fixed table. */
const table =
  (entries: Record<string, string[]>) =>
  async (host: string): Promise<string[]> => {
    const found = entries[host]
    if (!found) throw new Error(`ENOTFOUND ${host}`)
    return found
  }

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '192.0.2.10',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2002:7f00:1::',
    '2001:0:4136:e378::1',
    '0x7f000001',
    '2130706433',
    'localhost',
    '',
  ])('%s is not public', (ip) => expect(isPublicAddress(ip)).toBe(false))

  it.each(['8.8.8.8', '142.250.74.106', '2a00:1450:4001:82b::200a', '::ffff:8.8.8.8'])(
    '%s is public',
    (ip) => expect(isPublicAddress(ip)).toBe(true),
  )
})

describe('checkPushEndpoint', () => {
  const resolve = table({
    'fcm.googleapis.com': ['142.250.74.106', '2a00:1450:4001:82b::200a'],
    'rebind.example.com': ['142.250.74.106', '10.0.0.7'],
    'inside.example.com': ['127.0.0.1'],
  })

  it.each([
    'https://127.0.0.1:8443/x',
    'https://0x7f000001/x',
    'https://2130706433/x',
    'https://0177.0.0.1/x',
    'https://127.1/x',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://169.254.169.254/latest/meta-data',
    'https://localhost:9000/x',
    'https://api.localhost/x',
    'https://localhost./x',
    'https://intranet/x',
    'https://inside.example.com/x',
    'https://rebind.example.com/x',
  ])('refuses %s', async (endpoint) => {
    const r = await checkPushEndpoint(endpoint, resolve)
    expect(r.ok).toBe(false)
  })

  it('refuses a name that does not resolve, and plain http', async () => {
    expect(await checkPushEndpoint('https://nowhere.example.com/x', resolve)).toEqual({
      ok: false,
      reason: 'Адрес службы push не найден (nowhere.example.com)',
      unresolved: true,
    })
    expect((await checkPushEndpoint('http://fcm.googleapis.com/x', resolve)).ok).toBe(false)
  })

  it('accepts a push service on public addresses, with the addresses to connect to', async () => {
    expect(await checkPushEndpoint('https://fcm.googleapis.com/fcm/send/abc', resolve)).toEqual({
      ok: true,
      host: 'fcm.googleapis.com',
      addresses: ['142.250.74.106', '2a00:1450:4001:82b::200a'],
    })
  })
})

describe('pinnedLookup', () => {
  it('makes a connection go to the checked address whatever the name (a local server here)', async () => {
    const server = createServer((req, res) => res.end(`reached as ${req.headers.host}`))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    try {
      // the name does not exist: only the pinned lookup can make this connect
      const agent = new Agent({ lookup: pinnedLookup(['127.0.0.1']) as never })
      const body = await new Promise<string>((resolve, reject) =>
        get(`http://push.example.invalid:${port}/`, { agent }, (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(text))
        }).on('error', reject),
      )
      expect(body).toBe(`reached as push.example.invalid:${port}`)
    } finally {
      server.close()
    }
  })

  it('answers with the checked addresses only', () => {
    const lookup = pinnedLookup(['142.250.74.106', '2a00:1450:4001:82b::200a'])
    const answers: unknown[] = []
    lookup('fcm.googleapis.com', { all: true }, (_e, a) => answers.push(a))
    lookup('fcm.googleapis.com', {}, (_e, a, f) => answers.push([a, f]))
    expect(answers).toEqual([
      [
        { address: '142.250.74.106', family: 4 },
        { address: '2a00:1450:4001:82b::200a', family: 6 },
      ],
      ['142.250.74.106', 4],
    ])
  })
})

describe('vapidSubject', () => {
  it.each([
    [undefined, 'mailto:press@example.ru', 'mailto:press@example.ru'],
    [undefined, 'press@адм.рф', 'mailto:press@адм.рф'],
    ['http://127.0.0.1:3000', 'https://viza.example.ru/contact', 'https://viza.example.ru/contact'],
    ['https://viza.example.ru', undefined, 'https://viza.example.ru'],
  ])('public URL %s, contact %s: %s', (publicUrl, contact, subject) => {
    expect(vapidSubject(publicUrl, contact)).toEqual({ ok: true, subject })
  })

  it.each([
    ['http://127.0.0.1:3000', undefined],
    ['https://localhost:3000', undefined],
    ['https://127.0.0.1', undefined],
    ['https://viza.local', undefined],
    ['http://viza.example.ru', undefined],
    ['https://viza.example.ru', 'mailto:viza@localhost'],
    [undefined, 'viza@server'],
  ])('public URL %s, contact %s: push is off, and says how to turn it on', (publicUrl, contact) => {
    const r = vapidSubject(publicUrl, contact)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(/VIZA_PUBLIC_URL .*VIZA_PUSH_CONTACT/)
  })
})
