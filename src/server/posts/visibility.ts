import type { Actor } from '../../domain/roles'

/** What a signed-in person may see: a department contact sees only its own department's posts. */
export function canSee(actor: Actor, row: { departmentId: string | null }) {
  if (actor.role !== 'department') return true
  return !!actor.departmentId && row.departmentId === actor.departmentId
}
