// The «отписка» checker on a 2,000-character answer: p50 / p99 per check. Baseline from the
// same run: the rules without spelling. Also the one-off cost of building the dictionary.
// Then the checker as the server runs it (issue 26): in its own thread with a hard bound per
// text, on 2,000-character answers and on pathological input; `/api/health` while 5 clients
// send texts of unknown words; the process's RSS before and after.
import { checkText } from '../src/domain/quality'
import { BUILT_IN_REGION_WORDS, parseRegionWords } from '../src/domain/quality/region-words'
import { createSpeller, withSuggestionBudget } from '../src/domain/quality/speller'
import { SUGGESTION_BUDGET_MS } from '../src/server/quality/checker'

const SENTENCES = [
  'Здравствуйте, Мария Ивановна!',
  'Мы проверили ваше обращение о яме у дома № 14 на улице Ленина в Сургуте.',
  'Подрядчик ООО «Дорожник» заделает её до 5 июня, работы начнутся 2 июня в 9:00.',
  'Участок дороги от остановки «Школа № 5» до перекрёстка с проспектом Мира включён в план ремонта на 2027 год.',
  'Если работы не будут выполнены в срок, позвоните в Департамент дорожного хозяйства по телефону 8 (3462) 52-20-00.',
  'Освещение во дворе восстановят сотрудники МБУ «Горсвет»: кабель заменят до 10 июня.',
  'Автобус № 12 с 1 июля будет ходить каждые 15 минут, а не 30, как сейчас.',
  'Новое расписание появится на остановках и на сайте перевозчика до 25 июня.',
]
let answer = ''
for (let i = 0; answer.length < 2000; i++)
  answer += (i ? ' ' : '') + SENTENCES[i % SENTENCES.length]
answer = answer.slice(0, 2000)

let seed = 7
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
/** The answer with `n` words misspelt (two letters swapped), different each time. */
function withTypos(n: number) {
  const chars = [...answer]
  for (let k = 0; k < n; k++) {
    const at = 40 + Math.floor(random() * (chars.length - 80))
    if (/\p{L}/u.test(chars[at]!) && /\p{L}/u.test(chars[at + 1]!))
      [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!]
  }
  return chars.join('')
}

function measure(label: string, runs: number, fn: (i: number) => unknown) {
  for (let i = 0; i < 20; i++) fn(i) // warm-up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn(i)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
  console.log(
    `${label.padEnd(44)} p50 ${at(0.5).toFixed(2).padStart(7)} ms   p99 ${at(0.99).toFixed(2).padStart(7)} ms   (${runs} checks)`,
  )
}

const rss0 = process.memoryUsage().rss
const t0 = performance.now()
const { default: dictionary } = await import('dictionary-ru')
const speller = createSpeller(dictionary, parseRegionWords(BUILT_IN_REGION_WORDS))
const built = performance.now() - t0
console.log(
  `dictionary-ru + region words built in ${built.toFixed(0)} ms, +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB RSS (once per process)`,
)
console.log(`answer: ${answer.length} characters, ${answer.split(/\s+/).length} words`)

measure('baseline: rules without spelling', 500, () =>
  checkText(answer, { kind: 'answer', speller: null }),
)
measure('all rules, clean answer', 500, () => checkText(answer, { kind: 'answer', speller }))
const typoTexts = Array.from({ length: 440 }, () => withTypos(5))
measure('all rules, 5 new typos each, unbounded', 200, (i) =>
  checkText(typoTexts[i % 220]!, { kind: 'answer', speller }),
)
// what the server does: suggestions stop after SUGGESTION_BUDGET_MS in one check
measure(`… as served (suggestions ≤ ${SUGGESTION_BUDGET_MS} ms a check)`, 200, (i) =>
  checkText(typoTexts[220 + (i % 220)]!, {
    kind: 'answer',
    speller: withSuggestionBudget(speller, SUGGESTION_BUDGET_MS, () => performance.now()),
  }),
)

// Comments registered per second: the intake's insert (unique per network, page, post,
// comment) with its history row, on the embedded database. Baseline from the same run:
// the same comments delivered a second time (a repeat is found, not stored).
const { startServer } = await import('../src/server/server')
const { silentLogger } = await import('../src/server/lib/log')
const rssBeforeServer = process.memoryUsage().rss
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  db: { dataDir: 'memory://' },
  demo: false,
  testMode: true,
  log: silentLogger,
  sweepIntervalMs: 3_600_000,
  publishIntervalMs: 3_600_000,
  // as in production: the checker's thread starts with the server; no rate limit here, so the
  // clients below load the checker as hard as they can
  checker: { warm: true },
  checkRate: { burst: 1_000_000 },
})

// ── The checker as served: its own thread, a hard bound per text ───────────────────────────
const { CHECK_LIMIT_MS } = await import('../src/server/quality/checker')
const quality = server.deps.quality
const tReady = performance.now()
await quality.check('Здравствуйте!', 'answer')
console.log(
  `\nchecker thread: first check answered ${(performance.now() - tReady).toFixed(0)} ms after the server started listening (warmed at start)`,
)
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`
const rssWarm = process.memoryUsage().rss
console.log(
  `RSS: ${mb(rssBeforeServer)} before the server, ${mb(rssWarm)} with it and its checker thread`,
)

const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'
const nonWord = (n: number) =>
  Array.from({ length: n }, () => CYRILLIC[Math.floor(random() * CYRILLIC.length)]).join('')
const nonWords = (count: number, len: number) =>
  Array.from({ length: count }, () => nonWord(len)).join(' ')

async function measureChecks(label: string, runs: number, text: (i: number) => string) {
  const times: number[] = []
  let cut = 0
  for (let i = 0; i < runs; i++) {
    const t1 = performance.now()
    const r = await quality.check(text(i), 'answer')
    times.push(performance.now() - t1)
    if (r.note) cut++
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
  console.log(
    `${label.padEnd(44)} p50 ${at(0.5).toFixed(2).padStart(7)} ms   p99 ${at(0.99).toFixed(2).padStart(7)} ms   (${runs} checks, ${cut} cut at ${CHECK_LIMIT_MS} ms)`,
  )
}

await measureChecks('thread: 2,000-char answer, 5 new typos', 200, () => withTypos(5))
await measureChecks('thread: 1 new six-letter non-word', 50, () => `Здравствуйте! ${nonWord(6)}`)
await measureChecks('thread: 20 new six-letter non-words', 30, () => nonWords(20, 6))
await measureChecks('thread: 20,000 chars of new non-words', 10, () =>
  nonWords(2860, 6).slice(0, 20_000),
)
await measureChecks('thread: 20,000 × «a»', 10, () => 'a'.repeat(20_000))
await measureChecks('thread: 20,000 × «а» (one Cyrillic word)', 10, () => 'а'.repeat(20_000))
await measureChecks('thread: «a@» × 10,000', 10, () => 'a@'.repeat(10_000))
await measureChecks('thread: «а. » × 6,666 (short sentences)', 10, () => 'а. '.repeat(6_666))

// `/api/health` while 5 clients send texts of unknown words, one after another, for 10 s.
const { ApiClient } = await import('../tests/setup/test-server')
const { createUser } = await import('../src/server/seed')
const CLIENTS = 5
const senders = await Promise.all(
  Array.from({ length: CLIENTS }, async (_, i) => {
    const login = `bench${i}`
    await createUser(
      server.deps.database.db,
      { login, name: `Проверка ${i}`, role: 'editor', password: 'correct horse battery' },
      new Date(),
    )
    const c = new ApiClient(server.url)
    await c.signIn(login, 'correct horse battery')
    return c
  }),
)
// VIZA_BENCH_LOAD_S=600 for the ten-minute run (RSS printed each minute, to see it level off)
const LOAD_MS = Number(process.env.VIZA_BENCH_LOAD_S ?? 10) * 1000
const loadStarts = performance.now()
const loadEnds = loadStarts + LOAD_MS
const checkTimes: number[] = []
let checksCut = 0
let refused = 0
const load = senders.map(async (c) => {
  while (performance.now() < loadEnds) {
    const t1 = performance.now()
    const r = await c.post('/api/quality/check', { text: nonWords(20, 6), kind: 'answer' })
    if (r.status === 429) {
      // past the person's burst: wait as told, as the screens do
      refused++
      const seconds = Number(r.body?.error?.details?.retryAfterSeconds ?? 1)
      await new Promise((done) => setTimeout(done, seconds * 1000))
      continue
    }
    checkTimes.push(performance.now() - t1)
    if (r.body?.note) checksCut++
  }
})
const rssEachMinute = setInterval(() => {
  const minutes = Math.round((performance.now() - loadStarts) / 60_000)
  console.log(`  RSS after ${minutes} min of checks: ${mb(process.memoryUsage().rss)}`)
}, 60_000)
const healthTimes: number[] = []
const anonymous = new ApiClient(server.url)
while (performance.now() < loadEnds) {
  const t1 = performance.now()
  await anonymous.get('/api/health')
  healthTimes.push(performance.now() - t1)
  await new Promise((r) => setTimeout(r, 20))
}
await Promise.all(load)
clearInterval(rssEachMinute)
const quantiles = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`
}
console.log(
  `\n/api/health while ${CLIENTS} clients send 20 unknown words each, back to back (${LOAD_MS / 1000} s):`,
)
console.log(`  health: ${quantiles(healthTimes)} (${healthTimes.length} requests)`)
console.log(
  `  checks: ${quantiles(checkTimes)} (${checkTimes.length} checks over HTTP, ${checksCut} cut at ${CHECK_LIMIT_MS} ms; ${refused} refused past a person's rate, then retried)`,
)
const rssAfter = process.memoryUsage().rss
console.log(
  `RSS: ${mb(rssWarm)} with the checker warm, ${mb(rssAfter)} after the checks above (${checkTimes.length + 330} texts, most of them garbage)\n`,
)
const N = 500
const input = (i: number) => ({
  network: 'vk' as const,
  pageId: '-1',
  networkPostId: String(i % 20),
  networkCommentId: String(i),
  authorName: 'Мария Иванова',
  authorUrl: 'https://vk.com/id1',
  text: 'Когда починят освещение во дворе дома 5 по улице Мира?',
  thread: { postText: '', postUrl: 'https://vk.com/wall-1_1', earlier: [] },
  leftAt: new Date(),
  registeredAt: new Date(),
})
for (const [label, offset] of [
  ['comments registered', 0],
  ['baseline: repeats found, not stored', 0],
] as const) {
  const t1 = performance.now()
  for (let i = 0; i < N; i++) await server.deps.comments.register(input(i + offset))
  const ms = performance.now() - t1
  console.log(
    `${label.padEnd(44)} ${Math.round((N / ms) * 1000)} /s   (${N} in ${ms.toFixed(0)} ms, one at a time, PGlite)`,
  )
}

// The polling path: one pass of catch-up polling over 5 posts of 100 comments each (an
// in-memory page, so the figure is Viza's side: paging, the known-comment check, the rhythm,
// the insert). Baseline from the same run: the next pass, every comment already stored.
const { CommentPoller } = await import('../src/server/comments/polling')
type Adapters = ConstructorParameters<typeof CommentPoller>[3]
const POSTS = 5
const PER_POST = 100
const reader = {
  standingPosts: async () =>
    Array.from({ length: POSTS }, (_, p) => ({ postId: `p${p}`, title: 'Пост', url: '' })),
  page: async (postId: string) => ({
    kind: 'page' as const,
    next: null,
    comments: Array.from({ length: PER_POST }, (_, i) => ({
      pageId: '-2',
      networkPostId: postId,
      networkCommentId: String(i),
      authorName: 'Мария Иванова',
      authorUrl: 'https://vk.com/id1',
      text: 'Когда починят освещение во дворе дома 5 по улице Мира?',
      leftAt: new Date(),
      fromPage: false,
      deleted: false,
      earlier: [],
    })),
  }),
}
const adapters = {
  ...server.deps.channels.adapters,
  vk: { ...server.deps.channels.adapters.vk, configured: true, comments: reader },
} as Adapters
const poller = new CommentPoller(
  server.deps.database.db,
  server.deps.comments,
  server.deps.calendars,
  adapters,
  server.deps.clock,
  silentLogger,
  { intervalMs: 3_600_000, windowDays: 14, rhythm: () => 'hourly', pauseMs: 0, retryMs: 60_000 },
)
for (const label of ['polled comments registered', 'baseline: a pass with every one stored']) {
  const t1 = performance.now()
  const report = await poller.pass()
  const ms = performance.now() - t1
  console.log(
    `${label.padEnd(44)} ${Math.round((report.read / ms) * 1000)} /s   (${report.read} read, ${report.registered} new, ${ms.toFixed(0)} ms, PGlite)`,
  )
}
await server.close()
