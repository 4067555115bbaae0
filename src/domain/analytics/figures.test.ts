import { formatFigure } from './columns'
import { describe, expect, it } from 'vitest'
import { WorkingCalendar } from '../calendar'
import type { ClockFact, WorkItem } from './facts'
import {
  bestAndWorst,
  distribution,
  evaluateItems,
  figuresOf,
  lastFullWeek,
  quantile,
  trend,
  weekStart,
  type Figures,
} from './figures'

const t = (s: string) => new Date(s).getTime()
const calendar = new WorkingCalendar()

function clock(
  start: string,
  end: string | null,
  how: ClockFact['end'] = 'answered',
  reason: string | null = null,
): ClockFact {
  return {
    startedAt: t(start),
    dueAt: null, // recomputed by the calendar: the hand-computed deadlines below check it
    provisionalDue: false,
    endedAt: end ? t(end) : null,
    end: end ? how : null,
    returnReason: reason,
  }
}
const item = (refId: string, clocks: ClockFact[], over: Partial<WorkItem> = {}): WorkItem => ({
  source: 'posts',
  refId,
  title: refId,
  departmentId: 'health',
  kind: 'regular',
  clocks,
  ...over,
})

/**
 * Hand-computed fixtures, default office hours (09:00–18:00, lunch 13:00–14:00, a short day
 * closes at 17:00), the 2026 production calendar, and 2027 as a provisional year.
 */
const fixtures = {
  // Mon 16 Nov 12:00 → answered 15:00: 12–13 and 14–15 = 2 working hours (lunch excluded).
  lunch: item('lunch', [clock('2026-11-16T12:00:00+05:00', '2026-11-16T15:00:00+05:00')]),
  // Fri 20 Nov 16:00 → Mon 23 Nov 10:00: Fri 16–18 + Mon 9–10 = 3 h; due Mon 16:00.
  weekend: item('weekend', [clock('2026-11-20T16:00:00+05:00', '2026-11-23T10:00:00+05:00')]),
  // Tue 3 Nov 15:00 (short day, closes 17:00), 4 Nov a holiday → due Thu 5 Nov 15:00;
  // answered Thu 16:30: 15–17 + 9–13 + 14–16:30 = 8.5 h, late.
  holiday: item('holiday', [clock('2026-11-03T15:00:00+05:00', '2026-11-05T16:30:00+05:00')]),
  // Mon 22 Feb 2027 16:00, provisional short day (eve of 23 Feb) → due Wed 24 Feb 16:00;
  // answered Wed 10:00: 16–17 + 9–10 = 2 h, on time, provisional.
  provisional: item('provisional', [
    clock('2027-02-22T16:00:00+05:00', '2027-02-24T10:00:00+05:00'),
  ]),
  // The governor's instruction, Wed 18 Nov 20:00, due 23:00 (3 clock hours); answered 22:30.
  urgent: item('urgent', [clock('2026-11-18T20:00:00+05:00', '2026-11-18T22:30:00+05:00')], {
    kind: 'urgent',
  }),
  // Answered in 1 h, returned at 14:30 («Нет дат»), the new clock due Tue 14:30, answered
  // Wed 09:30: late; the response time is the first answer's, 1 h.
  returned: item('returned', [
    clock('2026-11-16T10:00:00+05:00', '2026-11-16T11:00:00+05:00'),
    clock('2026-11-16T14:30:00+05:00', '2026-11-18T09:30:00+05:00', 'answered', 'Нет дат'),
  ]),
  // Still with the department as of 24 Nov 12:00 and due 25 Nov 11:00: open.
  open: item('open', [clock('2026-11-24T11:00:00+05:00', null)]),
  // Cancelled an hour after the request: withdrawn, neither on time nor late.
  withdrawn: item('withdrawn', [
    clock('2026-11-17T10:00:00+05:00', '2026-11-17T11:00:00+05:00', 'withdrawn'),
  ]),
}
const asOf = t('2026-11-24T12:00:00+05:00')

describe('evaluating work items (hand-computed)', () => {
  const evaluated = Object.fromEntries(
    evaluateItems(Object.values(fixtures), { calendar, asOf }).map((e) => [e.refId, e]),
  )

  it('measures working hours across a lunch break, a weekend, a holiday and a provisional year', () => {
    expect(evaluated.lunch).toMatchObject({
      responseHours: 2,
      outcome: 'onTime',
      provisional: false,
    })
    expect(evaluated.weekend).toMatchObject({ responseHours: 3, outcome: 'onTime' })
    expect(evaluated.weekend!.dueAt).toBe(t('2026-11-23T16:00:00+05:00'))
    expect(evaluated.holiday).toMatchObject({ responseHours: 8.5, outcome: 'late' })
    expect(evaluated.holiday!.dueAt).toBe(t('2026-11-05T15:00:00+05:00'))
    expect(evaluated.provisional).toMatchObject({
      responseHours: 2,
      outcome: 'onTime',
      provisional: true,
    })
    expect(evaluated.provisional!.dueAt).toBe(t('2027-02-24T16:00:00+05:00'))
  })

  it('measures urgent instructions in clock hours, by their own rule', () => {
    expect(evaluated.urgent).toMatchObject({
      responseHours: 2.5,
      responseUnit: 'hours',
      outcome: 'onTime',
    })
  })

  it('a late answer after a return makes the request late; the reason is kept', () => {
    expect(evaluated.returned).toMatchObject({
      responseHours: 1,
      outcome: 'late',
      returns: 1,
      returnReasons: ['Нет дат'],
      clocks: 2,
    })
  })

  it('open and withdrawn requests', () => {
    expect(evaluated.open).toMatchObject({ outcome: 'open', responseHours: null })
    expect(evaluated.withdrawn).toMatchObject({ outcome: 'withdrawn', responseHours: null })
    // the same open request a day later has missed its deadline
    const later = evaluateItems([fixtures.open], { calendar, asOf: t('2026-11-25T11:00:01+05:00') })
    expect(later[0]!.outcome).toBe('late')
  })

  it('a confirmed year is no longer provisional', () => {
    const confirmed = new WorkingCalendar({ ...calendar.settings, confirmedYears: [2027] })
    const [e] = evaluateItems([fixtures.provisional], { calendar: confirmed, asOf })
    expect(e!.provisional).toBe(false)
  })

  it('a recorded deadline is the one judged, whatever the calendar says today', () => {
    const recorded = item('recorded', [
      {
        ...clock('2026-11-16T12:00:00+05:00', '2026-11-17T12:30:00+05:00'),
        dueAt: t('2026-11-17T13:00:00+05:00'),
      },
    ])
    const [e] = evaluateItems([recorded], { calendar, asOf })
    expect(e).toMatchObject({ outcome: 'onTime', dueAt: t('2026-11-17T13:00:00+05:00') })
  })
})

describe('figures', () => {
  const evaluated = evaluateItems(Object.values(fixtures), { calendar, asOf })
  const f = figuresOf(evaluated, calendar)

  it('counts, rate, returns', () => {
    expect(f).toMatchObject({
      received: 8,
      onTime: 4, // lunch, weekend, provisional, urgent
      late: 2, // holiday, returned
      open: 1,
      withdrawn: 1,
      returns: 1,
      returned: 1,
      urgent: 1,
      provisional: true,
    })
    expect(f.onTimeRate).toBeCloseTo(4 / 6)
    expect(f.returnsPerRequest).toBe(1 / 8)
  })

  it('median and 90th percentile, urgent apart', () => {
    // regular answered: 2, 3, 8.5, 2, 1 → sorted 1, 2, 2, 3, 8.5
    expect(f.response.regular).toEqual({ unit: 'workingHours', count: 5, median: 2, p90: 6.3 })
    expect(f.response.urgent).toEqual({ unit: 'hours', count: 1, median: 2.5, p90: 2.5 })
  })

  it('quantiles interpolate like a spreadsheet', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7)
    expect(quantile([], 0.5)).toBeNull()
  })

  it('trend by week and by month, by the day received', () => {
    const weeks = trend(evaluated, { from: '2026-11-01', to: '2026-11-30' }, 'week')
    expect(weeks.map((w) => [w.from, w.to, w.received])).toEqual([
      ['2026-11-01', '2026-11-01', 0],
      ['2026-11-02', '2026-11-08', 1], // holiday
      ['2026-11-09', '2026-11-15', 0],
      ['2026-11-16', '2026-11-22', 5], // lunch, weekend, urgent, returned, withdrawn
      ['2026-11-23', '2026-11-29', 1], // open
      ['2026-11-30', '2026-11-30', 0],
    ])
    expect(weeks[3]).toMatchObject({ onTime: 3, late: 1, open: 0, onTimeRate: 0.75 })
    const months = trend(evaluated, { from: '2026-11-01', to: '2027-02-28' }, 'month')
    expect(months.map((m) => [m.from, m.received])).toEqual([
      ['2026-11-01', 7],
      ['2026-12-01', 0],
      ['2027-01-01', 0],
      ['2027-02-01', 1],
    ])
    expect(weekStart('2026-11-29')).toBe('2026-11-23')
  })

  it('distribution of response times', () => {
    expect(distribution(evaluated, 'regular', 'workingHours').map((b) => b.count)).toEqual([
      0, 1, 3, 0, 1, 0,
    ])
    expect(distribution(evaluated, 'urgent', 'hours').map((b) => b.count)).toEqual([0, 0, 1, 0, 0])
  })
})

describe('the governor’s weekly summary', () => {
  const row = (departmentId: string, onTime: number, late: number, median = 2) => ({
    departmentId,
    figures: {
      received: onTime + late,
      onTime,
      late,
      onTimeRate: onTime + late ? onTime / (onTime + late) : null,
      response: { regular: { median } },
    } as unknown as Figures,
  })

  it('three best and three worst, never both', () => {
    const rows = [
      row('a', 5, 0),
      row('b', 4, 1),
      row('c', 3, 3),
      row('d', 0, 2),
      row('e', 5, 0, 1),
      row('f', 1, 1),
      row('g', 0, 0),
    ]
    const { best, worst } = bestAndWorst(rows)
    expect(best.map((r) => r.departmentId)).toEqual(['e', 'a', 'b'])
    expect(worst.map((r) => r.departmentId)).toEqual(['d', 'c', 'f']) // c and f both 50 %: c has more late answers
    const few = bestAndWorst(rows.slice(0, 4))
    expect(few.best.map((r) => r.departmentId)).toEqual(['a', 'b'])
    expect(few.worst.map((r) => r.departmentId)).toEqual(['d', 'c'])
    expect(bestAndWorst(rows.slice(0, 1))).toEqual({ best: [rows[0]], worst: [] })
  })

  it('the last complete week, Monday to Sunday, in the region', () => {
    expect(lastFullWeek(new Date('2026-11-25T10:00:00+05:00'))).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
    })
    // Monday 00:30 in the region is still Sunday evening in UTC
    expect(lastFullWeek(new Date('2026-11-23T00:30:00+05:00'))).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
    })
  })
})

describe('figures as text', () => {
  it('a whole percentage has no «,0», and the sign stays with its number', () => {
    expect(formatFigure(1, 'rate')).toBe('100\u00a0%')
    expect(formatFigure(0.5, 'rate')).toBe('50\u00a0%')
    expect(formatFigure(2 / 3, 'rate')).toBe('66,7\u00a0%')
    expect(formatFigure(0.733, 'rate')).toBe('73,3\u00a0%')
    expect(formatFigure(null, 'rate')).toBe('—')
  })
})
