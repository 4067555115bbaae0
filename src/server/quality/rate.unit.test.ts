import { describe, expect, it } from 'vitest'
import { CheckRate } from './rate'

describe('checks of texts per person', () => {
  const T0 = Date.UTC(2026, 4, 12, 9)

  it('a burst, then one per interval; each person on their own', () => {
    const rate = new CheckRate({ burst: 3, everyMs: 1000 })
    for (let i = 0; i < 3; i++) expect(rate.take('anna', T0).ok).toBe(true)
    expect(rate.take('anna', T0)).toEqual({ ok: false, retryAfterMs: 1000 })
    expect(rate.take('igor', T0).ok).toBe(true)
    expect(rate.take('anna', T0 + 400)).toEqual({ ok: false, retryAfterMs: 600 })
    expect(rate.take('anna', T0 + 1000).ok).toBe(true)
    expect(rate.take('anna', T0 + 1000).ok).toBe(false)
    // an idle person gets the burst back, never more
    for (let i = 0; i < 3; i++) expect(rate.take('anna', T0 + 3_600_000).ok).toBe(true)
    expect(rate.take('anna', T0 + 3_600_000).ok).toBe(false)
  })

  it('holds at most maxKeys people', () => {
    const rate = new CheckRate({ maxKeys: 100 })
    for (let i = 0; i < 1000; i++) rate.take(`user${i}`, T0)
    expect(rate.size).toBeLessThanOrEqual(100)
  })
})
