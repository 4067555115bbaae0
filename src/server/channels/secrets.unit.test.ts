import { describe, expect, it } from 'vitest'
import { SecretBox } from './secrets'

const box = SecretBox.fromEnv({ VIZA_SECRET_KEY: 'a-long-enough-secret-key' })!

describe('SecretBox (channel credentials at rest)', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = box.seal('{"botToken":"123:abc"}', 'telegram')
    const b = box.seal('{"botToken":"123:abc"}', 'telegram')
    expect(a).not.toBe(b)
    expect(a).not.toContain('123:abc')
    expect(box.open(a, 'telegram')).toBe('{"botToken":"123:abc"}')
  })

  it('refuses another key, another channel, or an altered text', () => {
    const sealed = box.seal('secret', 'vk')
    const other = SecretBox.fromEnv({ VIZA_SECRET_KEY: 'another-long-secret-key' })!
    expect(() => other.open(sealed, 'vk')).toThrow()
    expect(() => box.open(sealed, 'ok')).toThrow()
    const [v, iv, tag, data] = sealed.split('.')
    const flipped = data!.startsWith('A') ? `B${data!.slice(1)}` : `A${data!.slice(1)}`
    expect(() => box.open([v, iv, tag, flipped].join('.'), 'vk')).toThrow()
  })

  it('is absent without a key, or with one too short to be a key', () => {
    expect(SecretBox.fromEnv({})).toBeNull()
    expect(SecretBox.fromEnv({ VIZA_SECRET_KEY: 'short' })).toBeNull()
  })
})
