import { describe, expect, it } from 'vitest'
import { deadlineFor, WorkingCalendar, type DeadlineKind } from '../calendar'
import { dueReminder, reminderSchedule } from './reminders'

const cal = new WorkingCalendar()
/** Region time (UTC+5) in, instants out. */
const at = (local: string) => new Date(`${local}:00+05:00`)

function schedule(calendar: WorkingCalendar, kind: 'regular' | 'urgent', startLocal: string) {
  const start = at(startLocal)
  const { dueAt } = deadlineFor(calendar, kind as DeadlineKind, start)
  const clock = { kind, startedAt: start.toISOString(), dueAt: dueAt.toISOString() }
  return {
    dueAt,
    clock,
    reminders: reminderSchedule(calendar, clock, calendar.policies[kind].unit),
  }
}

describe('deadline reminders on the working calendar (2026, default hours 09–18, lunch 13–14)', () => {
  it('half the working time, then the last working hour; the lunch break does not count', () => {
    const { dueAt, reminders } = schedule(cal, 'regular', '2026-12-01T11:00')
    expect(dueAt).toEqual(at('2026-12-02T11:00'))
    // 8 working hours: 11–13 and 14–16 on Tuesday is the half
    expect(reminders).toEqual([
      { stage: 'half', at: at('2026-12-01T16:00') },
      { stage: 'last', at: at('2026-12-02T10:00') },
    ])
  })

  it('the last working hour reaches back over lunch', () => {
    const { reminders } = schedule(cal, 'regular', '2026-12-01T14:30')
    expect(reminders).toEqual([
      // Tue 14:30–18:00 is 3.5 h; the half comes 30 min into Wednesday
      { stage: 'half', at: at('2026-12-02T09:30') },
      // 14:00–14:30 and 12:30–13:00: one working hour before 14:30
      { stage: 'last', at: at('2026-12-02T12:30') },
    ])
  })

  it('an urgent request runs round the clock: reminders in the evening are not held', () => {
    const { dueAt, reminders } = schedule(cal, 'urgent', '2026-12-01T17:00')
    expect(dueAt).toEqual(at('2026-12-01T20:00'))
    expect(reminders).toEqual([
      { stage: 'half', at: at('2026-12-01T18:30') },
      { stage: 'last', at: at('2026-12-01T19:30') },
    ])
  })

  it('over the New Year holidays nothing comes until the first working day', () => {
    const { dueAt, reminders } = schedule(cal, 'regular', '2026-12-30T15:00')
    expect(dueAt).toEqual(at('2027-01-11T15:00'))
    expect(reminders).toEqual([
      { stage: 'half', at: at('2027-01-11T10:00') },
      { stage: 'last', at: at('2027-01-11T14:00') },
    ])
  })

  it('with a clock-hours policy a reminder due at night or at lunch waits for the next opening', () => {
    const clockHours = new WorkingCalendar({
      ...cal.settings,
      policies: { ...cal.settings.policies, regular: { unit: 'hours', amount: 24 } },
    })
    // Tue 15:00 → Wed 15:00: the half (Wed 03:00) waits for 09:00; the last hour is 14:00
    expect(schedule(clockHours, 'regular', '2026-12-01T15:00').reminders).toEqual([
      { stage: 'half', at: at('2026-12-02T09:00') },
      { stage: 'last', at: at('2026-12-02T14:00') },
    ])
    const fourHours = new WorkingCalendar({
      ...cal.settings,
      policies: { ...cal.settings.policies, regular: { unit: 'hours', amount: 4 } },
    })
    // 10:30 → 14:30: half at 12:30; the last hour would start at 13:30, in lunch: 14:00
    expect(schedule(fourHours, 'regular', '2026-12-01T10:30').reminders).toEqual([
      { stage: 'half', at: at('2026-12-01T12:30') },
      { stage: 'last', at: at('2026-12-01T14:00') },
    ])
    // Fri 16:00 + 24 h: the half is Saturday 04:00 and waits for Monday, after the deadline
    // itself (Sat 16:00): dropped, as is the last hour; the overdue notice follows.
    expect(schedule(clockHours, 'regular', '2026-12-04T16:00').reminders).toEqual([])
  })

  it('on a moved clock: nothing before its time, the latest stage after downtime, none past due', () => {
    const { clock, reminders } = schedule(cal, 'regular', '2026-12-01T11:00')
    expect(dueReminder(reminders, at('2026-12-01T15:59'), clock.dueAt)).toBeNull()
    expect(dueReminder(reminders, at('2026-12-01T16:00'), clock.dueAt)?.stage).toBe('half')
    expect(dueReminder(reminders, at('2026-12-01T22:00'), clock.dueAt)?.stage).toBe('half')
    // a server down all night wakes at 10:15: only the last-hour reminder is due
    expect(dueReminder(reminders, at('2026-12-02T10:15'), clock.dueAt)?.stage).toBe('last')
    expect(dueReminder(reminders, at('2026-12-02T11:00'), clock.dueAt)).toBeNull()
  })

  it('a very short clock gets only what fits before the deadline', () => {
    // 17:30 → (1 working day) Wed 17:30; fine. A 20-minute urgent remainder: nothing to say
    const r = reminderSchedule(
      cal,
      {
        kind: 'urgent',
        startedAt: at('2026-12-01T10:00').toISOString(),
        dueAt: at('2026-12-01T10:20').toISOString(),
      },
      'hours',
    )
    expect(r).toEqual([{ stage: 'half', at: at('2026-12-01T10:10') }])
  })
})
