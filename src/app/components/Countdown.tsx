import { useMemo } from 'react'
import { msWithin, workingIntervals } from '../../domain/calendar/deadlines'
import type { WorkingCalendar } from '../../domain/calendar/working-calendar'
import { useClockSelector } from '../lib/clock'
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
export function Countdown({ dueAt, startedAt, unit, calendar, size = 'sm', purpose, provisional }: CountdownProps) {
  const due = Date.parse(dueAt)
  const start = startedAt ? Date.parse(startedAt) : due - DAY
  const working = unit !== 'hours' && calendar !== null
  const intervals = useMemo(
    () => (working ? workingIntervals(calendar!, new Date(Math.min(start, due)), new Date(due + 30 * DAY)) : []),
    [working, calendar, start, due],
  )
  const allowance = working ? msWithin(intervals, start, due) : due - start

  const snapshot = useClockSelector((now) => {
    const overdue = now >= due
    const ms = working ? (overdue ? msWithin(intervals, due, now) : msWithin(intervals, now, due)) : Math.abs(due - now)
    const phase: Phase = overdue ? 'overdue' : allowance > 0 && ms <= allowance / 4 ? 'warning' : 'ok'
    return `${phase}|${formatDurationShort(ms)}|${formatDurationLong(ms)}`
  })
  const [phase, short, long] = snapshot.split('|') as [Phase, string, string]

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
      aria-label={`${spoken}${purpose ? ` ${purpose}` : ''}, срок ${deadline}`}
      className={`inline-flex flex-col rounded-lg ring-1 ${tone} ${size === 'lg' ? 'px-4 py-3' : 'px-2 py-1'}`}
      data-phase={phase}
    >
      <span className={size === 'lg' ? 'text-2xl font-semibold tabular-nums' : 'text-sm font-medium tabular-nums'}>
        {phase === 'overdue' && <span aria-hidden="true">⚠ </span>}
        {text}
      </span>
      <span className={size === 'lg' ? 'text-sm' : 'text-xs opacity-80'}>
        до {deadline}
        {provisional && <span title="Производственный календарь года не подтверждён"> · предварительно</span>}
      </span>
    </div>
  )
}
