import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WorkingCalendar } from '../../domain/calendar/working-calendar'
import { Countdown } from './Countdown'

const calendar = new WorkingCalendar()

describe('Countdown', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('counts working time to a working-day deadline, warns in the last quarter, then shows overdue', () => {
    vi.setSystemTime(new Date('2026-12-02T11:40:00+05:00'))
    render(
      <Countdown
        dueAt="2026-12-02T15:00:00+05:00"
        startedAt="2026-12-01T15:00:00+05:00"
        unit="workingDays"
        calendar={calendar}
        purpose="у департамента"
      />,
    )
    const timer = screen.getByRole('timer')
    // 11:40–13:00 and 14:00–15:00: lunch is not working time
    expect(timer).toHaveTextContent('осталось 2 ч 20 мин рабочего времени')
    expect(timer.getAttribute('aria-label')).toBe(
      'Осталось 2 часа 20 минут рабочего времени у департамента, срок ср, 2 дек., 15:00',
    )
    expect(timer.dataset.phase).toBe('ok')

    act(() => vi.advanceTimersByTime(2 * 3_600_000 + 20 * 60_000)) // 14:00: 1 h of 8 left
    expect(screen.getByRole('timer').dataset.phase).toBe('warning')
    expect(screen.getByRole('timer')).toHaveTextContent('осталось 1 ч')

    act(() => vi.advanceTimersByTime(65 * 60_000)) // 15:05
    expect(screen.getByRole('timer').dataset.phase).toBe('overdue')
    expect(screen.getByRole('timer')).toHaveTextContent('просрочено на 5 мин')
  })

  it('counts plain clock time for hour deadlines, through lunch', () => {
    vi.setSystemTime(new Date('2026-12-02T12:30:00+05:00'))
    render(
      <Countdown
        dueAt="2026-12-02T15:30:00+05:00"
        startedAt="2026-12-02T12:30:00+05:00"
        unit="hours"
        calendar={calendar}
      />,
    )
    expect(screen.getByRole('timer')).toHaveTextContent('осталось 3 ч')
    expect(screen.getByRole('timer')).not.toHaveTextContent('рабочего')
  })
})
