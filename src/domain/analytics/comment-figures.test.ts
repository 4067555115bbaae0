import { describe, expect, it } from 'vitest'
import { WorkingCalendar } from '../calendar'
import { commentFiguresOf, evaluateComments } from './comment-figures'
import type { ClockFact, WorkItem } from './facts'

const t = (s: string) => new Date(s).getTime()
const calendar = new WorkingCalendar()

function clock(start: string, end: string | null, over: Partial<ClockFact> = {}): ClockFact {
  return {
    startedAt: t(start),
    dueAt: null, // recomputed with the comment rules: the hand-computed deadlines check it
    provisionalDue: false,
    endedAt: end ? t(end) : null,
    end: end ? 'answered' : null,
    returnReason: null,
    ...over,
  }
}
const comment = (refId: string, clocks: ClockFact[], over: Partial<WorkItem> = {}): WorkItem => ({
  source: 'comments',
  refId,
  title: refId,
  departmentId: 'health',
  kind: 'comment',
  clocks,
  comment: { interimPostedAt: null, overrides: [], network: 'vk', authorName: 'Житель' },
  ...over,
})

/**
 * Default office hours (09:00–18:00, lunch 13:00–14:00, short days close at 17:00), the 2026
 * production calendar, 2027 provisional; 9 working hours for a comment, 4 for a priority one,
 * 7 working days for the final answer after an interim one.
 */
const items = [
  // Mon 16 Nov 11:00 → 15:00: 11–13 + 14–15 = 3 wh; due Tue 12:00.
  comment('lunch', [clock('2026-11-16T11:00:00+05:00', '2026-11-16T15:00:00+05:00')]),
  // Fri 20 Nov 16:00 → Mon 23 Nov 11:00: 2 + 2 = 4 wh; due Mon 17:00.
  comment('weekend', [clock('2026-11-20T16:00:00+05:00', '2026-11-23T11:00:00+05:00')]),
  // Tue 3 Nov 15:00 (short day), 4 Nov a holiday: due Thu 5 Nov 17:00 (2 + 7);
  // answered Fri 10:00 = 2 + 8 + 1 = 11 wh, late.
  comment('holiday', [clock('2026-11-03T15:00:00+05:00', '2026-11-06T10:00:00+05:00')]),
  // Mon 22 Feb 2027 16:00, provisional short day → Wed 24 Feb 10:00 = 1 + 1 = 2 wh.
  comment('provisional', [clock('2027-02-22T16:00:00+05:00', '2027-02-24T10:00:00+05:00')]),
  // Priority, Wed 18 Nov 10:00: due 15:00 (3 + 1); answered 15:30 = 4.5 wh, late.
  comment('priority', [clock('2026-11-18T10:00:00+05:00', '2026-11-18T15:30:00+05:00')], {
    kind: 'commentPriority',
  }),
  // Interim posted Tue 17 Nov 12:00 (3 wh); the final clock due Thu 26 Nov 12:00, answered
  // Wed 18 Nov 10:00 = 1 + 4 + 1 = 6 wh.
  comment(
    'interim',
    [
      clock('2026-11-17T09:00:00+05:00', '2026-11-17T12:00:00+05:00'),
      clock('2026-11-17T12:00:00+05:00', '2026-11-18T10:00:00+05:00', { kind: 'commentFinal' }),
    ],
    {
      comment: {
        interimPostedAt: t('2026-11-17T12:00:00+05:00'),
        overrides: [{ at: 0, reason: 'Название верное', rules: ['spelling'] }],
        network: 'vk',
        authorName: 'Житель',
      },
    },
  ),
  // Answered within its deadline by the clock, but the system recorded it overdue: late.
  comment('recorded', [
    clock('2026-11-19T09:00:00+05:00', '2026-11-19T10:00:00+05:00', { overdueRecorded: true }),
  ]),
  // Final clock still running on 24 Nov 12:00, due 26 Nov: open.
  comment('finalOpen', [
    clock('2026-11-19T09:00:00+05:00', '2026-11-19T11:00:00+05:00'),
    clock('2026-11-19T11:00:00+05:00', null, { kind: 'commentFinal' }),
  ]),
]
const asOf = t('2026-11-24T12:00:00+05:00')
const evaluated = evaluateComments(items, { calendar, asOf })
const by = (id: string) => evaluated.find((e) => e.refId === id)!

describe('comments evaluated (hand-computed)', () => {
  it('measures working hours across lunch, a weekend, a holiday and a provisional year', () => {
    expect(
      ['lunch', 'weekend', 'holiday', 'provisional', 'priority', 'interim'].map(
        (id) => by(id).responseHours,
      ),
    ).toEqual([3, 4, 11, 2, 4.5, 3])
    expect(by('holiday').dueAt).toBe(t('2026-11-05T17:00:00+05:00'))
    expect(by('priority').dueAt).toBe(t('2026-11-18T15:00:00+05:00'))
    expect(by('provisional')).toMatchObject({ outcome: 'onTime', provisional: true })
    expect(by('lunch').provisional).toBe(false)
  })

  it('the final answer after an interim one runs on its own 7-working-day clock', () => {
    expect(by('interim')).toMatchObject({
      outcome: 'onTime',
      finalDueAt: t('2026-11-26T12:00:00+05:00'),
      finalAnsweredAt: t('2026-11-18T10:00:00+05:00'),
      finalResponseHours: 6,
    })
    expect(by('finalOpen')).toMatchObject({ outcome: 'open', finalResponseHours: null })
  })

  it('outcomes: late by the clock or by the recorded overdue', () => {
    expect(evaluated.map((e) => [e.refId, e.outcome])).toEqual([
      ['lunch', 'onTime'],
      ['weekend', 'onTime'],
      ['holiday', 'late'],
      ['provisional', 'onTime'],
      ['priority', 'late'],
      ['interim', 'onTime'],
      ['recorded', 'late'],
      ['finalOpen', 'open'],
    ])
  })

  it('aggregates: on-time rate, median and p90 apart for priority, interim, overrides', () => {
    const f = commentFiguresOf(evaluated, calendar)
    expect(f).toMatchObject({
      registered: 8,
      onTime: 4,
      late: 3,
      open: 1,
      withdrawn: 0,
      priority: 1,
      interim: 1,
      overdue: 1,
      overdueComments: 1,
      overridden: 1,
      provisional: true,
    })
    expect(f.onTimeRate).toBeCloseTo(4 / 7)
    // regular first answers: 1, 2, 2, 3, 3, 4, 11 → median 3, p90 4 + 0.4 × 7 = 6.8
    expect(f.response.comment).toEqual({ unit: 'workingHours', count: 7, median: 3, p90: 6.8 })
    expect(f.response.commentPriority).toMatchObject({ count: 1, median: 4.5 })
    expect(f.final).toMatchObject({ count: 1, median: 6, unit: 'workingHours' })
  })
})
