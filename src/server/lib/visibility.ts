import { eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import {
  seesAnyDepartment,
  seesDepartment,
  visibilityScope,
  type VisibilityScope,
} from '../../domain/visibility'
import type { Actor } from '../../domain/roles'

/**
 * "Who may see this", in code and in SQL, from the one rule in `src/domain/visibility.ts`.
 * Every read of posts and comments (pages, lists, counts, live frames, replays) goes through
 * here; nothing else compares a person's department with a row's.
 */

type Viewer = Pick<Actor, 'role' | 'departmentId'>

/** Whether this person sees a row held by a department (a post, a comment). */
export const canSee = (actor: Viewer, row: { departmentId: string | null }) =>
  seesDepartment(actor, row.departmentId)

/** Whether this person sees a change that concerns these departments (history, live frames). */
export const canSeeChange = (actor: Viewer, departmentIds: readonly string[]) =>
  seesAnyDepartment(actor, departmentIds)

/** The scope as SQL: no condition, never true, or the row's department column. */
function scoped(actor: Viewer, condition: (departmentId: string) => SQL): SQL | undefined {
  const scope: VisibilityScope = visibilityScope(actor)
  switch (scope.kind) {
    case 'everything':
      return undefined
    case 'nothing':
      // no placeholder department: a value no row has would still be sent to the database
      return sql`false`
    case 'department':
      return condition(scope.departmentId)
  }
}

/** `canSee` as a WHERE condition on a row's department column (undefined: every row). */
export const visibleRows = (actor: Viewer, departmentColumn: AnyPgColumn): SQL | undefined =>
  scoped(actor, (id) => eq(departmentColumn, id))

/** `canSeeChange` as a WHERE condition on a history row's `department_ids` (jsonb array). */
export const visibleChanges = (actor: Viewer, departmentIdsColumn: AnyPgColumn): SQL | undefined =>
  scoped(actor, (id) => sql`${departmentIdsColumn} @> ${JSON.stringify([id])}::jsonb`)
