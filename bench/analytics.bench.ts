// Department discipline over a year of history: 40 departments, 20,000 requests (with returns,
// urgent instructions, cancellations, overdue records — about 75,000 history rows). Times the
// report as the API computes it (SQL over post_history, then the working-calendar measures
// and the aggregation in the domain), the drill-down and the XLSX export, on the embedded
// database and, with DATABASE_URL set, on that PostgreSQL (a throwaway database is created and
// dropped). Baselines from the same run: a bare scan of post_history, and the same working-hour
// measures taken day by day per request instead of from one prefix-sum timeline.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { evaluateItems, figuresOf, periodBounds } from '../src/domain/analytics/figures'
import {
  WorkingCalendar,
  deadlineFor,
  workingMsBetween,
  type DeadlineKind,
} from '../src/domain/calendar'
import { AnalyticsService } from '../src/server/analytics/service'
import { postSource } from '../src/server/analytics/post-source'
import { toXlsx } from '../src/server/analytics/export'
import { CalendarStore } from '../src/server/calendar-store'
import { openDatabase, type Db } from '../src/server/db/client'
import { departments, postHistory, posts, users } from '../src/server/db/schema'
import { seedBase } from '../src/server/seed'
import { freshDatabase } from '../tests/setup/test-server'

const DEPARTMENTS = 40
const REQUESTS = 20_000
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
  await db.execute(sql`analyze`)
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
      `\n${label}: ${REQUESTS.toLocaleString('en')} requests, ${DEPARTMENTS} departments, ${rows.toLocaleString('en')} history rows (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
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
      `  XLSX export with every request              median ${ms(xlsx.median)}   (${(xlsx.value.length / 1024).toFixed(0)} KB)`,
    )
    console.log(`  baseline: select count(*) from post_history median ${ms(scan.median)}`)
    console.log(
      `  baseline: working hours day by day per clock median ${ms(dayByDay.median)}   (the timeline does it inside "working hours + figures")`,
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
