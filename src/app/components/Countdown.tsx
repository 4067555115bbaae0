import { useMemo } from 'react'
import { WorkingTimeline, workingIntervals } from '../../domain/calendar/deadlines'
import type { WorkingCalendar } from '../../domain/calendar/working-calendar'
import { TimedSource, useTimed } from '../lib/clock'
import { formatDeadline, formatDurationLong, formatDurationShort } from '../lib/format'

const DAY = 86_400_000

export interface CountdownProps {
  dueAt: string
  startedAt?: string | null
  unit: 'workingDays' | 'workingHours' | 'hours'
  calendar: WorkingCalendar | null
  size?: 'sm' | 'lg'
  /** What the clock is for, e.g. «на подготовку материала». */
  purpose?: string
  provisional?: boolean
}

type Phase = 'ok' | 'warning' | 'overdue'

/**
 * The time left to a deadline: working time for working-day and working-hour rules, clock time
 * for hour rules; "просрочено на …" once past. The working intervals are computed once; each
 * tick only sums them, and the component re-renders only when its text changes.
 */
export function Countdown({
  dueAt,
  startedAt,
  unit,
  calendar,
  size = 'sm',
  purpose,
  provisional,
}: CountdownProps) {
  const due = Date.parse(dueAt)
  const start = startedAt ? Date.parse(startedAt) : due - DAY
  const working = unit !== 'hours' && calendar !== null
  const timeline = useMemo(
    () =>
      working
        ? new WorkingTimeline(
            workingIntervals(calendar!, new Date(Math.min(start, due)), new Date(due + 30 * DAY)),
          )
        : null,
    [working, calendar, start, due],
  )
  const allowance = timeline ? timeline.between(start, due) : due - start

  // The countdown computes a number (the displayed unit and the phase) and the moment it will
  // next change; between those moments the shared clock does not wake it at all.
  const source = useMemo(
    () =>
      new TimedSource((now) => {
        const overdue = now >= due
        const ms = timeline
          ? overdue
            ? timeline.between(due, now)
            : timeline.between(now, due)
          : Math.abs(due - now)
        const phase = overdue ? 2 : allowance > 0 && ms <= allowance / 4 ? 1 : 0
        const step = ms < 60_000 ? 1000 : 60_000
        const unit = ms < 60_000 ? Math.floor(ms / 1000) : 100 + Math.floor(ms / 60_000)
        // time until the shown number changes, counting down before the deadline and up after it
        let wait = overdue ? step - (ms % step) : ms % step || step
        if (!overdue && now + wait > due) wait = due - now
        let next = now + Math.max(wait, 1)
        if (timeline) {
          const run = timeline.runningAt(now)
          if (!run.running) next = Math.min(run.resumesAt, overdue ? Infinity : due)
        }
        return { value: unit * 4 + phase, next }
      }),
    [timeline, due, allowance],
  )
  const bucket = useTimed(source)
  const phase: Phase = (['ok', 'warning', 'overdue'] as const)[bucket % 4]!
  const raw = Math.floor(bucket / 4)
  const ms = raw < 100 ? raw * 1000 : (raw - 100) * 60_000
  const short = formatDurationShort(ms)
  const long = formatDurationLong(ms, phase === 'overdue' ? 'accusative' : 'nominative')

  const kind = working ? ' рабочего времени' : ''
  const text = phase === 'overdue' ? `просрочено на ${short}` : `осталось ${short}${kind}`
  const spoken = phase === 'overdue' ? `Просрочено на ${long}${kind}` : `Осталось ${long}${kind}`
  const deadline = formatDeadline(dueAt)
  const tone =
    phase === 'overdue'
      ? 'bg-red-50 text-red-800 ring-red-300'
      : phase === 'warning'
        ? 'bg-amber-50 text-amber-900 ring-amber-300'
        : 'bg-emerald-50 text-emerald-900 ring-emerald-200'

  return (
    <div
      role="timer"
      aria-label={`${spoken}${purpose ? ` ${purpose}` : ''}, ${phase === 'overdue' ? 'срок был' : 'срок'} ${deadline}`}
      className={`inline-flex flex-col rounded-lg ring-1 ${tone} ${size === 'lg' ? 'px-4 py-3' : 'px-2 py-1'}`}
      data-phase={phase}
    >
      <span
        className={
          size === 'lg' ? 'text-2xl font-semibold tabular-nums' : 'text-sm font-medium tabular-nums'
        }
      >
        {phase === 'overdue' && <span aria-hidden="true">⚠ </span>}
        {text}
      </span>
      <span className={size === 'lg' ? 'text-sm' : 'text-xs opacity-80'}>
        {phase === 'overdue' ? `срок был ${deadline}` : `до ${deadline}`}
        {provisional && (
          <span title="Производственный календарь года не подтверждён"> · предварительно</span>
        )}
      </span>
    </div>
  )
}
