import { describe, expect, it } from 'vitest'
import { WorkingCalendar } from '../calendar'
import { registrationTime } from './intake'

const cal = new WorkingCalendar()
const at = (s: string) => new Date(s)

describe('registration rhythm (default office hours, 2026 calendar)', () => {
  it.each([
    [
      'in working time: the next full hour',
      '2026-12-01T10:20:00+05:00',
      '2026-12-01T11:00:00+05:00',
    ],
    ['exactly on the hour: that hour', '2026-12-01T11:00:00+05:00', '2026-12-01T11:00:00+05:00'],
    ['just before lunch: at 13:00', '2026-12-01T12:40:00+05:00', '2026-12-01T13:00:00+05:00'],
    ['in the lunch break: at its end', '2026-12-01T13:30:00+05:00', '2026-12-01T14:00:00+05:00'],
    [
      'the last working hour: at the close',
      '2026-12-01T17:05:00+05:00',
      '2026-12-01T18:00:00+05:00',
    ],
    ['in the evening: next opening', '2026-12-01T20:15:00+05:00', '2026-12-02T09:00:00+05:00'],
    ['on Saturday: Monday opening', '2026-12-05T11:00:00+05:00', '2026-12-07T09:00:00+05:00'],
    [
      'on a holiday (4 Nov): the next working day',
      '2026-11-04T12:00:00+05:00',
      '2026-11-05T09:00:00+05:00',
    ],
  ])('hourly, %s', (_, left, registered) => {
    expect(registrationTime(cal, at(left), 'hourly').toISOString()).toBe(
      at(registered).toISOString(),
    )
  })

  it('immediate: at once in working time, at the next opening outside it', () => {
    const left = at('2026-12-01T10:20:00+05:00')
    expect(registrationTime(cal, left, 'immediate')).toEqual(left)
    expect(registrationTime(cal, at('2026-12-01T20:15:00+05:00'), 'immediate').toISOString()).toBe(
      at('2026-12-02T09:00:00+05:00').toISOString(),
    )
  })
})
