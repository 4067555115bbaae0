import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  WorkingCalendar,
  computeDeadline,
  deadlineFor,
  formatRegionIso,
  isWorkingTime,
  nextOpening,
  timeRemaining,
  workingMsBetween,
  workingIntervals,
  WorkingTimeline,
  addDays,
  regionDay,
  REGION_TIME_ZONE,
  type DeadlineKind,
} from './index'
import { TZDate } from '@date-fns/tz'

const cal = new WorkingCalendar()
const at = (iso: string) => new Date(iso)
const due = (kind: DeadlineKind, from: string) =>
  formatRegionIso(deadlineFor(cal, kind, at(from)).dueAt)

describe('deadlines: the examples of docs/domain.md', () => {
  it.each([
    ['regular', '2026-12-01T15:00:00+05:00', '2026-12-02T15:00:00+05:00'],
    ['regular', '2026-12-05T11:00:00+05:00', '2026-12-07T18:00:00+05:00'],
    ['comment', '2026-12-01T15:00:00+05:00', '2026-12-02T16:00:00+05:00'],
    ['urgent', '2026-12-01T15:00:00+05:00', '2026-12-01T18:00:00+05:00'],
  ] as const)('%s from %s is due %s', (kind, from, expected) => {
    expect(due(kind, from)).toBe(expected)
  })
})

describe('regular requests (+1 working day) against the official calendar', () => {
  it.each([
    // before opening on a working day: that day's close
    ['2026-12-01T08:30:00+05:00', '2026-12-01T18:00:00+05:00'],
    // exactly at opening: the same time on the next working day
    ['2026-12-01T09:00:00+05:00', '2026-12-02T09:00:00+05:00'],
    // exactly at closing, and after closing
    ['2026-12-01T18:00:00+05:00', '2026-12-02T18:00:00+05:00'],
    ['2026-12-01T19:30:00+05:00', '2026-12-02T18:00:00+05:00'],
    // made in the lunch break: counts from its end, like outside hours
    ['2026-12-01T13:30:00+05:00', '2026-12-02T14:00:00+05:00'],
    // Friday afternoon: Monday, same time
    ['2026-12-04T16:00:00+05:00', '2026-12-07T16:00:00+05:00'],
    // 2026: 30 Dec (Wed) → 31 Dec is a day off (moved from 4 Jan), 1–11 Jan 2027 holidays are
    // statutory only (2027 provisional) so the next working day is Mon 11 Jan 2027
    ['2026-12-30T10:00:00+05:00', '2027-01-11T10:00:00+05:00'],
    // New Year 2026: holidays 1–11 Jan (9 Jan moved from 3 Jan by decree 1466)
    ['2025-12-30T10:00:00+05:00', '2026-01-12T10:00:00+05:00'],
    // Shortened pre-holiday day closes at 17:00: Wed 29 Apr 17:30 → Thu 30 Apr (short) 17:00
    ['2026-04-29T17:30:00+05:00', '2026-04-30T17:00:00+05:00'],
    // after close on a short day → next working day after the May holidays (1–3 May)
    ['2026-04-30T17:30:00+05:00', '2026-05-04T18:00:00+05:00'],
    // 23 Feb 2026 (Mon) holiday: Fri 20 Feb 11:00 → Tue 24 Feb 11:00
    ['2026-02-20T11:00:00+05:00', '2026-02-24T11:00:00+05:00'],
    // 9 Mar 2026 (Mon) is off: 8 March fell on a Sunday
    ['2026-03-06T12:00:00+05:00', '2026-03-10T12:00:00+05:00'],
    // 11 May 2026 (Mon) is off: 9 May fell on a Saturday
    ['2026-05-08T10:00:00+05:00', '2026-05-12T10:00:00+05:00'],
    // 2025: working Saturday 1 Nov (short, closes 17:00), 3–4 Nov off
    ['2025-10-31T17:30:00+05:00', '2025-11-01T17:00:00+05:00'],
    ['2025-11-01T10:00:00+05:00', '2025-11-05T10:00:00+05:00'],
    // 2025: 8 May (Thu) off by transfer from 23 Feb; 24 Feb 2025 was worked
    ['2025-05-07T15:00:00+05:00', '2025-05-12T15:00:00+05:00'],
    ['2025-02-21T15:00:00+05:00', '2025-02-24T15:00:00+05:00'],
    // 2025: 13 Jun (Fri) off by transfer from 8 Mar; 11 Jun short
    ['2025-06-10T17:45:00+05:00', '2025-06-11T17:00:00+05:00'],
    ['2025-06-11T10:00:00+05:00', '2025-06-16T10:00:00+05:00'],
    // Weekend inputs in other offsets
    ['2026-12-05T06:00:00Z', '2026-12-07T18:00:00+05:00'],
    ['2026-12-01T10:00:00Z', '2026-12-02T15:00:00+05:00'],
    ['2026-11-30T23:30:00-05:00', '2026-12-02T09:30:00+05:00'],
  ])('from %s → %s', (from, expected) => {
    expect(due('regular', from)).toBe(expected)
  })
})

describe('comment answers (+9 working hours; a working day holds 8)', () => {
  it.each([
    ['2026-12-01T09:00:00+05:00', '2026-12-02T10:00:00+05:00'],
    ['2026-12-01T13:30:00+05:00', '2026-12-02T15:00:00+05:00'], // lunch: counts from 14:00
    ['2026-12-04T17:00:00+05:00', '2026-12-07T18:00:00+05:00'], // Fri 1 h, Mon 8 h
    ['2026-12-05T12:00:00+05:00', '2026-12-08T10:00:00+05:00'], // Sat: Mon 8 h, Tue 1 h
    ['2026-12-01T16:00:00+05:00', '2026-12-02T17:00:00+05:00'], // ends exactly at a close
    // 30 Apr 2026 is short (to 17:00): 12–13 and 14–17 = 4 h; 1–3 May off; Mon 4 May 9–13, 14–15
    ['2026-04-30T12:00:00+05:00', '2026-05-04T15:00:00+05:00'],
  ])('from %s → %s', (from, expected) => {
    expect(due('comment', from)).toBe(expected)
  })
})

describe('working-time queries', () => {
  it('knows working time, lunch and days off', () => {
    expect(isWorkingTime(cal, at('2026-12-01T10:00:00+05:00'))).toBe(true)
    expect(isWorkingTime(cal, at('2026-12-01T13:15:00+05:00'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-12-01T18:00:00+05:00'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-12-05T10:00:00+05:00'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-01-09T10:00:00+05:00'))).toBe(false)
  })
  it('finds the next opening', () => {
    const next = (iso: string) => formatRegionIso(nextOpening(cal, at(iso)))
    expect(next('2026-12-01T10:00:00+05:00')).toBe('2026-12-01T10:00:00+05:00')
    expect(next('2026-12-01T13:10:00+05:00')).toBe('2026-12-01T14:00:00+05:00')
    expect(next('2026-12-04T18:10:00+05:00')).toBe('2026-12-07T09:00:00+05:00')
    expect(next('2025-12-31T12:00:00+05:00')).toBe('2026-01-12T09:00:00+05:00')
  })
  it('measures working time between instants', () => {
    const h = (a: string, b: string) => workingMsBetween(cal, at(a), at(b)) / 3_600_000
    expect(h('2026-12-01T15:00:00+05:00', '2026-12-02T15:00:00+05:00')).toBe(8)
    expect(h('2026-12-04T12:00:00+05:00', '2026-12-07T10:00:00+05:00')).toBe(6)
    expect(h('2026-12-02T15:00:00+05:00', '2026-12-01T15:00:00+05:00')).toBe(0)
  })
  it('counts down working time, and overdue time once past', () => {
    const dueAt = at('2026-12-02T15:00:00+05:00')
    const before = timeRemaining(cal, 'workingDays', at('2026-12-02T11:40:00+05:00'), dueAt)
    expect(before).toEqual({ ms: (2 * 60 + 20) * 60_000, workingTime: true, overdue: false })
    const after = timeRemaining(cal, 'workingDays', at('2026-12-02T16:00:00+05:00'), dueAt)
    expect(after).toEqual({ ms: -60 * 60_000, workingTime: true, overdue: true })
    const urgent = timeRemaining(
      cal,
      'hours',
      at('2026-12-05T12:00:00+05:00'),
      at('2026-12-05T13:30:00+05:00'),
    )
    expect(urgent.ms).toBe(90 * 60_000)
  })
})

describe('production calendar totals (Ministry of Labour norms)', () => {
  function totals(year: number) {
    let days = 0
    let hours = 0
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      const day = cal.day(d)
      if (day.intervals.length === 0) continue
      days += 1
      hours += day.intervals.reduce((s, [a, b]) => s + (b - a), 0) / 60
    }
    return { days, hours }
  }
  it('2025: 247 working days, 1972 hours at 40 h/week', () => {
    expect(totals(2025)).toEqual({ days: 247, hours: 1972 })
  })
  it('2026: 247 working days, 1972 hours at 40 h/week', () => {
    expect(totals(2026)).toEqual({ days: 247, hours: 1972 })
  })
  it('2027 is provisional (statutory holidays only) and says so', () => {
    expect(deadlineFor(cal, 'regular', at('2027-03-01T10:00:00+05:00')).provisional).toBe(true)
    expect(deadlineFor(cal, 'regular', at('2026-03-02T10:00:00+05:00')).provisional).toBe(false)
    const confirmed = new WorkingCalendar({ ...cal.settings, confirmedYears: [2027] })
    expect(deadlineFor(confirmed, 'regular', at('2027-03-01T10:00:00+05:00')).provisional).toBe(
      false,
    )
    // art. 112 part 2: 1 May 2027 is a Saturday, so Monday 3 May is off
    expect(cal.day('2027-05-03').kind).toBe('transferredDayOff')
    expect(cal.day('2027-04-30').kind).toBe('short')
  })
  it('the statute alone reproduces the decree years except where a decree moved days', () => {
    expect(cal.day('2026-03-09').kind).toBe('transferredDayOff')
    expect(cal.day('2026-01-03').kind).toBe('holiday')
    expect(cal.day('2025-11-01').kind).toBe('short')
  })
  it("applies the admin's overrides", () => {
    const custom = new WorkingCalendar({
      ...cal.settings,
      overrides: [{ date: '2026-12-02', kind: 'dayOff' }],
    })
    expect(
      formatRegionIso(deadlineFor(custom, 'regular', at('2026-12-01T15:00:00+05:00')).dueAt),
    ).toBe('2026-12-03T15:00:00+05:00')
  })
})

describe('properties', () => {
  const startArb = fc.date({
    min: new Date('2025-01-01T00:00:00Z'),
    max: new Date('2027-11-30T00:00:00Z'),
    noInvalidDate: true,
  })
  const kindArb = fc.constantFrom<DeadlineKind>('regular', 'urgent', 'comment')

  it("a date's weekday is the one the region's clock shows at noon that day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (instant) => {
          const date = instant.toISOString().slice(0, 10)
          const [y, m, d] = date.split('-').map(Number) as [number, number, number]
          const shown = new TZDate(y, m - 1, d, 12, 0, REGION_TIME_ZONE).getDay()
          expect(regionDay(date).weekday).toBe(shown === 0 ? 7 : shown)
        },
      ),
    )
  })

  it('a deadline is after its start', () => {
    fc.assert(
      fc.property(startArb, kindArb, (start, kind) => {
        expect(deadlineFor(cal, kind, start).dueAt.getTime()).toBeGreaterThan(start.getTime())
      }),
    )
  })

  it('a regular deadline falls in working time or exactly at a close', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        const { dueAt } = deadlineFor(cal, 'regular', start)
        const justBefore = new Date(dueAt.getTime() - 1)
        expect(isWorkingTime(cal, dueAt) || isWorkingTime(cal, justBefore)).toBe(true)
      }),
    )
  })

  it('a regular request always leaves one full working day (at least one day of hours)', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        const { dueAt } = deadlineFor(cal, 'regular', start)
        const worked = workingMsBetween(cal, start, dueAt)
        // A short day or clamping to an earlier close can only shorten by the art. 95 hour.
        expect(worked).toBeGreaterThanOrEqual(7 * 3_600_000 - 60_000)
      }),
    )
  })

  it('a working-hours deadline leaves exactly that many working hours', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 40 }), (start, hours) => {
        const { dueAt } = computeDeadline(cal, { unit: 'workingHours', amount: hours }, start)
        expect(workingMsBetween(cal, start, dueAt)).toBe(hours * 3_600_000)
      }),
    )
  })

  it('deadlines are monotonic in the start', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 1, max: 48 * 3600 }),
        kindArb,
        (start, secs, kind) => {
          const later = new Date(start.getTime() + secs * 1000)
          expect(deadlineFor(cal, kind, later).dueAt.getTime()).toBeGreaterThanOrEqual(
            deadlineFor(cal, kind, start).dueAt.getTime(),
          )
        },
      ),
    )
  })
})

describe('WorkingTimeline', () => {
  it('agrees with the direct sum for any pair of instants', () => {
    const from = new Date('2026-04-27T00:00:00+05:00')
    const to = new Date('2026-05-20T00:00:00+05:00')
    const line = new WorkingTimeline(workingIntervals(cal, from, to))
    fc.assert(
      fc.property(
        fc.integer({ min: from.getTime(), max: to.getTime() }),
        fc.integer({ min: from.getTime(), max: to.getTime() }),
        (a, b) => {
          expect(line.between(a, b)).toBe(workingMsBetween(cal, new Date(a), new Date(b)))
        },
      ),
    )
  })
})
