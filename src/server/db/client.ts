import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { initDataDirApart, PGLITE_START_PARAMS } from './pglite-memory'
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

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export class DataDirBusyError extends Error {
  constructor(dir: string, pid: string) {
    super(
      `Встроенная база данных в ${dir} уже открыта другим процессом (pid ${pid}). ` +
        'Остановите его или укажите другой VIZA_DATA_DIR.',
    )
  }
}

/** One process at a time owns an embedded data dir: PGlite has no multi-process locking. */
function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, 'viza.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(lockPath, { force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = readFileSync(lockPath, 'utf8').trim()
      if (isAlive(Number(pid))) throw new DataDirBusyError(dir, pid)
      rmSync(lockPath, { force: true }) // a crashed process left it behind
    }
  }
  throw new DataDirBusyError(dir, '?')
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

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
  let unlock = () => {}
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  }
  try {
    if (!inMemory && !loadDataDir) await initDataDirApart(join(dataDir, 'pg'))
    const client = await PGlite.create(inMemory ? undefined : join(dataDir, 'pg'), {
      loadDataDir,
      startParams: PGLITE_START_PARAMS,
    })
    const db = drizzlePglite(client, { schema }) as unknown as Db
    return {
      db,
      kind: 'pglite',
      async listen(channel, onPayload) {
        const unsub = await client.listen(channel, onPayload)
        return async () => unsub()
      },
      async close() {
        await client.close()
        unlock()
      },
    }
  } catch (e) {
    unlock()
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
