import { Hono } from 'hono'
import { asc, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
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
import { requireRole, validate, type Env } from './middleware'
import { toUserDto } from './session'

const idParam = z.object({ id: z.string().min(1).max(64) })

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
export const adminRoutes = new Hono<Env>()
  .use(requireRole('admin'))
  .get('/users', async (c) => {
    const rows = await c.var.deps.database.db.select().from(users).orderBy(asc(users.login))
    return c.json({ items: rows.map(toUserDto) }, 200)
  })
  .post('/users', validate('json', createUserSchema), async (c) => {
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
  .patch(
    '/users/:id',
    validate('param', idParam),
    validate('json', updateUserSchema),
    async (c) => {
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
          throw new ApiError(
            422,
            'department_required',
            'Для роли «департамент» укажите департамент',
          )
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
    },
  )
  .post(
    '/users/:id/password',
    validate('param', idParam),
    validate('json', resetPasswordSchema),
    async (c) => {
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
      return c.json({ ok: true }, 200)
    },
  )
  .post('/departments', validate('json', departmentInputSchema), async (c) => {
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
  .patch(
    '/departments/:id',
    validate('param', idParam),
    validate('json', departmentUpdateSchema),
    async (c) => {
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
    },
  )
  .put('/calendar', validate('json', calendarUpdateSchema), async (c) => {
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
  .put('/policies', validate('json', policiesUpdateSchema), async (c) => {
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
  .get('/audit', async (c) => {
    const rows = await c.var.deps.database.db
      .select()
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(200)
    return c.json({ items: rows }, 200)
  })
