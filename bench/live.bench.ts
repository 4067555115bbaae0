// Live fan-out: N Server-Sent Event streams open against a real server (started as `npm start`
// starts it, on a fresh embedded data dir with demo data), then one change at a time; for each,
// the time from sending the request until each stream has the event. Runs at 200 streams (the
// old figure) and at N (default 2,000; `npm run bench:live -- 5000`). Prints figures only.
import { startBuiltServer } from './built-server'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const N = Number(process.argv[2] ?? 2000)
const EVENTS = 5
const dir = mkdtempSync(join(tmpdir(), 'viza-live-'))

const server = await startBuiltServer({ VIZA_DATA_DIR: join(dir, 'data') })
const base = server.url
const { hostname, port } = new URL(base)

function call(method: string, path: string, body?: unknown, cookie = '') {
  return new Promise<{ status: number; body: unknown; cookie: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = request(
      {
        hostname,
        port,
        path,
        method,
        headers: {
          ...(data ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text ? JSON.parse(text) : null,
            cookie: res.headers['set-cookie']?.[0]?.split(';')[0] ?? cookie,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

const signIn = await call('POST', '/api/session', { login: 'smc', password: 'viza-demo' })
if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`)
const cookie = signIn.cookie
const admin = await call('POST', '/api/session', { login: 'admin', password: 'viza-demo' })
if (admin.status !== 200) throw new Error(`admin sign-in: ${admin.status}`)

/**
 * The server lets one person hold MAX_STREAMS_PER_USER (8) streams, as a person has a few tabs
 * and devices: the streams are spread over bench editors, 8 each, as that many people would be.
 * Each round has its own people, so the last round's closing streams are not counted against it.
 */
const STREAMS_PER_PERSON = 8
let people = 0
async function streamCookies(streams: number) {
  const cookies: string[] = []
  for (let i = 0; i < Math.ceil(streams / STREAMS_PER_PERSON); i++) {
    const login = `bench.${++people}`
    const password = 'bench-password'
    const made = await call(
      'POST',
      '/api/admin/users',
      { login, name: `Редактор ${people}`, role: 'editor', email: null, password },
      admin.cookie,
    )
    if (made.status !== 201) throw new Error(`user: ${made.status} ${JSON.stringify(made.body)}`)
    const session = await call('POST', '/api/session', { login, password })
    if (session.status !== 200) throw new Error(`bench sign-in: ${session.status}`)
    cookies.push(session.cookie)
  }
  return cookies
}

/**
 * One stream on a bare socket (no HTTP client machinery, so the measuring side costs as little
 * as it can on the same machine): `ready` once the server's ready event came, and the time of
 * the first post event of each round.
 */
function openStream(cookie: string) {
  const arrivals: number[] = []
  let round = -1
  let socket: Socket
  const ready = new Promise<void>((resolve, reject) => {
    socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\n` +
          'Accept: text/event-stream\r\n\r\n',
      )
    })
    let started = false
    socket.on('data', (chunk: Buffer) => {
      if (!started) {
        if (chunk.includes('event: ready')) {
          started = true
          resolve()
        } else if (!chunk.includes(' 200 ')) reject(new Error(chunk.toString().slice(0, 80)))
        return
      }
      if (round >= 0 && arrivals[round] === undefined && chunk.includes('event: post'))
        arrivals[round] = performance.now()
    })
    socket.on('error', reject)
  })
  return {
    ready,
    arrivals,
    expect: (n: number) => (round = n),
    close: () => socket.destroy(),
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function fanOut(streams: number) {
  const cookies = await streamCookies(streams)
  const open: ReturnType<typeof openStream>[] = []
  for (let i = 0; i < streams; i += 100) {
    const batch = Array.from({ length: Math.min(100, streams - i) }, (_, j) =>
      openStream(cookies[Math.floor((i + j) / STREAMS_PER_PERSON)]!),
    )
    await Promise.all(batch.map((s) => s.ready))
    open.push(...batch)
  }
  const delays: number[] = []
  const lastPerEvent: number[] = []
  const answered: number[] = []
  for (let n = 0; n < EVENTS; n++) {
    for (const s of open) s.expect(n)
    const sent = performance.now()
    const created = await call(
      'POST',
      '/api/posts',
      {
        title: `Проверка трансляции ${n}`,
        brief: 'нагрузка',
        channels: ['telegram'],
        urgent: false,
      },
      cookie,
    )
    if (created.status !== 201) throw new Error(`create: ${created.status}`)
    answered.push(performance.now() - sent)
    const deadline = Date.now() + 30_000
    while (open.some((s) => s.arrivals[n] === undefined) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5))
    }
    const got = open.map((s) => s.arrivals[n]).filter((t): t is number => t !== undefined)
    if (got.length < open.length) throw new Error(`${open.length - got.length} streams missed it`)
    const d = got.map((t) => t - sent).sort((a, b) => a - b)
    delays.push(...d)
    lastPerEvent.push(d.at(-1)!)
    await new Promise((r) => setTimeout(r, 200))
  }
  for (const s of open) s.close()
  delays.sort((a, b) => a - b)
  lastPerEvent.sort((a, b) => a - b)
  return { p50: pct(delays, 50), p99: pct(delays, 99), last: lastPerEvent, answered }
}

try {
  for (const streams of [200, N]) {
    const r = await fanOut(streams)
    console.log(
      `${String(streams).padStart(5)} streams, ${EVENTS} events: until a stream has it p50 ` +
        `${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; until every stream has it ` +
        `${r.last.map((t) => t.toFixed(0)).join(' / ')} ms (the change's own request: ` +
        `${r.answered.map((t) => t.toFixed(0)).join(' / ')} ms)`,
    )
    await new Promise((r) => setTimeout(r, 500))
  }
} finally {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
}
