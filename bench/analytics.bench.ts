// Department discipline over a year of history: 40 departments, 20,000 requests (with returns,
// urgent instructions, cancellations, overdue records — about 75,000 history rows) and 20,000
// citizens' comments (priority ones, interim then final answers, returns, reassignments,
// «ответ не нужен», checker overrides, overdue records — about 110,000 comment_history rows). Times the
// report as the API computes it (SQL over post_history, then the working-calendar measures
// and the aggregation in the domain), the drill-down and the XLSX export, on the embedded
// database and, with DATABASE_URL set, on that PostgreSQL (a throwaway database is created and
// dropped). Baselines from the same run: a bare scan of post_history, and the same working-hour
// measures taken day by day per request instead of from one prefix-sum timeline.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { commentFiguresOf, evaluateComments } from '../src/domain/analytics/comment-figures'
import { evaluateItems, figuresOf, periodBounds } from '../src/domain/analytics/figures'
import { DEFAULT_COMMENT_POLICIES } from '../src/domain/comment-lifecycle/lifecycle'
import {
  WorkingCalendar,
  computeDeadline,
  deadlineFor,
  isWorkingTime,
  nextOpening,
  workingMsBetween,
  type DeadlineKind,
} from '../src/domain/calendar'
import { commentSource } from '../src/server/analytics/comment-source'
import { AnalyticsService } from '../src/server/analytics/service'
import { postSource } from '../src/server/analytics/post-source'
import { toXlsx } from '../src/server/analytics/export'
import { CalendarStore } from '../src/server/calendar-store'
import { openDatabase, type Db } from '../src/server/db/client'
import {
  commentHistory,
  comments,
  departments,
  postHistory,
  posts,
  users,
} from '../src/server/db/schema'
import { seedBase } from '../src/server/seed'
import { freshDatabase } from '../tests/setup/test-server'

const DEPARTMENTS = 40
const REQUESTS = 20_000
const COMMENTS = 20_000
const YEAR = { from: '2026-01-01', to: '2026-12-31' }
const NOW = new Date('2027-01-15T12:00:00+05:00')
const HOUR = 3_600_000

/** A deterministic pseudo-random sequence, so every run measures the same history. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

type HistoryRow = typeof postHistory.$inferInsert

async function generate(db: Db) {
  const calendar = new WorkingCalendar()
  const rand = rng(15)
  const now = new Date()
  await seedBase(db, new CalendarStore(), now)
  const extra = Array.from({ length: DEPARTMENTS - 20 }, (_, i) => ({
    id: `bench-${i + 1}`,
    name: `Департамент № ${i + 1}`,
    shortName: `Деп. № ${i + 1}`,
  }))
  await db.insert(departments).values(extra).onConflictDoNothing()
  const deps = (await db.select({ id: departments.id }).from(departments)).map((d) => d.id)
  const editor = randomUUID()
  await db.insert(users).values({
    id: editor,
    login: `bench-${editor.slice(0, 8)}`,
    name: 'ЦСМ',
    role: 'editor',
    passwordHash: '-',
    createdAt: now,
  })
  const { start, end } = periodBounds(YEAR)
  const postRows: Array<typeof posts.$inferInsert> = []
  const history: HistoryRow[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const id = randomUUID()
    const dep = deps[Math.floor(rand() ** 1.3 * deps.length)]!
    const urgent = rand() < 0.1
    const kind: DeadlineKind = urgent ? 'urgent' : 'regular'
    const created = start + Math.floor(rand() * (end - start - 2 * 86_400_000))
    let version = 1
    const row = (event: string, at: number, from: string | null, to: string, payload = {}) =>
      history.push({
        postId: id,
        event,
        actorId: editor,
        actorRole: 'editor',
        fromState: from,
        toState: to,
        version: version++,
        textVersion: 0,
        at: new Date(at),
        departmentIds: [dep],
        payload,
      })
    row('CREATED', created, null, 'draft', { title: `Запрос ${i}`, urgent })
    let at = created + 60_000
    let state = 'awaitingDepartment'
    for (let round = 0; round < 3; round++) {
      const due = deadlineFor(calendar, kind, new Date(at))
      const clock = { kind, departmentId: dep, dueAt: due.dueAt.toISOString(), provisional: false }
      if (round === 0) row('SEND_REQUEST', at, 'draft', 'awaitingDepartment', { clock })
      else
        row('RETURN_TO_DEPARTMENT', at, 'editing', 'awaitingDepartment', {
          comment: rand() < 0.5 ? 'Нет дат и цифр' : 'Нужен комментарий руководителя',
          clock,
        })
      const fate = rand()
      const span = due.dueAt.getTime() - at
      if (fate < 0.04) {
        row('CANCEL', at + span * rand() * 0.5, 'awaitingDepartment', 'cancelled', { reason: '—' })
        state = 'cancelled'
        break
      }
      const answerAt = at + span * (fate < 0.8 ? rand() * 0.95 : 1 + rand() * 1.5)
      if (answerAt > NOW.getTime()) break // still open
      if (answerAt > due.dueAt.getTime())
        row('DEADLINE_PASSED', due.dueAt.getTime(), 'awaitingDepartment', 'awaitingDepartment')
      row('SUBMIT_DRAFT', answerAt, 'awaitingDepartment', 'editing')
      state = 'editing'
      if (rand() > 0.15) break
      at = answerAt + HOUR
    }
    postRows.push({
      id,
      title: `Запрос ${i}`,
      brief: '—',
      departmentId: dep,
      urgent,
      channels: ['telegram'],
      state: state as never,
      context: {} as never,
      version,
      createdBy: editor,
      createdAt: new Date(created),
      updatedAt: new Date(created),
    })
  }
  for (let i = 0; i < postRows.length; i += 1000)
    await db.insert(posts).values(postRows.slice(i, i + 1000))
  for (let i = 0; i < history.length; i += 1000)
    await db.insert(postHistory).values(history.slice(i, i + 1000))
  const commentRows = await generateComments(db, deps, editor, rand, calendar)
  await db.execute(sql`analyze`)
  return { history: history.length, commentHistory: commentRows }
}

/**
 * A year of comments through the comment machine's steps (the rows `CommentService` writes):
 * registered at a full working hour, routed, answered (some late, with the system's overdue
 * record), some with an interim answer posted and the final one after it, returned, reassigned,
 * dismissed, or approved over a blocking checker finding.
 */
async function generateComments(
  db: Db,
  deps: string[],
  editor: string,
  rand: () => number,
  calendar: WorkingCalendar,
) {
  const { start, end } = periodBounds(YEAR)
  const rows: Array<typeof comments.$inferInsert> = []
  const history: Array<typeof commentHistory.$inferInsert> = []
  const policy = (kind: 'regular' | 'priority' | 'final') =>
    kind === 'regular' ? calendar.policies.comment : DEFAULT_COMMENT_POLICIES[kind]
  for (let i = 0; i < COMMENTS; i++) {
    const id = randomUUID()
    let dep = deps[Math.floor(rand() ** 1.3 * deps.length)]!
    const priority = rand() < 0.15
    // registered at a full hour of working time (the hourly registration; a comment left
    // outside working time is registered at the next opening)
    const left = new Date(
      Math.floor((start + rand() * (end - start - 10 * 86_400_000)) / HOUR) * HOUR,
    )
    const registered = isWorkingTime(calendar, left) ? left : nextOpening(calendar, left)
    let version = 1
    const row = (
      event: string,
      at: number,
      from: string | null,
      to: string,
      payload: Record<string, unknown> = {},
      departmentIds = [dep],
    ) =>
      history.push({
        commentId: id,
        event,
        actorId: editor,
        actorRole: 'editor',
        fromState: from,
        toState: to,
        version: version++,
        textVersion: 1,
        at: new Date(at),
        departmentIds,
        payload,
      })
    let kind: 'regular' | 'priority' | 'final' = priority ? 'priority' : 'regular'
    let clockNo = 0
    /** The clock as `CommentService` records it on the row that starts it. */
    const given = (start: number) => {
      const d = computeDeadline(calendar, policy(kind), new Date(start))
      return {
        number: ++clockNo,
        kind,
        departmentId: dep,
        startedAt: new Date(start).toISOString(),
        dueAt: d.dueAt.toISOString(),
        provisional: d.provisional,
      }
    }
    row('REGISTERED', registered.getTime(), null, 'registered', { network: 'vk' }, [])
    let at = registered.getTime() + 10 * 60_000
    let clockStart = registered.getTime()
    let clock = given(clockStart)
    row('TRIAGE', at, 'registered', 'withDepartment', { departmentId: dep, priority, clock })
    let state = 'withDepartment'
    if (rand() < 0.03) {
      row('DISMISS', at + 30 * 60_000, 'withDepartment', 'noAnswerNeeded', { reason: 'thanks' })
      state = 'noAnswerNeeded'
    } else {
      if (rand() < 0.05) {
        at += HOUR
        const from = dep
        dep = deps[(deps.indexOf(dep) + 1) % deps.length]!
        clockStart = at
        clock = given(clockStart)
        row('REASSIGN', at, 'withDepartment', 'withDepartment', { departmentId: dep, clock }, [
          from,
          dep,
        ])
      }
      const interim = rand() < 0.1
      const returned = rand() < 0.1
      for (let round = 0; round < 4; round++) {
        const due = Date.parse(clock.dueAt)
        const span = due - clockStart
        const answerAt = clockStart + span * (rand() < 0.85 ? 0.1 + rand() * 0.85 : 1 + rand())
        if (answerAt > NOW.getTime()) break
        if (answerAt > due) row('DEADLINE_PASSED', due, state, state)
        const isInterim = interim && kind !== 'final' && round === 0
        row('SUBMIT_ANSWER', answerAt, 'withDepartment', 'inReview', {
          text: 'Здравствуйте! …',
          interim: isInterim,
          check: { blocking: [] },
        })
        at = answerAt + HOUR / 2
        if (returned && round === 0 && !isInterim) {
          clockStart = at
          clock = given(clockStart)
          row('RETURN_TO_DEPARTMENT', at, 'inReview', 'withDepartment', {
            comment: 'Нет сроков и ответственного',
            clock,
          })
          state = 'withDepartment'
          continue
        }
        const override = rand() < 0.03
        row('APPROVE_ANSWER', at, 'inReview', 'posting', {
          textVersion: 1,
          check: { blocking: override ? ['spelling'] : [] },
          ...(override ? { override: 'Название посёлка верное' } : {}),
        })
        at += 5 * 60_000
        if (isInterim) {
          clockStart = at
          kind = 'final'
          clock = given(clockStart)
          row('POSTED', at, 'posting', 'withDepartment', { links: [], clock })
          state = 'withDepartment'
          continue
        }
        row('POSTED', at, 'posting', 'answered', { links: [] })
        state = 'answered'
        break
      }
    }
    rows.push({
      id,
      network: 'vk',
      pageId: '-1',
      networkPostId: String(i % 500),
      networkCommentId: String(i),
      authorName: `Житель ${i}`,
      authorUrl: 'https://vk.com/id1',
      text: `Комментарий ${i}: когда отремонтируют дорогу?`,
      thread: { postText: '—', postUrl: 'https://vk.com/wall-1_1', earlier: [] },
      leftAt: registered,
      registeredAt: registered,
      state: state as never,
      context: {} as never,
      version,
      departmentId: dep,
      updatedAt: registered,
    })
  }
  for (let i = 0; i < rows.length; i += 1000)
    await db.insert(comments).values(rows.slice(i, i + 1000))
  for (let i = 0; i < history.length; i += 1000)
    await db.insert(commentHistory).values(history.slice(i, i + 1000))
  return history.length
}

async function time<T>(
  fn: () => Promise<T>,
  runs = 5,
): Promise<{ first: number; median: number; value: T }> {
  const times: number[] = []
  let value: T
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    value = await fn()
    times.push(performance.now() - t0)
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { first: times[0]!, median: sorted[Math.floor(runs / 2)]!, value: value! }
}

const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`

async function run(label: string, options: Parameters<typeof openDatabase>[0]) {
  const database = await openDatabase(options)
  try {
    const t0 = performance.now()
    const rows = await generate(database.db)
    console.log(
      `\n${label}: ${REQUESTS.toLocaleString('en')} requests, ${DEPARTMENTS} departments, ${rows.history.toLocaleString('en')} history rows; ${COMMENTS.toLocaleString('en')} comments, ${rows.commentHistory.toLocaleString('en')} comment_history rows (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    )
    const calendars = new CalendarStore()
    const service = new AnalyticsService(database.db, calendars)
    const { calendar } = await calendars.current(database.db)
    const bounds = periodBounds(YEAR)

    const report = await time(() => service.departments(YEAR, {}, NOW))
    const facts = await time(() => postSource.items(database.db, bounds))
    const measured = await time(async () => {
      const evaluated = evaluateItems(facts.value, { calendar, asOf: NOW.getTime() })
      return figuresOf(evaluated, calendar)
    })
    const drill = await time(() => service.requests({ ...YEAR, figure: 'late' }, {}, NOW))
    const oneDep = await time(() => service.departments(YEAR, { departmentId: 'health' }, NOW))
    const xlsx = await time(async () => {
      const data = await service.exportData(YEAR, {}, NOW)
      return toXlsx(data)
    }, 3)
    const cReport = await time(() => service.commentsReport(YEAR, {}, NOW))
    const cFacts = await time(() => commentSource.items(database.db, bounds))
    const cMeasured = await time(async () => {
      const evaluated = evaluateComments(cFacts.value, { calendar, asOf: NOW.getTime() })
      return commentFiguresOf(evaluated, calendar)
    })
    const cOneDep = await time(() => service.commentsReport(YEAR, { departmentId: 'health' }, NOW))
    const cDrill = await time(() => service.comments({ ...YEAR, figure: 'late' }, {}, NOW))
    const cScan = await time(() => database.db.execute(sql`select count(*) from comment_history`))
    const scan = await time(() => database.db.execute(sql`select count(*) from post_history`))
    const dayByDay = await time(async () => {
      let total = 0
      for (const item of facts.value)
        for (const c of item.clocks)
          if (c.endedAt)
            total += workingMsBetween(calendar, new Date(c.startedAt), new Date(c.endedAt))
      return total
    }, 3)

    console.log(
      `  report, whole year, every department   first ${ms(report.first)}   median ${ms(report.median)}`,
    )
    console.log(
      `    of which SQL (history → work items)       median ${ms(facts.median)}   (${facts.value.length.toLocaleString('en')} items)`,
    )
    console.log(`    of which working hours + figures          median ${ms(measured.median)}`)
    console.log(`  report, one department                      median ${ms(oneDep.median)}`)
    console.log(
      `  drill-down: every late request              median ${ms(drill.median)}   (${drill.value.items.length.toLocaleString('en')} rows)`,
    )
    console.log(
      `  XLSX export with every request and comment  median ${ms(xlsx.median)}   (${(xlsx.value.length / 1024).toFixed(0)} KB)`,
    )
    console.log(`  baseline: select count(*) from post_history median ${ms(scan.median)}`)
    console.log(
      `  baseline: working hours day by day per clock median ${ms(dayByDay.median)}   (the timeline does it inside "working hours + figures")`,
    )
    console.log(
      `  comments: report, whole year, every department first ${ms(cReport.first)}   median ${ms(cReport.median)}`,
    )
    console.log(
      `    of which SQL (comment_history → work items) median ${ms(cFacts.median)}   (${cFacts.value.length.toLocaleString('en')} items)`,
    )
    console.log(`    of which working hours + figures            median ${ms(cMeasured.median)}`)
    console.log(`  comments: report, one department            median ${ms(cOneDep.median)}`)
    console.log(
      `  comments: drill-down, every late comment    median ${ms(cDrill.median)}   (${cDrill.value.items.length.toLocaleString('en')} rows)`,
    )
    console.log(`  baseline: select count(*) from comment_history median ${ms(cScan.median)}`)
    const ct = cReport.value.total
    console.log(
      `  comments total: registered ${ct.registered}, on time ${ct.onTime}, late ${ct.late}, open ${ct.open}, withdrawn ${ct.withdrawn}, rate ${((ct.onTimeRate ?? 0) * 100).toFixed(1)} %, median ${ct.response.comment.median} wh, priority median ${ct.response.commentPriority.median} wh, interim ${ct.interim}, final median ${ct.final.median} wh, overdue ${ct.overdue}, overridden ${ct.overridden}, returns ${ct.returns}`,
    )
    console.log(
      `  total: received ${report.value.total.received}, on time ${report.value.total.onTime}, late ${report.value.total.late}, open ${report.value.total.open}, rate ${((report.value.total.onTimeRate ?? 0) * 100).toFixed(1)} %, regular median ${report.value.total.response.regular.median} h`,
    )
  } finally {
    await database.close()
  }
}

await run('embedded (PGlite)', { dataDir: 'memory://' })
if (process.env.DATABASE_URL) {
  const pgDb = await freshDatabase()
  try {
    await run('PostgreSQL', pgDb.options)
  } finally {
    await pgDb.drop()
  }
}
