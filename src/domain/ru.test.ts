import { describe, expect, it } from 'vitest'
import { describePolicy, describePolicyWithin } from './ru'

describe('deadline rules in words', () => {
  it('after «в течение» the number takes the genitive', () => {
    expect(describePolicyWithin({ unit: 'hours', amount: 3 })).toBe('3 часов')
    expect(describePolicyWithin({ unit: 'hours', amount: 1 })).toBe('1 часа')
    expect(describePolicyWithin({ unit: 'hours', amount: 21 })).toBe('21 часа')
    expect(describePolicyWithin({ unit: 'workingDays', amount: 1 })).toBe('1 рабочего дня')
    expect(describePolicyWithin({ unit: 'workingDays', amount: 2 })).toBe('2 рабочих дней')
    expect(describePolicyWithin({ unit: 'workingHours', amount: 9 })).toBe('9 рабочих часов')
  })

  it('alone (a subject or an object) it stays nominative', () => {
    expect(describePolicy({ unit: 'hours', amount: 3 })).toBe('3 часа')
    expect(describePolicy({ unit: 'workingDays', amount: 1 })).toBe('1 рабочий день')
  })
})
