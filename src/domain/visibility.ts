import type { Actor } from './roles'

/**
 * Who sees what (the one rule, for posts and citizens' comments alike): the SMC, the governor,
 * the admin and the server see everything; a department's contact sees only what is routed to
 * their department — and nothing at all when the account is bound to none.
 *
 * The server turns the same scope into SQL (`src/server/lib/visibility.ts`), so a predicate in
 * code and a condition in a query can never disagree on a placeholder.
 */
export type VisibilityScope =
  { kind: 'everything' } | { kind: 'department'; departmentId: string } | { kind: 'nothing' }

type Viewer = Pick<Actor, 'role' | 'departmentId'>

export function visibilityScope(actor: Viewer): VisibilityScope {
  if (actor.role !== 'department') return { kind: 'everything' }
  return actor.departmentId
    ? { kind: 'department', departmentId: actor.departmentId }
    : { kind: 'nothing' }
}

/** Whether this person sees an item held by `departmentId` (null: routed to no department yet). */
export function seesDepartment(actor: Viewer, departmentId: string | null | undefined): boolean {
  const scope = visibilityScope(actor)
  if (scope.kind === 'everything') return true
  return scope.kind === 'department' && departmentId === scope.departmentId
}

/**
 * Whether this person sees a change that concerns these departments (a history row, a live
 * frame: the department before and after a move).
 */
export function seesAnyDepartment(actor: Viewer, departmentIds: readonly string[]): boolean {
  const scope = visibilityScope(actor)
  if (scope.kind === 'everything') return true
  return scope.kind === 'department' && departmentIds.includes(scope.departmentId)
}
