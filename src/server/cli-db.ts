import { parseArgs } from 'node:util'
import { asc, eq, or } from 'drizzle-orm'
import { writeFile } from 'node:fs/promises'
import { createUserSchema } from '../shared/api/contract'
import { exportQuerySchema } from '../shared/api/analytics-contract'
import { AnalyticsService } from './analytics/service'
import { exportFileName, toCsv, toXlsx } from './analytics/export'
import { CalendarStore } from './calendar-store'
import { UsageError } from './cli-usage'
import { openDatabase, type Database } from './db/client'
import { departments, users } from './db/schema'
import { configFromEnv } from './server'
import { createUser, seedBase } from './seed'

type Io = {
  out: (s: string) => void
  err: (s: string) => void
  stdin: () => Promise<string>
  /** Raw bytes to standard output (the CSV report); defaults to process.stdout. */
  write?: (b: string | Uint8Array) => void
}

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

/**
 * `viza report --from … --to … --format csv|xlsx [--out file]`: the monthly report, the same
 * table and file as the analytics screen's export (every department; the period and the
 * calendar version in the file). CSV goes to stdout unless --out is given; XLSX to a file
 * (by default `viza-departments-<from>_<to>.xlsx` in the current directory).
 */
export async function report(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      department: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  })
  const parsed = exportQuerySchema.safeParse({
    from: values.from,
    to: values.to,
    format: values.format,
    department: values.department,
  })
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `--${i.path.join('.') || 'ввод'}: ${i.message}`).join('; '),
    )
  }
  const { format, department, ...period } = parsed.data
  return withDatabase(async ({ db }) => {
    const calendars = new CalendarStore()
    const analytics = new AnalyticsService(db, calendars)
    const now = new Date()
    const scope = { departmentId: department }
    const data = await analytics.exportData(period, scope, now)
    if (format === 'csv') {
      const csv = toCsv(data)
      if (values.out) await writeFile(values.out, csv)
      else (io.write ?? ((b) => process.stdout.write(b)))(csv)
    } else {
      const file = values.out ?? exportFileName(data.report, 'xlsx')
      await writeFile(file, await toXlsx(data))
      io.err(`Отчёт записан: ${file}`)
    }
    if (values.out && format === 'csv') io.err(`Отчёт записан: ${values.out}`)
    return 0
  })
}
