import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { lockDataDir, type Unlock } from './data-dir-lock'
import { initDataDirApart, PGLITE_EXTRA_START_PARAMS } from './pglite-memory'
import { PgliteThread } from './pglite-thread-client'
import { schema } from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * A statement straight to the driver (PGlite's thread or the pg pool), past drizzle's query
 * building: for a fixed statement on the hot path, written with `$1…` placeholders. The pg pool
 * binds them; PGlite gets the statement with the values written in (`inlineParameters`).
 */
export async function rawQuery<T>(db: Db, text: string, params: unknown[]): Promise<{ rows: T[] }> {
  const client = (db as unknown as { $client: PgliteThread | pg.Pool }).$client
  if (client instanceof PgliteThread) {
    const results = await client.exec(inlineParameters(text, params))
    return results[results.length - 1] as unknown as { rows: T[] }
  }
  // A named statement: each connection parses and plans it once, then only binds it.
  return client.query<T & pg.QueryResultRow>({ name: statementName(text), text, values: params })
}

const statementNames = new Map<string, string>()
function statementName(text: string): string {
  let name = statementNames.get(text)
  if (!name) statementNames.set(text, (name = `viza_raw_${statementNames.size + 1}`))
  return name
}

/**
 * The statement with its parameters written in as literals, for PGlite's simple protocol. A
 * parameterised statement costs PGlite six trips through its protocol (parse, describe, bind,
 * describe, execute, sync), each a call into the WebAssembly and a parse of its answer; the
 * simple protocol is one. `text` is one of our fixed statements, whose only `$` are its
 * placeholders.
 */
export function inlineParameters(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) < 1 || Number(n) > params.length)
      throw new TypeError(`parameter $${n}: the statement has ${params.length}`)
    const value = params[Number(n) - 1]
    if (value === null || value === undefined) return 'null'
    // in brackets: after a `-` in the statement, `-5` would start a comment (`v--5`)
    if (typeof value === 'number' && Number.isFinite(value)) return `(${value})`
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    if (typeof value === 'string') return quoteLiteral(value)
    throw new TypeError(`parameter $${n}: only strings, finite numbers and booleans are inlined`)
  })
}

/**
 * A string as an SQL literal, exactly as node-postgres' `escapeLiteral` writes it (quotes and
 * backslashes doubled, E'' when there are backslashes, so it reads the same whatever
 * standard_conforming_strings says); the unit test holds the two equal on any string. Its
 * character-by-character loop cost a twentieth of the server's thread per event on the
 * transition's context; one native replace does the same.
 */
export function quoteLiteral(value: string): string {
  const body = value.replace(/['\\]/g, (c) => c + c)
  return value.includes('\\') ? ` E'${body}'` : `'${body}'`
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export { DataDirBusyError } from './data-dir-lock'

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string
  /** Embedded data dir; `memory://` for a throwaway database. */
  dataDir?: string
  /** A PGlite dump to start from (tests: skip initdb and migrations). */
  loadDataDir?: Blob
  migrate?: boolean
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir ?? './data', options.loadDataDir)
  if (options.migrate !== false) {
    if (database.kind === 'pglite') await migratePglite(database.db as never, { migrationsFolder })
    else await migratePg(database.db as never, { migrationsFolder })
  }
  return database
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://')
  let unlock: Unlock = async () => {}
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true })
    unlock = await lockDataDir(dataDir)
  }
  try {
    if (!inMemory && !loadDataDir) await initDataDirApart(join(dataDir, 'pg'))
    // In its own thread: a statement no longer stops the server's event loop (pglite-thread.mjs).
    const client = await PgliteThread.start({
      dataDir: inMemory ? undefined : join(dataDir, 'pg'),
      loadDataDir,
      startParams: PGLITE_EXTRA_START_PARAMS,
    })
    const db = drizzlePglite(client as never, { schema }) as unknown as Db
    return {
      db,
      kind: 'pglite',
      async listen(channel, onPayload) {
        const unsub = await client.listen(channel, onPayload)
        return async () => unsub()
      },
      async close() {
        await client.close()
        await unlock()
      },
    }
  } catch (e) {
    await unlock()
    throw e
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle client dropped by the server (restart, failover) must not crash the process:
  // the pool discards it and connects a new one on the next checkout.
  pool.on('error', () => {})
  // Fail fast with a clear message rather than on the first request.
  await pool.query('select 1')
  const db = drizzlePg(pool, { schema }) as unknown as Db
  const listeners: pg.Client[] = []
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      client.on('notification', (n) => n.channel === channel && onPayload(n.payload ?? ''))
      client.on('error', () => {}) // reported by the owner through health checks
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      listeners.push(client)
      return async () => {
        await client.end().catch(() => {})
      }
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})))
      await pool.end()
    },
  }
}
