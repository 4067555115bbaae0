// The «отписка» checker on a 2,000-character answer: p50 / p99 per check. Baseline from the
// same run: the rules without spelling. Also the one-off cost of building the dictionary.
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
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  db: { dataDir: 'memory://' },
  demo: false,
  testMode: true,
  log: silentLogger,
  sweepIntervalMs: 3_600_000,
  publishIntervalMs: 3_600_000,
})
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
