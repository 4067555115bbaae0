// Push isolation (issue 26): how long the transport department waits for its notification while
// the health department's push service never answers. A real server on PGlite, over real HTTP;
// the push service is emulated in-process with MSW behind an injected resolver (a public-looking
// address), so nothing leaves the machine. The worker runs as in production: woken by the post
// event's NOTIFY, never driven by the bench. Each of ROUNDS rounds (default 20): a request to
// health, right after it one to transport; measured from the transport event's answer to
// (a) transport's in-app notification (the server's notification signal) and (b) its push
// arriving at the push service. First without black holes (baseline), then with them.
// `npm run bench:push -- 5`. Prints figures only.
import { createECDH, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { pushSubscriptions } from '../src/server/db/schema'
import { newRequest } from '../tests/setup/flows'
import { startTestServer, TEST_PASSWORD } from '../tests/setup/test-server'

const ROUNDS = Number(process.argv[2] ?? 20)
const PUSH = 'https://push.example.test/sub'

const ecdh = createECDH('prime256v1')
ecdh.generateKeys()
const keys = {
  p256dh: ecdh.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
}

// Black holes answer only when the bench ends; the working endpoint answers 201 at once.
let releaseHoles!: () => void
const holesReleased = new Promise<void>((r) => (releaseHoles = r))
let onPush: (() => void) | null = null
const msw = setupServer(
  http.post(`${PUSH}/:id`, async ({ params }) => {
    if (String(params.id).startsWith('hole-')) {
      await holesReleased
      return new HttpResponse(null, { status: 503 })
    }
    onPush?.()
    return new HttpResponse(null, { status: 201 })
  }),
)
msw.listen({
  onUnhandledRequest: (request, print) => {
    if (new URL(request.url).hostname !== '127.0.0.1') print.error()
  },
})
const dns: Record<string, string[]> = { 'push.example.test': ['93.184.215.14'] }
const t = await startTestServer({
  config: {
    publicUrl: 'https://viza.example.ru',
    notify: {
      quietHours: false,
      intervalMs: 3_600_000, // only the event's wake-up, not the periodic pass
      pushResolver: async (host) => dns[host] ?? Promise.reject(new Error(`ENOTFOUND ${host}`)),
    },
  },
})
const { signals } = t.server.deps.notifications
const transportId = t.actors.deptOther.id
const editor = await t.client('editor')
const subscribe = async (login: string, endpoint: string) => {
  const c = t.anonymous()
  await c.signIn(login, TEST_PASSWORD) // a browser of its own: one subscription per session
  return (await c.post('/api/notifications/push/subscriptions', { endpoint, keys })).status
}
if ((await subscribe('transport', `${PUSH}/transport-phone`)) !== 200)
  throw new Error('the transport subscription was refused')

const since = (t0: number) => (at: number) => Math.max(0, at - t0) // before the answer: 0

async function round() {
  const health = (await editor.post('/api/posts', newRequest())).body
  const transport = (await editor.post('/api/posts', newRequest({ departmentId: 'transport' })))
    .body
  let unsubscribe = () => {}
  const bell = new Promise<number>((resolve) => {
    unsubscribe = signals.subscribe(transportId, () => resolve(performance.now()))
  })
  const pushed = new Promise<number>((resolve) => (onPush = () => resolve(performance.now())))
  await editor.event(health.id, health.version, { type: 'SEND_REQUEST' })
  const r = await editor.event(transport.id, transport.version, { type: 'SEND_REQUEST' })
  const answered = performance.now()
  if (r.status !== 200) throw new Error(`SEND_REQUEST: ${r.status}`)
  const [a, b] = await Promise.all([bell.then(since(answered)), pushed.then(since(answered))])
  unsubscribe()
  onPush = null
  return { a, b }
}

async function phase(label: string) {
  const runs = []
  for (let i = 0; i < ROUNDS; i++) runs.push(await round())
  const stats = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y)
    const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)]!
    return { p50: at(0.5), p95: at(0.95), max: s.at(-1)! }
  }
  const fmt = (x: { p50: number; p95: number; max: number }) =>
    `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, max ${x.max.toFixed(0)} ms`
  const a = stats(runs.map((r) => r.a))
  const b = stats(runs.map((r) => r.b))
  console.log(`  ${label} (${ROUNDS} rounds)`)
  console.log(`    (a) transport in-app notification: ${fmt(a)}`)
  console.log(`    (b) transport push received:       ${fmt(b)}`)
  return { a, b }
}

console.log('push isolation (PGlite, real HTTP; push service emulated in-process)')
const base = await phase('baseline: health has no push subscriptions')

// health's contact tries 30 black holes, each from a browser of its own, and 30 inside addresses
const holes = await Promise.all(
  Array.from({ length: 30 }, (_, i) => subscribe('health', `${PUSH}/hole-${i}`)),
)
const kept = await t.server.deps.database.db
  .select()
  .from(pushSubscriptions)
  .where(eq(pushSubscriptions.userId, t.actors.deptOwn.id))
const inside = ['127.0.0.1', '10.0.0.5', '169.254.169.254', '[::1]', '0x7f000001']
const insideStatuses = await Promise.all(
  Array.from({ length: 30 }, (_, i) =>
    subscribe('health', `https://${inside[i % inside.length]}:${8000 + i}/push`),
  ),
)
console.log(
  `  30 black-hole endpoints: ${holes.filter((s) => s === 200).length} answered 200, ${holes.filter((s) => s !== 200).length} refused; ${kept.length} kept (the newest per person)`,
)
console.log(
  `  30 inside endpoints (${inside.join(', ')}): ${insideStatuses.filter((s) => s === 400).length} refused with 400, ${insideStatuses.filter((s) => s !== 400).length} otherwise`,
)
const held = await phase(`health has ${kept.length} black-hole subscriptions`)
const ratio = (k: 'a' | 'b', s: 'p50' | 'p95') =>
  `${(held[k][s] / Math.max(1, base[k][s])).toFixed(1)}×`
console.log(
  `  ratio to baseline: (a) p50 ${ratio('a', 'p50')}, p95 ${ratio('a', 'p95')}; (b) p50 ${ratio('b', 'p50')}, p95 ${ratio('b', 'p95')}`,
)

releaseHoles()
await t.close()
msw.close()
