import { parseArgs } from 'node:util'
import { asc, eq, or } from 'drizzle-orm'
import { createUserSchema } from '../shared/api/contract'
import { CalendarStore } from './calendar-store'
import { UsageError } from './cli-usage'
import { openDatabase, type Database } from './db/client'
import { departments, users } from './db/schema'
import { configFromEnv } from './server'
import { createUser, seedBase } from './seed'

type Io = { out: (s: string) => void; err: (s: string) => void; stdin: () => Promise<string> }

/** Opens the configured database the way the server does: migrated and with departments. */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(configFromEnv().db)
  try {
    await seedBase(database.db, new CalendarStore(), new Date())
    return await fn(database)
  } finally {
    await database.close()
  }
}

export async function userAdd(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string' },
      email: { type: 'string' },
    },
    strict: true,
  })
  const password = (await io.stdin()).replace(/\r?\n$/, '')
  return withDatabase(async ({ db }) => {
    let departmentId: string | null = null
    if (values.department) {
      const [dep] = await db
        .select()
        .from(departments)
        .where(
          or(eq(departments.id, values.department), eq(departments.shortName, values.department)),
        )
      if (!dep)
        throw new UsageError(`Нет департамента «${values.department}» (см. viza department list)`)
      departmentId = dep.id
    }
    const parsed = createUserSchema.safeParse({ ...values, departmentId, password })
    if (!parsed.success) {
      throw new UsageError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'ввод'}: ${i.message}`).join('; '),
      )
    }
    const login = parsed.data.login.toLowerCase()
    const [existing] = await db.select().from(users).where(eq(users.login, login))
    if (existing) throw new UsageError(`Логин «${login}» уже занят`)
    const id = await createUser(db, { ...parsed.data, login, departmentId }, new Date())
    io.out(`Создан пользователь ${login} (${parsed.data.role}), id ${id}`)
    return 0
  })
}

export async function departmentList(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true })
  return withDatabase(async ({ db }) => {
    const rows = await db.select().from(departments).orderBy(asc(departments.id))
    if (values.json) {
      io.out(JSON.stringify(rows.map(({ id, name, shortName }) => ({ id, name, shortName }))))
    } else {
      for (const d of rows) io.out(`${d.id.padEnd(20)} ${d.shortName.padEnd(28)} ${d.name}`)
    }
    return 0
  })
}
