import { isWorkingTime, nextOpening, workingIntervals } from '../calendar/deadlines'
import type { DeadlinePolicy, WorkingCalendar } from '../calendar/working-calendar'

export type ReminderStage = 'half' | 'last'

export interface Reminder {
  stage: ReminderStage
  at: Date
}

/** The department clock a reminder is about (`DepartmentClock` in the post lifecycle). */
export interface ClockFacts {
  kind: 'regular' | 'urgent'
  startedAt: string
  dueAt: string
}

const MINUTE = 60_000

/** How long before the deadline the last reminder comes: the last hour, 30 min if urgent. */
export const lastReminderLeadMs = (kind: ClockFacts['kind']) =>
  kind === 'urgent' ? 30 * MINUTE : 60 * MINUTE

/**
 * When to remind whoever holds a department clock (issue 13): when half the time is left, and
 * in the last hour (the last 30 minutes for an urgent request). Time is measured as the
 * deadline's policy measures it: working time (lunch, evenings and days off excluded) for
 * working-day and working-hour policies, clock time for clock-hour ones. A reminder that would
 * fall at night, in the lunch break or on a day off waits for the next opening — except for an
 * urgent request, whose three hours run round the clock. A reminder that could only come at or
 * after the deadline is dropped (the overdue notice follows), and so is a "half" reminder that
 * would not come before the last one.
 */
export function reminderSchedule(
  cal: WorkingCalendar,
  clock: ClockFacts,
  unit: DeadlinePolicy['unit'],
): Reminder[] {
  const start = new Date(clock.startedAt).getTime()
  const due = new Date(clock.dueAt).getTime()
  if (!(due > start)) return []
  const lead = lastReminderLeadMs(clock.kind)
  let half: number | null
  let last: number | null
  if (unit === 'hours') {
    half = start + (due - start) / 2
    last = due - lead > start ? due - lead : null
  } else {
    const intervals = workingIntervals(cal, new Date(start), new Date(due))
    const total = intervals.reduce((s, [a, b]) => s + (b - a), 0)
    half = total > 0 ? afterWorking(intervals, total / 2) : null
    last = total > lead ? afterWorking(intervals, total - lead) : null
  }
  const urgent = clock.kind === 'urgent'
  const place = (t: number | null): number | null => {
    if (t === null) return null
    const at =
      urgent || isWorkingTime(cal, new Date(t)) ? t : nextOpening(cal, new Date(t)).getTime()
    return at < due ? at : null
  }
  const h = place(half)
  const l = place(last)
  const out: Reminder[] = []
  if (h !== null && (l === null || h < l)) out.push({ stage: 'half', at: new Date(h) })
  if (l !== null) out.push({ stage: 'last', at: new Date(l) })
  return out
}

/** The instant at which `ms` of working time has passed within these intervals. */
function afterWorking(intervals: ReadonlyArray<readonly [number, number]>, ms: number): number {
  let left = ms
  for (const [a, b] of intervals) {
    if (b - a >= left) return a + left
    left -= b - a
  }
  return intervals.at(-1)![1]
}

/**
 * The reminder to send now, if any: the latest stage whose time has come, while the deadline
 * has not passed. After downtime only the latest is sent, never a stale "half" after "last".
 */
export function dueReminder(
  schedule: readonly Reminder[],
  now: Date,
  dueAt: string,
): Reminder | null {
  if (now.getTime() >= new Date(dueAt).getTime()) return null
  return schedule.findLast((r) => r.at.getTime() <= now.getTime()) ?? null
}
