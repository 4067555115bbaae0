import { describe, expect, it } from 'vitest'
import { parseTrustProxy } from './client-address'

describe('VIZA_TRUST_PROXY', () => {
  it('trusts only the listed addresses and ranges', () => {
    const trust = parseTrustProxy('127.0.0.1, 10.0.0.0/8, ::1, fd00::/8')
    expect(trust('127.0.0.1')).toBe(true)
    expect(trust('10.200.3.4')).toBe(true)
    expect(trust('::1')).toBe(true)
    expect(trust('fd12::5')).toBe(true)
    expect(trust('11.0.0.1')).toBe(false)
    expect(trust('garbage')).toBe(false)
    expect(parseTrustProxy(undefined)('127.0.0.1')).toBe(false)
    expect(parseTrustProxy('')('127.0.0.1')).toBe(false)
  })
  it('refuses a malformed setting at start', () => {
    expect(() => parseTrustProxy('proxy.local')).toThrow(/VIZA_TRUST_PROXY/)
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/prefix/)
  })
})
