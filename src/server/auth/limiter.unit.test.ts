import { describe, expect, it } from 'vitest'
import { SignInLimiter } from './limiter'

const T0 = 1_800_000_000_000

describe('SignInLimiter (issue 9, finding 3)', () => {
  it('stays bounded, and flooding it with new keys does not unblock a blocked guesser', () => {
    const limiter = new SignInLimiter({ maxKeys: 1000 })
    for (let i = 0; i < 10; i++) limiter.fail('governor', '203.0.113.9', T0 + i)
    expect(limiter.check('governor', '203.0.113.9', T0 + 20).ok).toBe(false)
    // 50 000 one-off failures from other addresses and logins: the old limiter cleared itself
    for (let i = 0; i < 50_000; i++)
      limiter.fail(`user${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, T0 + 30)
    expect(limiter.size).toBeLessThanOrEqual(4 * 1000)
    expect(limiter.check('governor', '203.0.113.9', T0 + 40).ok).toBe(false)
    // … until its window really ends
    expect(limiter.check('governor', '203.0.113.9', T0 + 15 * 60_000 + 10).ok).toBe(true)
  })

  it('slows an account down after 10 failures from many addresses, by at most a minute', () => {
    const limiter = new SignInLimiter()
    let now = T0
    for (let i = 0; i < 10; i++) limiter.fail('governor', `192.0.2.${i}`, (now += 1000))
    const first = limiter.check('governor', '192.0.2.200', now)
    expect(first).toMatchObject({ ok: false, reason: 'account' })
    // the delay doubles with each further failure and stops growing at 60 s
    const waits: number[] = []
    for (let i = 0; i < 12; i++) {
      const v = limiter.check('governor', `198.51.100.${i}`, now)
      const wait = v.ok ? 0 : v.retryAfterMs
      waits.push(wait)
      now += wait
      expect(limiter.check('governor', `198.51.100.${i}`, now).ok).toBe(true)
      limiter.fail('governor', `198.51.100.${i}`, now)
    }
    expect(waits.slice(0, 5)).toEqual([2000, 4000, 8000, 16000, 32000])
    expect(Math.max(...waits)).toBe(60_000)
  })

  it('does not slow down the owner at an address he signed in from before', () => {
    const limiter = new SignInLimiter()
    limiter.succeed('governor', '198.51.100.2', T0)
    for (let i = 0; i < 30; i++) limiter.fail('governor', `192.0.2.${i}`, T0 + i)
    expect(limiter.check('governor', '192.0.2.250', T0 + 40).ok).toBe(false)
    expect(limiter.check('governor', '198.51.100.2', T0 + 40).ok).toBe(true)
  })

  it('stops one address spraying many accounts', () => {
    const limiter = new SignInLimiter()
    for (let i = 0; i < 50; i++) limiter.fail(`user${i}`, '203.0.113.50', T0 + i)
    expect(limiter.check('someone-else', '203.0.113.50', T0 + 100)).toMatchObject({
      ok: false,
      reason: 'address',
    })
    expect(limiter.check('someone-else', '203.0.113.51', T0 + 100).ok).toBe(true)
  })
})
