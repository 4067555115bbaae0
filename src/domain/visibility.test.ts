import { describe, expect, it } from 'vitest'
import { seesAnyDepartment, seesDepartment, visibilityScope } from './visibility'

describe('who sees what: one rule', () => {
  const dept = { role: 'department' as const, departmentId: 'health' }
  const unbound = { role: 'department' as const, departmentId: null }

  it('the SMC, the governor, the admin and the server see everything, routed or not', () => {
    for (const role of ['editor', 'governor', 'admin', 'system'] as const) {
      expect(visibilityScope({ role })).toEqual({ kind: 'everything' })
      expect(seesDepartment({ role }, null)).toBe(true)
      expect(seesAnyDepartment({ role }, [])).toBe(true)
    }
  })

  it("a department sees its own department's items and changes only", () => {
    expect(seesDepartment(dept, 'health')).toBe(true)
    expect(seesDepartment(dept, 'transport')).toBe(false)
    expect(seesDepartment(dept, null)).toBe(false)
    expect(seesAnyDepartment(dept, ['transport', 'health'])).toBe(true)
    expect(seesAnyDepartment(dept, ['transport'])).toBe(false)
    expect(seesAnyDepartment(dept, [])).toBe(false)
  })

  it('a department account bound to no department sees nothing, not even unrouted items', () => {
    expect(visibilityScope(unbound)).toEqual({ kind: 'nothing' })
    expect(seesDepartment(unbound, null)).toBe(false)
    expect(seesAnyDepartment(unbound, [])).toBe(false)
  })
})
