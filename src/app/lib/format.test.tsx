import { describe, expect, it } from 'vitest'
import { formatDeadline, formatDurationLong, formatDurationShort, pluralRu, units } from './format'

describe('Russian formatting', () => {
  it.each([
    [1, '1 час'],
    [2, '2 часа'],
    [5, '5 часов'],
    [11, '11 часов'],
    [21, '21 час'],
    [22, '22 часа'],
  ])('%i → %s', (n, expected) => {
    expect(`${n} ${pluralRu(n, units.hour)}`).toBe(expected)
  })

  it('writes durations short for the clock and in words for screen readers', () => {
    expect(formatDurationShort((3 * 60 + 20) * 60_000)).toBe('3 ч 20 мин')
    expect(formatDurationLong((2 * 60 + 1) * 60_000)).toBe('2 часа 1 минута')
    expect(formatDurationLong(26 * 3_600_000)).toBe('1 день 2 часа')
    expect(formatDurationShort(42_000)).toBe('42 с')
  })

  it('drops zero parts: «8 ч», not «8 ч 0 мин»; «45 мин», not «0 ч 45 мин»', () => {
    expect(formatDurationShort(8 * 3_600_000)).toBe('8 ч')
    expect(formatDurationShort(45 * 60_000)).toBe('45 мин')
    expect(formatDurationShort(24 * 3_600_000)).toBe('1 день')
    expect(formatDurationLong(3 * 3_600_000)).toBe('3 часа')
  })

  it.each([
    [1, 'nominative', '1 минута'],
    [1, 'accusative', '1 минуту'],
    [3, 'accusative', '3 минуты'],
    [5, 'accusative', '5 минут'],
    [21, 'accusative', '21 минуту'],
  ] as const)('%i minutes in the %s: %s', (n, grammarCase, expected) => {
    expect(formatDurationLong(n * 60_000, grammarCase)).toBe(expected)
  })

  it('says «меньше минуты», never «0 минут»', () => {
    expect(formatDurationLong(20_000, 'accusative')).toBe('меньше минуты')
  })

  it('keeps the period of an abbreviated month', () => {
    expect(formatDeadline('2026-12-01T13:00:00Z')).toBe('вт, 1 дек., 18:00')
  })

  it('shows times in the region (UTC+5) whatever the browser zone', () => {
    expect(formatDeadline('2026-12-02T10:00:00Z')).toMatch(/ср, 2 дек.*15:00/)
  })
})
