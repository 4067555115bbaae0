import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import type { Actor, UserRole } from '../../src/domain/roles'
import type { OpenOptions } from '../../src/server/db/client'
import { silentLogger } from '../../src/server/lib/log'
import { startServer, type RunningServer, type ServerConfig } from '../../src/server/server'
import { createUser, DEMO_PASSWORD } from '../../src/server/seed'
import { undeclaredAnswer } from './declared-answers'

/** A fresh database for one test file: a copy of the migrated PGlite, or a new PostgreSQL database. */
export async function freshDatabase(): Promise<{ options: OpenOptions; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const dumpPath = process.env.VIZA_TEST_PGLITE_DUMP
    const loadDataDir = dumpPath ? new Blob([readFileSync(dumpPath)]) : undefined
    return { options: { dataDir: 'memory://', loadDataDir }, drop: async () => {} }
  }
  const name = `viza_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return {
    options: { databaseUrl: u.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export const TEST_PASSWORD = 'correct horse battery'

export const TEST_USERS = {
  editor: { login: 'editor', name: 'Редактор ЦСМ', role: 'editor' },
  governor: { login: 'governor', name: 'Губернатор', role: 'governor' },
  admin: { login: 'admin', name: 'Админ', role: 'admin' },
  deptOwn: {
    login: 'health',
    name: 'Контакт Депздрава',
    role: 'department',
    departmentId: 'health',
  },
  deptOther: {
    login: 'transport',
    name: 'Контакт Дептранса',
    role: 'department',
    departmentId: 'transport',
  },
} as const satisfies Record<
  string,
  { login: string; name: string; role: UserRole; departmentId?: string }
>
export type UserKey = keyof typeof TEST_USERS

export interface TestServer {
  server: RunningServer
  url: string
  actors: Record<UserKey, Actor>
  client(who: UserKey): Promise<ApiClient>
  anonymous(): ApiClient
  close(): Promise<void>
}

export async function startTestServer(
  opts: {
    database?: Awaited<ReturnType<typeof freshDatabase>>
    adapters?: ServerConfig['adapters']
    /** Seed the demo accounts: a demo database, which publishes to the built-in demo channels. */
    demo?: boolean
    log?: ServerConfig['log']
    /** Anything else the server is configured with (host, trustProxy, publicUrl…). */
    config?: Partial<ServerConfig>
  } = {},
): Promise<TestServer> {
  const database = opts.database ?? (await freshDatabase())
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    db: database.options,
    demo: opts.demo ?? false,
    testMode: true,
    log: opts.log ?? silentLogger,
    sweepIntervalMs: 3_600_000,
    publishIntervalMs: 3_600_000,
    adapters: opts.adapters,
    // The checker's hard bound (2 s) is for a runaway text; a test machine running many suites
    // at once may take that long over an ordinary one, and a cut check changes what the test
    // reads. quality-thread.test.ts tests the bound with its own timer.
    checker: { limitMs: 120_000 },
    ...opts.config,
    notify: {
      // a real VAPID subject, as production needs one for Web Push to be on
      pushContact: 'mailto:viza-tests@example.ru',
      // push hosts never resolve through the network in tests: a test maps its own
      pushResolver: (host) => Promise.reject(new Error(`tests do not resolve ${host}`)),
      ...opts.config?.notify,
    },
  })
  const actors = {} as Record<UserKey, Actor>
  const db = server.deps.database.db
  const existing = await db.query.users.findMany()
  for (const [key, u] of Object.entries(TEST_USERS) as Array<
    [UserKey, (typeof TEST_USERS)[UserKey]]
  >) {
    const found = existing.find((e) => e.login === u.login)
    const id = found?.id ?? (await createUser(db, { ...u, password: TEST_PASSWORD }, new Date()))
    actors[key] = { id, role: u.role, departmentId: 'departmentId' in u ? u.departmentId : null }
  }
  // On a demo database the demo accounts already exist, with the demo password.
  const passwords = Object.fromEntries(
    Object.entries(TEST_USERS).map(([key, u]) => [
      key,
      existing.find((e) => e.login === u.login)?.demo ? DEMO_PASSWORD : TEST_PASSWORD,
    ]),
  ) as Record<UserKey, string>
  const clients = new Map<UserKey, ApiClient>()
  return {
    server,
    url: server.url,
    actors,
    async client(who) {
      let c = clients.get(who)
      if (!c) {
        c = new ApiClient(server.url)
        await c.signIn(TEST_USERS[who].login, passwords[who])
        clients.set(who, c)
      }
      return c
    },
    anonymous: () => new ApiClient(server.url),
    async close() {
      await server.close()
      if (!opts.database) await database.drop()
    },
  }
}

export interface ApiResponse<T = any> {
  status: number
  body: T
}

/** A tiny HTTP client with a cookie jar: real requests, as a browser would send them. */
export class ApiClient {
  cookie = ''
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) this.cookie = setCookie.split(';')[0]!
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      /* not JSON: keep the text */
    }
    const mismatch = undeclaredAnswer(
      method,
      path,
      res.status,
      res.headers.get('content-type') ?? '',
      parsed,
    )
    if (mismatch) throw new Error(`The answer is not what the API declares: ${mismatch}`)
    return { status: res.status, body: parsed as T }
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {})
  }

  async signIn(login: string, password: string) {
    const r = await this.post('/api/session', { login, password })
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`)
  }

  async event(postId: string, expectedVersion: number, payload: Record<string, unknown>) {
    return this.post(`/api/posts/${postId}/events`, { ...payload, expectedVersion })
  }
}
