import { addDays, fromRegion, toRegion, type IsoDate, type MinuteOfDay } from './region'
import type { DeadlineKind, DeadlinePolicy, WorkingCalendar } from './working-calendar'

const MINUTE = 60_000
/** No sane calendar has a year without a working day; beyond this we refuse rather than loop. */
export const MAX_DAYS_SCANNED = 800

/**
 * The largest amount a deadline policy may have, per unit: the API's schema takes its bounds
 * from here. About a working year, so on any five-day week (holidays included) a deadline falls
 * well within the MAX_DAYS_SCANNED horizon; a sparser calendar is checked when it is saved
 * (`unreachablePolicies`), so a policy the calendar cannot honour is refused, never stored.
 */
export const POLICY_MAX_AMOUNT = { workingDays: 250, workingHours: 2000, hours: 8760 } as const

export class CalendarError extends Error {}

export interface Deadline {
  dueAt: Date
  /** True when a day consulted belongs to a year with statutory data only. */
  provisional: boolean
}

interface Cursor {
  date: IsoDate
  minute: MinuteOfDay
}

function cursorOf(instant: Date): Cursor & { exact: boolean } {
  const r = toRegion(instant)
  return { date: r.date, minute: r.minute, exact: r.second === 0 }
}

function* daysFrom(cal: WorkingCalendar, date: IsoDate) {
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) yield cal.day(addDays(date, i))
  throw new CalendarError('В календаре нет рабочих дней в ближайшие два года')
}

function firstOpen(intervals: ReadonlyArray<readonly [number, number]>): number {
  return intervals[0]![0]
}
function lastClose(intervals: ReadonlyArray<readonly [number, number]>): number {
  return intervals[intervals.length - 1]![1]
}

/** Whether `instant` falls in working time (lunch and days off excluded). */
export function isWorkingTime(cal: WorkingCalendar, instant: Date): boolean {
  const r = toRegion(instant)
  const minute = r.minute + r.second / 60
  return cal.day(r.date).intervals.some(([a, b]) => minute >= a && minute < b)
}

/** The first instant at or after `instant` that is working time. */
export function nextOpening(cal: WorkingCalendar, instant: Date): Date {
  const r = toRegion(instant)
  const minute = r.minute + r.second / 60
  let first = true
  for (const day of daysFrom(cal, r.date)) {
    for (const [a, b] of day.intervals) {
      if (!first) return fromRegion(day.date, a)
      if (minute < a) return fromRegion(day.date, a)
      if (minute < b) return instant
    }
    first = false
  }
  throw new CalendarError('unreachable')
}

/** Working time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function workingMsBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  return msWithin(workingIntervals(cal, from, to), from.getTime(), to.getTime())
}

/**
 * `amount` working days from `start` (docs/domain.md): within a working day, the same clock time on
 * the N-th next working day, or that day's close if it closes earlier; before opening on a
 * working day, the close of the N-th working day counting that day; outside working time,
 * the close of the N-th next working day.
 */
function addWorkingDays(cal: WorkingCalendar, start: Date, amount: number): Deadline {
  const days = Math.ceil(amount)
  // A request made in the lunch break counts from its end, like one made outside hours.
  const local = toRegion(start)
  const today = cal.day(local.date).intervals
  if (today.length > 1 && local.minute >= firstOpen(today) && !isWorkingTime(cal, start)) {
    const opening = nextOpening(cal, start)
    if (toRegion(opening).date === local.date) start = opening
  }
  const c = cursorOf(start)
  let provisional = false
  const startDay = cal.day(c.date)
  provisional ||= startDay.provisional
  const within =
    startDay.intervals.length > 0 &&
    c.minute >= firstOpen(startDay.intervals) &&
    c.minute + (c.exact ? 0 : 1) <= lastClose(startDay.intervals)

  let remaining = days
  let beforeOpeningToday = startDay.intervals.length > 0 && c.minute < firstOpen(startDay.intervals)
  for (const day of daysFrom(cal, c.date)) {
    provisional ||= day.provisional
    if (day.date === c.date && !beforeOpeningToday) continue
    beforeOpeningToday = false
    if (day.intervals.length === 0) continue
    remaining -= 1
    if (remaining > 0) continue
    const open = firstOpen(day.intervals)
    const close = lastClose(day.intervals)
    if (!within) return { dueAt: fromRegion(day.date, close), provisional }
    const minute = Math.min(Math.max(c.minute, open), close)
    const due = fromRegion(day.date, minute)
    // keep the seconds of the start so the allowance is a whole day to the second
    const withSeconds =
      minute === c.minute ? new Date(due.getTime() + (start.getTime() % MINUTE)) : due
    return { dueAt: withSeconds, provisional }
  }
  throw new CalendarError('unreachable')
}

/** `amount` hours of working time from `start`, lunch and days off excluded. */
function addWorkingHours(cal: WorkingCalendar, start: Date, amount: number): Deadline {
  let remaining = Math.round(amount * 60 * MINUTE)
  const r = toRegion(start)
  let provisional = false
  for (const day of daysFrom(cal, r.date)) {
    provisional ||= day.provisional
    for (const [a, b] of day.intervals) {
      const lo = Math.max(fromRegion(day.date, a).getTime(), start.getTime())
      const hi = fromRegion(day.date, b).getTime()
      if (hi <= lo) continue
      if (hi - lo >= remaining) return { dueAt: new Date(lo + remaining), provisional }
      remaining -= hi - lo
    }
  }
  throw new CalendarError('unreachable')
}

export function computeDeadline(
  cal: WorkingCalendar,
  policy: DeadlinePolicy,
  start: Date,
): Deadline {
  switch (policy.unit) {
    case 'hours':
      return {
        dueAt: new Date(start.getTime() + policy.amount * 3_600_000),
        provisional: false,
      }
    case 'workingDays':
      return addWorkingDays(cal, start, policy.amount)
    case 'workingHours':
      return addWorkingHours(cal, start, policy.amount)
  }
}

/**
 * The kinds whose policy this calendar cannot honour from `from` or a year later (no working
 * time within the scanned horizon): what the admin must not be allowed to save.
 */
export function unreachablePolicies(cal: WorkingCalendar, from: Date): DeadlineKind[] {
  const starts = [from, new Date(from.getTime() + 365 * 86_400_000)]
  return (Object.keys(cal.policies) as DeadlineKind[]).filter((kind) => {
    try {
      for (const start of starts) deadlineFor(cal, kind, start)
      return false
    } catch (e) {
      if (e instanceof CalendarError) return true
      throw e
    }
  })
}

export function deadlineFor(cal: WorkingCalendar, kind: DeadlineKind, start: Date): Deadline {
  return computeDeadline(cal, cal.policies[kind], start)
}

export interface Remaining {
  /** Milliseconds left; negative once overdue (by how much, in the same measure). */
  ms: number
  /** Whether `ms` counts working time only (working-day and working-hour rules). */
  workingTime: boolean
  overdue: boolean
}

/** What a countdown shows: working time left for working-time rules, clock time otherwise. */
export function timeRemaining(
  cal: WorkingCalendar,
  unit: DeadlinePolicy['unit'],
  now: Date,
  dueAt: Date,
): Remaining {
  const overdue = now.getTime() >= dueAt.getTime()
  if (unit === 'hours') return { ms: dueAt.getTime() - now.getTime(), workingTime: false, overdue }
  const ms = overdue ? -workingMsBetween(cal, dueAt, now) : workingMsBetween(cal, now, dueAt)
  return { ms, workingTime: true, overdue }
}

/** Working intervals overlapping [from, to], as epoch milliseconds, clipped to the range. */
export function workingIntervals(
  cal: WorkingCalendar,
  from: Date,
  to: Date,
): Array<[number, number]> {
  const out: Array<[number, number]> = []
  if (to.getTime() <= from.getTime()) return out
  const end = toRegion(to).date
  let date = toRegion(from).date
  for (let i = 0; i < MAX_DAYS_SCANNED * 2 && date <= end; i++) {
    for (const [a, b] of cal.day(date).intervals) {
      const lo = Math.max(fromRegion(date, a).getTime(), from.getTime())
      const hi = Math.min(fromRegion(date, b).getTime(), to.getTime())
      if (hi > lo) out.push([lo, hi])
    }
    date = addDays(date, 1)
  }
  return out
}

/** Milliseconds of the intervals that fall within [a, b]: a countdown's cheap per-second sum. */
export function msWithin(
  intervals: ReadonlyArray<readonly [number, number]>,
  a: number,
  b: number,
): number {
  let total = 0
  for (const [lo, hi] of intervals) {
    const x = Math.max(lo, a)
    const y = Math.min(hi, b)
    if (y > x) total += y - x
  }
  return total
}

/**
 * Working time as a cumulative function of the instant, over a fixed span: built once, then
 * `between(a, b)` answers in O(log n). What a page of many countdowns needs every second.
 */
export class WorkingTimeline {
  private readonly starts: number[]
  private readonly ends: number[]
  /** Working ms before each interval starts. */
  private readonly before: number[]

  constructor(intervals: ReadonlyArray<readonly [number, number]>) {
    this.starts = intervals.map((i) => i[0])
    this.ends = intervals.map((i) => i[1])
    this.before = []
    let sum = 0
    for (const [a, b] of intervals) {
      this.before.push(sum)
      sum += b - a
    }
  }

  /** Working ms from the span's start up to `t`. */
  upTo(t: number): number {
    let lo = 0
    let hi = this.starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.starts[mid]! <= t) lo = mid + 1
      else hi = mid
    }
    const i = lo - 1
    if (i < 0) return 0
    return this.before[i]! + Math.min(t, this.ends[i]!) - this.starts[i]!
  }

  between(a: number, b: number): number {
    return b > a ? this.upTo(b) - this.upTo(a) : 0
  }

  /** Whether working time runs at `t`; if not, when it next starts (Infinity if never). */
  runningAt(t: number): { running: true } | { running: false; resumesAt: number } {
    for (let i = 0; i < this.starts.length; i++) {
      if (t < this.starts[i]!) return { running: false, resumesAt: this.starts[i]! }
      if (t < this.ends[i]!) return { running: true }
    }
    return { running: false, resumesAt: Infinity }
  }
}
