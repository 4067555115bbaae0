import { asc, desc, eq } from 'drizzle-orm'
import {
  calendarUpdateSchema,
  createUserSchema,
  departmentInputSchema,
  departmentUpdateSchema,
  policiesUpdateSchema,
  resetPasswordSchema,
  updateUserSchema,
} from '../../shared/api/contract'
import { unreachablePolicies, WorkingCalendar, type CalendarSettings } from '../../domain/calendar'
import { hashPassword } from '../auth/passwords'
import { revokeUserSessions } from '../auth/sessions'
import type { Db, Tx } from '../db/client'
import { auditLog, departments, users } from '../db/schema'
import { ApiError, notFound } from '../lib/errors'
import { createUser } from '../seed'
import { body, declare, errors, json, roles, router, schemas, z } from './define'
import { toUserDto } from './session'

const userParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { description: 'The user' } }),
})
const departmentParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { description: 'The department code' } }),
})
const admin = roles('admin')
const tags = ['admin']

const listUsers = declare({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  tags,
  summary: 'Users (admin)',
  ...admin,
  responses: { 200: json(schemas.UserList, 'Every user'), ...errors(401, 403) },
})
const createUserRoute = declare({
  method: 'post',
  path: '/users',
  operationId: 'createUser',
  tags,
  summary: 'Create a user (admin)',
  ...admin,
  request: { body: body(createUserSchema) },
  responses: {
    201: json(schemas.User, 'The new user'),
    ...errors(400, 401, 403, 409, 415, 422),
  },
})
const updateUser = declare({
  method: 'patch',
  path: '/users/{id}',
  operationId: 'updateUser',
  tags,
  summary: 'Change a user (admin); a change of role, department or a deactivation signs them out',
  ...admin,
  request: { params: userParam, body: body(updateUserSchema) },
  responses: {
    200: json(schemas.User, 'The user'),
    ...errors(400, 401, 403, 404, 415, 422),
  },
})
const resetPassword = declare({
  method: 'post',
  path: '/users/{id}/password',
  operationId: 'resetUserPassword',
  tags,
  summary: 'Reset a password (admin); signs the user out everywhere',
  ...admin,
  request: { params: userParam, body: body(resetPasswordSchema) },
  responses: { 200: json(schemas.Ok, 'Done'), ...errors(400, 401, 403, 404, 415) },
})
const createDepartment = declare({
  method: 'post',
  path: '/departments',
  operationId: 'createDepartment',
  tags,
  summary: 'Create a department (admin)',
  ...admin,
  request: { body: body(departmentInputSchema) },
  responses: {
    201: json(schemas.Department, 'The new department'),
    ...errors(400, 401, 403, 409, 415),
  },
})
const updateDepartment = declare({
  method: 'patch',
  path: '/departments/{id}',
  operationId: 'updateDepartment',
  tags,
  summary: 'Change a department (admin)',
  ...admin,
  request: { params: departmentParam, body: body(departmentUpdateSchema) },
  responses: {
    200: json(schemas.Department, 'The department'),
    ...errors(400, 401, 403, 404, 415),
  },
})
const updateCalendar = declare({
  method: 'put',
  path: '/calendar',
  operationId: 'updateCalendar',
  tags,
  summary:
    'Office hours, day overrides, confirmed years; prefer PUT /api/admin/calendar-settings (admin)',
  ...admin,
  request: { body: body(calendarUpdateSchema) },
  responses: {
    200: json(schemas.Revision, 'The new calendar revision'),
    ...errors(400, 401, 403, 415, 422),
  },
})
const updatePolicies = declare({
  method: 'put',
  path: '/policies',
  operationId: 'updateDeadlinePolicies',
  tags,
  summary: 'Deadline policies (admin)',
  ...admin,
  request: { body: body(policiesUpdateSchema) },
  responses: {
    200: json(schemas.Revision, 'The new calendar revision'),
    ...errors(400, 401, 403, 415, 422),
  },
})
const listAudit = declare({
  method: 'get',
  path: '/audit',
  operationId: 'listAudit',
  tags,
  summary: 'Audit log of admin changes, newest first (admin)',
  ...admin,
  responses: { 200: json(schemas.AuditList, 'The last 200 rows'), ...errors(401, 403) },
})

/** The audit row of an admin change: written in the same transaction as the change itself. */
async function audit(
  tx: Tx,
  actorId: string,
  action: string,
  details: Record<string, unknown>,
  at: Date,
) {
  await tx.insert(auditLog).values({ actorId, action, details, at })
}

async function requireDepartment(db: Db | Tx, id: string | null | undefined) {
  if (!id) return
  const [d] = await db.select().from(departments).where(eq(departments.id, id))
  if (!d)
    throw new ApiError(422, 'unknown_department', 'Такого департамента нет', { departmentId: id })
}

/** A calendar that cannot give a deadline would break every request later: refuse it now. */
export function refuseUnreachable(settings: CalendarSettings, now: Date) {
  const kinds = unreachablePolicies(new WorkingCalendar(settings), now)
  if (kinds.length) {
    throw new ApiError(
      422,
      'deadline_unreachable',
      'Срок не укладывается в рабочий календарь ближайших двух лет: уменьшите срок или добавьте рабочие дни',
      { kinds },
    )
  }
}

/** The admin's API: users, departments, the working calendar and deadline policies. Audited. */
export const adminRoutes = router()
  .openapi(listUsers, async (c) => {
    const rows = await c.var.deps.database.db.select().from(users).orderBy(asc(users.login))
    return c.json({ items: rows.map(toUserDto) }, 200)
  })
  .openapi(createUserRoute, async (c) => {
    const { db } = c.var.deps.database
    const input = c.req.valid('json')
    const now = c.var.deps.clock.now()
    const login = input.login.toLowerCase()
    const row = await db.transaction(async (tx) => {
      await requireDepartment(tx, input.departmentId)
      const [existing] = await tx.select().from(users).where(eq(users.login, login))
      if (existing) throw new ApiError(409, 'login_taken', `Логин «${login}» уже занят`)
      const id = await createUser(
        tx,
        { ...input, login, departmentId: input.role === 'department' ? input.departmentId : null },
        now,
      )
      await audit(tx, c.var.user!.id, 'user.create', { userId: id, login, role: input.role }, now)
      const [created] = await tx.select().from(users).where(eq(users.id, id))
      return created!
    })
    return c.json(toUserDto(row), 201)
  })
  .openapi(updateUser, async (c) => {
    const { db } = c.var.deps.database
    const now = c.var.deps.clock.now()
    const { id } = c.req.valid('param')
    const change = c.req.valid('json')
    const row = await db.transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update')
      if (!user) throw notFound('Пользователь не найден')
      const role = change.role ?? user.role
      const departmentId =
        change.departmentId !== undefined ? change.departmentId : user.departmentId
      if (role === 'department' && !departmentId) {
        throw new ApiError(422, 'department_required', 'Для роли «департамент» укажите департамент')
      }
      await requireDepartment(tx, departmentId)
      if (
        id === c.var.user!.id &&
        (change.active === false || (change.role && change.role !== 'admin'))
      ) {
        throw new ApiError(
          422,
          'self_lockout',
          'Нельзя отключить себя или снять с себя роль администратора',
        )
      }
      const [updated] = await tx
        .update(users)
        .set({ ...change, role, departmentId: role === 'department' ? departmentId : null })
        .where(eq(users.id, id))
        .returning()
      if (change.active === false || change.role || change.departmentId !== undefined)
        await revokeUserSessions(tx, id, now)
      await audit(tx, c.var.user!.id, 'user.update', { userId: id, change }, now)
      return updated!
    })
    return c.json(toUserDto(row), 200)
  })
  .openapi(resetPassword, async (c) => {
    const { db } = c.var.deps.database
    const now = c.var.deps.clock.now()
    const { id } = c.req.valid('param')
    const passwordHash = await hashPassword(c.req.valid('json').password)
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ passwordHash })
        .where(eq(users.id, id))
        .returning({ id: users.id })
      if (!row) throw notFound('Пользователь не найден')
      await revokeUserSessions(tx, id, now)
      await audit(tx, c.var.user!.id, 'user.password_reset', { userId: id }, now)
    })
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createDepartment, async (c) => {
    const { db } = c.var.deps.database
    const now = c.var.deps.clock.now()
    const input = c.req.valid('json')
    const row = await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(departments).where(eq(departments.id, input.id))
      if (existing) throw new ApiError(409, 'department_exists', `Код «${input.id}» уже занят`)
      const [created] = await tx.insert(departments).values(input).returning()
      await audit(tx, c.var.user!.id, 'department.create', input, now)
      return created!
    })
    return c.json(row, 201)
  })
  .openapi(updateDepartment, async (c) => {
    const { db } = c.var.deps.database
    const now = c.var.deps.clock.now()
    const { id } = c.req.valid('param')
    const change = c.req.valid('json')
    const row = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(departments)
        .set(change)
        .where(eq(departments.id, id))
        .returning()
      if (!updated) throw notFound('Департамент не найден')
      await audit(tx, c.var.user!.id, 'department.update', { id, change }, now)
      return updated
    })
    return c.json(row, 200)
  })
  .openapi(updateCalendar, async (c) => {
    const { deps } = c.var
    const now = deps.clock.now()
    const { db } = deps.database
    const current = await deps.calendars.current(db)
    // Deadlines already given stay as they were: they are stored on each post's clock.
    const settings = { ...c.req.valid('json'), policies: current.calendar.settings.policies }
    refuseUnreachable(settings, now)
    const revision = await db.transaction(async (tx) => {
      const r = await deps.calendars.update(tx, settings, now)
      await audit(tx, c.var.user!.id, 'calendar.update', { revision: r }, now)
      return r
    })
    deps.calendars.invalidate()
    return c.json({ revision }, 200)
  })
  .openapi(updatePolicies, async (c) => {
    const { deps } = c.var
    const now = deps.clock.now()
    const { db } = deps.database
    const current = await deps.calendars.current(db)
    const policies = c.req.valid('json')
    refuseUnreachable({ ...current.calendar.settings, policies }, now)
    const revision = await db.transaction(async (tx) => {
      const r = await deps.calendars.update(tx, { ...current.calendar.settings, policies }, now)
      await audit(tx, c.var.user!.id, 'policies.update', { revision: r, policies }, now)
      return r
    })
    deps.calendars.invalidate()
    return c.json({ revision }, 200)
  })
  .openapi(listAudit, async (c) => {
    const rows = await c.var.deps.database.db
      .select()
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(200)
    return c.json({ items: rows }, 200)
  })
