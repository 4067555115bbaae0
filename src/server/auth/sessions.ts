import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { sessionCache } from '../cache/directory'
import type { Db } from '../db/client'
import { sessions, users } from '../db/schema'

export const SESSION_COOKIE = 'viza_session'
export const SESSION_TTL_MS = 7 * 24 * 3_600_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** How a session is named in other tables (its token's hash): never the token itself. */
export const sessionKey = hashToken

export async function createSession(db: Db, userId: string, now: Date) {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt })
  return { token, expiresAt }
}

/**
 * The signed-in user, or null. Answers from the per-process session cache when it can (see
 * `cache/directory.ts` for how revocation reaches every process).
 */
export async function userForSession(db: Db, token: string, now: Date) {
  const tokenHash = hashToken(token)
  const cached = sessionCache.get(tokenHash, now)
  if (cached) return cached
  const generation = sessionCache.generation
  const [row] = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    )
  if (!row) return null
  sessionCache.set(tokenHash, row.user, row.expiresAt, generation)
  return row.user
}

export async function revokeSession(db: Db, token: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(eq(sessions.tokenHash, hashToken(token)))
  sessionCache.clear()
}

export async function revokeUserSessions(db: Db, userId: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
  sessionCache.clear()
}
