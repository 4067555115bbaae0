import {
  WorkingTimeline,
  addDays,
  computeDeadline,
  fromRegion,
  toRegion,
  workingIntervals,
  type DeadlinePolicy,
  type IsoDate,
  type WorkingCalendar,
} from '../calendar'
import { DEFAULT_COMMENT_POLICIES, type CommentPolicies } from '../comment-lifecycle/lifecycle'
import type { ClockKind, PostKind, WorkItem, WorkKind, WorkSource } from './facts'

const HOUR = 3_600_000

/**
 * How a work item ended up, as of the moment the figures are computed:
 * - `late`: some clock of it ran past its deadline (answered late, taken away after the
 *   deadline, or still running past it) — overdue counts against the department;
 * - `open`: its last clock still runs and is not yet due;
 * - `onTime`: answered, every clock within its deadline;
 * - `withdrawn`: taken away before any deadline passed and never answered (cancelled,
 *   written in-house, reassigned): neither on time nor late.
 */
export type Outcome = 'onTime' | 'late' | 'open' | 'withdrawn'

export interface EvaluatedItem {
  source: WorkSource
  refId: string
  title: string
  departmentId: string
  kind: WorkKind
  receivedAt: number
  /** The first clock's deadline (as recorded, or recomputed for old history). */
  dueAt: number
  firstAnsweredAt: number | null
  outcome: Outcome
  /** From the first clock's start to the first answer, in `responseUnit`; null if unanswered. */
  responseHours: number | null
  responseUnit: ResponseUnit
  /** How often the material was returned to the department, and why. */
  returns: number
  returnReasons: string[]
  clocks: number
  /** A deadline or a measured span touches a provisional production-calendar year. */
  provisional: boolean
}

/**
 * Response time is measured the way the item's deadline is: working hours of the working
 * calendar (lunch, weekends and holidays excluded) for a working-day or working-hour rule,
 * clock hours for a clock-hour rule (the governor's urgent instruction: «no more than three
 * hours»). The unit therefore follows the configured policy.
 */
export type ResponseUnit = 'workingHours' | 'hours'

export interface EvaluationContext {
  calendar: WorkingCalendar
  /** Outcomes are as of this instant (the server's now). */
  asOf: number
  /** The comments' priority and final-answer rules (the machine's; defaults when absent). */
  commentPolicies?: CommentPolicies
}

/**
 * The configured rule of a clock: the working calendar's for requests and regular comments,
 * the comment rules (`commentDepsFor`'s, the machine's own) for priority and final answers.
 */
export function policyOf(
  calendar: WorkingCalendar,
  kind: ClockKind,
  comments: CommentPolicies = DEFAULT_COMMENT_POLICIES,
): DeadlinePolicy {
  switch (kind) {
    case 'commentPriority':
      return comments.priority
    case 'commentFinal':
      return comments.final
    default:
      return calendar.policies[kind]
  }
}

export function responseUnitOf(
  calendar: WorkingCalendar,
  kind: ClockKind,
  comments?: CommentPolicies,
): ResponseUnit {
  return policyOf(calendar, kind, comments).unit === 'hours' ? 'hours' : 'workingHours'
}

/** Whether a year's production calendar is statutory only and not confirmed by the admin. */
export function isProvisionalYear(calendar: WorkingCalendar, year: number): boolean {
  return (
    calendar.productionYear(year).status === 'provisional' &&
    !calendar.settings.confirmedYears.includes(year)
  )
}

const QUARTER_HOUR = 900_000
const regionDays = new Map<number, IsoDate>()
/**
 * The region's date of an instant, memoised per quarter hour (every zone's offset is a multiple
 * of 15 minutes, so a region midnight never falls inside one): building a zoned date costs
 * microseconds, and a year's report asks for it tens of thousands of times.
 */
export function regionDateOf(ms: number): IsoDate {
  const key = Math.floor(ms / QUARTER_HOUR)
  let date = regionDays.get(key)
  if (date === undefined) {
    date = toRegion(new Date(key * QUARTER_HOUR)).date
    if (regionDays.size > 200_000) regionDays.clear()
    regionDays.set(key, date)
  }
  return date
}

function spanTouchesProvisional(calendar: WorkingCalendar, from: number, to: number): boolean {
  const a = Number(regionDateOf(from).slice(0, 4))
  const b = Number(regionDateOf(Math.max(from, to)).slice(0, 4))
  for (let y = a; y <= b; y++) if (isProvisionalYear(calendar, y)) return true
  return false
}

/**
 * Working time as a prefix sum over the span of all items (one pass over the calendar), so
 * each item's working duration is two binary searches: a year of 20,000 requests costs
 * milliseconds, not a day-by-day walk per request.
 */
export function timelineFor(calendar: WorkingCalendar, items: readonly WorkItem[], asOf: number) {
  let lo = Infinity
  let hi = -Infinity
  for (const item of items)
    for (const c of item.clocks) {
      lo = Math.min(lo, c.startedAt)
      hi = Math.max(hi, c.endedAt ?? asOf)
    }
  if (lo === Infinity) return new WorkingTimeline([])
  return new WorkingTimeline(workingIntervals(calendar, new Date(lo), new Date(hi)))
}

const deadlines = new WeakMap<
  WorkingCalendar,
  Map<string, { dueAt: number; provisional: boolean }>
>()
/**
 * A deadline recomputed with the calendar, memoised per calendar, rule and start: comments are
 * registered at full working hours, so a year of them starts at a few thousand distinct
 * instants (walking the calendar costs tens of microseconds a deadline).
 */
export function deadlineOf(calendar: WorkingCalendar, policy: DeadlinePolicy, start: number) {
  let memo = deadlines.get(calendar)
  if (!memo) deadlines.set(calendar, (memo = new Map()))
  const key = `${policy.unit}:${policy.amount}:${start}`
  let d = memo.get(key)
  if (!d) {
    const r = computeDeadline(calendar, policy, new Date(start))
    d = { dueAt: r.dueAt.getTime(), provisional: r.provisional }
    if (memo.size > 100_000) memo.clear()
    memo.set(key, d)
  }
  return d
}

export function evaluateItems(items: readonly WorkItem[], ctx: EvaluationContext): EvaluatedItem[] {
  const timeline = timelineFor(ctx.calendar, items, ctx.asOf)
  return items.map((item) => evaluateItem(item, ctx, timeline))
}

export function evaluateItem(
  item: WorkItem,
  { calendar, asOf, commentPolicies }: EvaluationContext,
  timeline: WorkingTimeline,
): EvaluatedItem {
  const unit = responseUnitOf(calendar, item.kind, commentPolicies)
  let late = false
  let provisional = false
  let firstAnswered: { start: number; end: number } | null = null
  let firstDue = 0
  item.clocks.forEach((c, i) => {
    let due = c.dueAt
    if (due === null) {
      // History written before deadlines were recorded: the rule as the calendar says today.
      const policy = policyOf(calendar, c.kind ?? item.kind, commentPolicies)
      const d = deadlineOf(calendar, policy, c.startedAt)
      due = d.dueAt
      provisional ||= d.provisional
    }
    provisional ||= c.provisionalDue
    if (i === 0) firstDue = due
    const stop = c.endedAt ?? asOf
    // past its deadline by the clock, or recorded overdue by the system when it happened
    if (stop > due || c.overdueRecorded) late = true
    if (c.end === 'answered' && c.endedAt !== null && !firstAnswered)
      firstAnswered = { start: c.startedAt, end: c.endedAt }
  })
  const last = item.clocks[item.clocks.length - 1]!
  const running = last.endedAt === null
  const answeredAny = item.clocks.some((c) => c.end === 'answered')
  const outcome: Outcome = late ? 'late' : running ? 'open' : answeredAny ? 'onTime' : 'withdrawn'
  let responseHours: number | null = null
  const fa = firstAnswered as { start: number; end: number } | null
  if (fa) {
    const ms = unit === 'hours' ? fa.end - fa.start : timeline.between(fa.start, fa.end)
    // kept as shown (hundredths of an hour), so the bins, the medians and the drill-down agree
    responseHours = Math.round((ms / HOUR) * 100) / 100
    if (unit === 'workingHours') provisional ||= spanTouchesProvisional(calendar, fa.start, fa.end)
  }
  const returnReasons = item.clocks
    .map((c) => c.returnReason)
    .filter((r): r is string => r !== null)
  return {
    source: item.source,
    refId: item.refId,
    title: item.title,
    departmentId: item.departmentId,
    kind: item.kind,
    receivedAt: item.clocks[0]!.startedAt,
    dueAt: firstDue,
    firstAnsweredAt: fa?.end ?? null,
    outcome,
    responseHours,
    responseUnit: unit,
    returns: returnReasons.length,
    returnReasons,
    clocks: item.clocks.length,
    provisional,
  }
}

// --- aggregation ---------------------------------------------------------------------------

export interface Stats {
  unit: ResponseUnit
  /** Answered items measured. */
  count: number
  median: number | null
  p90: number | null
}

export interface Figures {
  received: number
  onTime: number
  late: number
  open: number
  withdrawn: number
  /** onTime / (onTime + late); null when nothing is decided yet. */
  onTimeRate: number | null
  response: Record<PostKind, Stats>
  /** Returns in total, requests returned at least once, and returns per request. */
  returns: number
  returned: number
  returnsPerRequest: number | null
  urgent: number
  provisional: boolean
}

/**
 * The p-th quantile with linear interpolation between order statistics (Excel's
 * ПРОЦЕНТИЛЬ.ВКЛ / PERCENTILE.INC, PostgreSQL's percentile_cont): what a person checking the
 * drill-down in a spreadsheet gets.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100)

export function stats(values: number[], unit: ResponseUnit): Stats {
  const sorted = values.sort((a, b) => a - b)
  return {
    unit,
    count: sorted.length,
    median: round2(quantile(sorted, 0.5)),
    p90: round2(quantile(sorted, 0.9)),
  }
}

export function figuresOf(items: readonly EvaluatedItem[], calendar: WorkingCalendar): Figures {
  const f = { received: items.length, onTime: 0, late: 0, open: 0, withdrawn: 0 }
  const times: Record<PostKind, number[]> = { regular: [], urgent: [] }
  let returns = 0
  let returned = 0
  let urgent = 0
  let provisional = false
  for (const it of items) {
    f[it.outcome] += 1
    if (it.responseHours !== null && (it.kind === 'regular' || it.kind === 'urgent'))
      times[it.kind].push(it.responseHours)
    returns += it.returns
    if (it.returns > 0) returned += 1
    if (it.kind === 'urgent') urgent += 1
    provisional ||= it.provisional
  }
  const decided = f.onTime + f.late
  return {
    ...f,
    onTimeRate: decided ? f.onTime / decided : null,
    response: {
      regular: stats(times.regular, responseUnitOf(calendar, 'regular')),
      urgent: stats(times.urgent, responseUnitOf(calendar, 'urgent')),
    },
    returns,
    returned,
    returnsPerRequest: items.length ? returns / items.length : null,
    urgent,
    provisional,
  }
}

// --- periods, trends and distribution ------------------------------------------------------

export interface Period {
  /** Region dates, both inclusive. */
  from: IsoDate
  to: IsoDate
}

/** The instants a period covers: [from 00:00, the day after `to` 00:00) in the region. */
export function periodBounds(p: Period): { start: number; end: number } {
  return {
    start: fromRegion(p.from, 0).getTime(),
    end: fromRegion(addDays(p.to, 1), 0).getTime(),
  }
}

export interface TrendBucket {
  /** First and last day of the bucket within the period. */
  from: IsoDate
  to: IsoDate
  received: number
  onTime: number
  late: number
  open: number
  onTimeRate: number | null
}

const weekday = (d: IsoDate) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number]
  const w = new Date(Date.UTC(y, m - 1, day)).getUTCDay()
  return w === 0 ? 7 : w
}

/** Monday of the week a date belongs to. */
export function weekStart(d: IsoDate): IsoDate {
  return addDays(d, 1 - weekday(d))
}

function nextBucket(d: IsoDate, by: 'week' | 'month'): IsoDate {
  if (by === 'week') return addDays(weekStart(d), 7)
  const [y, m] = d.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/** Buckets by the day each item was received (weeks start on Monday), clipped to the period. */
export function trend(
  items: readonly EvaluatedItem[],
  period: Period,
  by: 'week' | 'month',
): TrendBucket[] {
  const buckets: TrendBucket[] = []
  for (let from = period.from; from <= period.to;) {
    const next = nextBucket(from, by)
    const to = addDays(next, -1) < period.to ? addDays(next, -1) : period.to
    buckets.push({ from, to, received: 0, onTime: 0, late: 0, open: 0, onTimeRate: null })
    from = next
  }
  for (const it of items) {
    const day = regionDateOf(it.receivedAt)
    const b = buckets.find((x) => x.from <= day && day <= x.to)
    if (!b) continue
    b.received += 1
    if (it.outcome === 'onTime') b.onTime += 1
    else if (it.outcome === 'late') b.late += 1
    else if (it.outcome === 'open') b.open += 1
  }
  for (const b of buckets) b.onTimeRate = b.onTime + b.late ? b.onTime / (b.onTime + b.late) : null
  return buckets
}

/** Bin edges of the response-time distribution, in the unit of the kind's rule. */
export const DISTRIBUTION_EDGES: Record<ResponseUnit, readonly number[]> = {
  // a working day is 8 hours by default: under an hour … more than two days
  workingHours: [0, 1, 2, 4, 8, 16],
  hours: [0, 1, 2, 3, 6],
}

export interface DistributionBin {
  /** Hours, `to` exclusive; null = no upper bound. */
  from: number
  to: number | null
  count: number
}

export function binOf(hours: number, unit: ResponseUnit): number {
  const edges = DISTRIBUTION_EDGES[unit]
  let i = 0
  while (i + 1 < edges.length && hours >= edges[i + 1]!) i++
  return i
}

export function distribution(
  items: readonly EvaluatedItem[],
  kind: WorkKind,
  unit: ResponseUnit,
): DistributionBin[] {
  const edges = DISTRIBUTION_EDGES[unit]
  const bins = edges.map((from, i) => ({ from, to: edges[i + 1] ?? null, count: 0 }))
  for (const it of items)
    if (it.kind === kind && it.responseHours !== null) bins[binOf(it.responseHours, unit)]!.count++
  return bins
}

// --- ranking -------------------------------------------------------------------------------

export interface Ranked {
  departmentId: string
  figures: Figures
}

/**
 * The governor's three best and three worst: only departments with something decided; by
 * on-time rate, then fewer late answers, then the faster regular median, then more requests.
 * A department is never both best and worst: with fewer than 2n ranked, the upper half is
 * «best» and the lower half «worst» (one ranked department is only «best»).
 */
export function bestAndWorst<T extends Ranked>(
  rows: readonly T[],
  n = 3,
): { best: T[]; worst: T[] } {
  const decided = rows.filter((r) => r.figures.onTime + r.figures.late > 0)
  const order = [...decided].sort(
    (a, b) =>
      b.figures.onTimeRate! - a.figures.onTimeRate! ||
      a.figures.late - b.figures.late ||
      (a.figures.response.regular.median ?? Infinity) -
        (b.figures.response.regular.median ?? Infinity) ||
      b.figures.received - a.figures.received ||
      a.departmentId.localeCompare(b.departmentId),
  )
  const bestCount = Math.min(n, Math.ceil(order.length / 2))
  const worstCount = Math.min(n, order.length - bestCount)
  return {
    best: order.slice(0, bestCount),
    worst: order.slice(order.length - worstCount).reverse(),
  }
}

/** The last complete Monday–Sunday week before `now`, in the region. */
export function lastFullWeek(now: Date): Period {
  const monday = weekStart(toRegion(now).date)
  return { from: addDays(monday, -7), to: addDays(monday, -1) }
}
