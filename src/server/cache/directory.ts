import { sql } from 'drizzle-orm'
import type { Database, Db, Tx } from '../db/client'
import type { users } from '../db/schema'

/**
 * Per-process caches of what changes only when a person or the admin changes it: signed-in
 * sessions and people's names. Every change to `users`, `sessions` or `departments` is announced
 * on DIRECTORY_CHANNEL by a statement trigger (migration 0004), whichever process or tool made
 * it, and each process drops what it cached; a short lifetime bounds staleness should a
 * notification be lost (a dropped LISTEN connection). Sign-out and revocation also clear this
 * process's cache synchronously (`auth/sessions.ts`), so they take effect here at once.
 */
export const DIRECTORY_CHANNEL = 'viza_directory'

type UserRow = typeof users.$inferSelect

/** Users by session-token hash, for at most `ttlMs` and never beyond the session's expiry. */
export class SessionCache {
  private readonly entries = new Map<
    string,
    { user: UserRow; expiresAt: number; cachedAt: number }
  >()

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 10_000,
  ) {}

  get(tokenHash: string, now: Date): UserRow | undefined {
    const e = this.entries.get(tokenHash)
    if (!e) return undefined
    if (Date.now() - e.cachedAt >= this.ttlMs || now.getTime() >= e.expiresAt) {
      this.entries.delete(tokenHash)
      return undefined
    }
    return e.user
  }

  /** Bumped by every clear: a lookup that began before a revocation must not be cached after it. */
  generation = 0

  set(tokenHash: string, user: UserRow, expiresAt: Date, generation: number) {
    if (generation !== this.generation) return
    if (this.entries.size >= this.max) this.entries.clear()
    this.entries.set(tokenHash, { user, expiresAt: expiresAt.getTime(), cachedAt: Date.now() })
  }

  clear() {
    this.generation++
    this.entries.clear()
  }
}

/** The one session cache of this process (sessions are keyed by a random token's hash). */
export const sessionCache = new SessionCache()

/** People's display names by id, for history and version authors; the table is small. */
export class NameDirectory {
  private names = new Map<string, string>()
  private roles = new Map<string, string>()
  private loadedAt = -Infinity

  constructor(private readonly ttlMs = 60_000) {}

  invalidate() {
    this.loadedAt = -Infinity
  }

  /** Makes sure every id that names a person is known (system actors never are). */
  async ensure(db: Db | Tx, ids: Iterable<string>) {
    const age = Date.now() - this.loadedAt
    let missing = age >= this.ttlMs
    if (!missing && age >= 1_000) {
      for (const id of ids) {
        if (id !== 'system' && !this.names.has(id)) {
          missing = true
          break
        }
      }
    }
    if (!missing) return
    const result = await db.execute(sql`select id, name, role from users`)
    const rows = (result as unknown as { rows: Array<{ id: string; name: string; role: string }> })
      .rows
    this.names = new Map(rows.map((r) => [r.id, r.name]))
    this.roles = new Map(rows.map((r) => [r.id, r.role]))
    this.loadedAt = Date.now()
  }

  nameOf(id: string): string {
    return this.names.get(id) ?? 'Система'
  }

  roleOf(id: string): string | undefined {
    return this.roles.get(id)
  }
}

/** Drops this process's caches whenever any process announces a change. */
export async function listenForDirectoryChanges(
  database: Database,
  names: NameDirectory,
): Promise<() => Promise<void>> {
  return database.listen(DIRECTORY_CHANNEL, (table) => {
    if (table === 'users' || table === 'sessions') sessionCache.clear()
    if (table === 'users') names.invalidate()
  })
}
