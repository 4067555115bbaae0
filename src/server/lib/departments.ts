import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../db/client'
import { departments } from '../db/schema'
import { ApiError } from './errors'

/** A request or a comment may go only to a department that exists and is active (else 422). */
export async function requireDepartment(tx: Tx | Db, id: string) {
  const [dep] = await tx
    .select({ active: departments.active })
    .from(departments)
    .where(eq(departments.id, id))
  if (!dep?.active) {
    throw new ApiError(422, 'unknown_department', 'Такого действующего департамента нет', {
      departmentId: id,
    })
  }
}
