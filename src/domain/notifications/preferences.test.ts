import { describe, expect, it } from 'vitest'
import {
  defaultSettings,
  dueDigest,
  notificationSettingsSchema,
  planDelivery,
  quietUntil,
} from './preferences'

const at = (iso: string) => new Date(iso)
const all = ['email', 'telegram', 'max', 'push'] as const

describe('quiet hours (region time, UTC+5)', () => {
  const night = { from: '21:00', to: '08:00' }
  it('across midnight: evening and early morning are quiet, the day is not', () => {
    expect(quietUntil(at('2026-12-01T16:30:00Z'), night)).toEqual(at('2026-12-02T03:00:00Z')) // 21:30
    expect(quietUntil(at('2026-12-01T20:00:00Z'), night)).toEqual(at('2026-12-02T03:00:00Z')) // 01:00
    expect(quietUntil(at('2026-12-01T03:00:00Z'), night)).toBeNull() // 08:00 sharp
    expect(quietUntil(at('2026-12-01T15:59:00Z'), night)).toBeNull() // 20:59
  })
  it('within a day: 13:00–14:00', () => {
    const lunch = { from: '13:00', to: '14:00' }
    expect(quietUntil(at('2026-12-01T08:10:00Z'), lunch)).toEqual(at('2026-12-01T09:00:00Z'))
    expect(quietUntil(at('2026-12-01T09:00:00Z'), lunch)).toBeNull()
  })
})

describe('which channels, and when', () => {
  const evening = at('2026-12-01T17:00:00Z') // 22:00 in the region
  it('a department contact: every reachable channel, held until the morning', () => {
    const plan = planDelivery(
      'department',
      null,
      { kind: 'newRequest', urgent: false },
      ['email'],
      evening,
    )
    expect(plan).toEqual([{ channel: 'email', notBefore: at('2026-12-02T03:00:00Z') }])
  })
  it('an urgent request is not held', () => {
    const plan = planDelivery(
      'department',
      null,
      { kind: 'newRequest', urgent: true },
      all,
      evening,
    )
    expect(plan.map((p) => p.notBefore)).toEqual([evening, evening, evening, evening])
  })
  it('VIZA_NOTIFY_QUIET_HOURS=off holds nothing', () => {
    const plan = planDelivery(
      'editor',
      null,
      { kind: 'materialSubmitted', urgent: false },
      all,
      evening,
      false,
    )
    expect(plan.every((p) => p.notBefore === evening)).toBe(true)
  })
  it('the governor: messenger and tablet, never e-mail by default, no quiet hours imposed', () => {
    const plan = planDelivery(
      'governor',
      null,
      { kind: 'awaitingGovernor', urgent: false },
      all,
      evening,
    )
    expect(plan).toEqual([
      { channel: 'telegram', notBefore: evening },
      { channel: 'max', notBefore: evening },
      { channel: 'push', notBefore: evening },
    ])
  })
  it('a messenger counts only where it reaches: MAX alone when only MAX is linked', () => {
    for (const role of ['governor', 'department', 'editor'] as const) {
      const kind =
        role === 'governor' ? 'awaitingGovernor' : role === 'editor' ? 'overdue' : 'newRequest'
      const plan = planDelivery(role, null, { kind, urgent: true }, ['max'], evening)
      expect(plan).toEqual([{ channel: 'max', notBefore: evening }])
    }
  })
  it("the governor's own choice: quiet hours he set, with a kind he allowed in them", () => {
    const mine = {
      ...defaultSettings('governor'),
      quietHours: { from: '22:00', to: '07:00' },
      evenWhenQuiet: ['awaitingGovernor' as const],
    }
    const plan = planDelivery(
      'governor',
      mine,
      { kind: 'awaitingGovernor', urgent: false },
      all,
      at('2026-12-01T18:00:00Z'),
    )
    expect(plan.every((p) => p.notBefore.getTime() === at('2026-12-01T18:00:00Z').getTime())).toBe(
      true,
    )
  })
  it('a person who turned a channel off for a kind does not get it there', () => {
    const mine = {
      ...defaultSettings('department'),
      channels: { newRequest: ['telegram' as const] },
    }
    const plan = planDelivery(
      'department',
      mine,
      { kind: 'newRequest', urgent: true },
      all,
      evening,
    )
    expect(plan.map((p) => p.channel)).toEqual(['telegram'])
  })
  it('settings are validated with readable reasons', () => {
    const bad = notificationSettingsSchema.safeParse({
      channels: { newRequest: ['sms'] },
      quietHours: { from: '25:00', to: '08:00' },
      evenWhenQuiet: [],
    })
    expect(bad.success).toBe(false)
    expect(JSON.stringify(bad.error!.issues)).toContain('Время в формате ЧЧ:ММ')
    expect(
      notificationSettingsSchema.safeParse({
        channels: {},
        quietHours: { from: '08:00', to: '08:00' },
        evenWhenQuiet: [],
      }).success,
    ).toBe(false)
  })
})

describe("the governor's digest", () => {
  it('is due within the hour after a chosen time (region time), the latest slot first', () => {
    expect(dueDigest(['08:30', '18:00'], at('2026-12-01T03:29:00Z'))).toBeNull() // 08:29
    expect(dueDigest(['08:30', '18:00'], at('2026-12-01T03:30:00Z'))).toEqual({
      date: '2026-12-01',
      time: '08:30',
    })
    expect(dueDigest(['08:30', '18:00'], at('2026-12-01T04:29:00Z'))?.time).toBe('08:30') // 09:29
    expect(dueDigest(['08:30', '18:00'], at('2026-12-01T04:30:00Z'))).toBeNull() // 09:30: missed
    expect(dueDigest(['08:30', '08:45'], at('2026-12-01T03:50:00Z'))?.time).toBe('08:45')
    expect(dueDigest([], at('2026-12-01T03:30:00Z'))).toBeNull()
  })
  it('comes when he chose it, even in quiet hours he set', () => {
    const mine = { ...defaultSettings('governor'), quietHours: { from: '21:00', to: '08:00' } }
    const night = at('2026-12-01T17:00:00Z') // 22:00
    expect(
      planDelivery('governor', mine, { kind: 'governorDigest', urgent: false }, all, night),
    ).toEqual([
      { channel: 'telegram', notBefore: night },
      { channel: 'max', notBefore: night },
      { channel: 'push', notBefore: night },
    ])
  })
  it('only the governor has one by default', () => {
    expect(defaultSettings('governor').digestAt).toEqual(['08:30'])
    expect(defaultSettings('editor').digestAt).toBeUndefined()
  })
})
