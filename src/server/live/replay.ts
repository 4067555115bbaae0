import { and, eq, gt, lte } from 'drizzle-orm'
import type { Actor } from '../../domain/roles'
import type { LiveEventDto } from '../../shared/api/contract'
import type { Db } from '../db/client'
import { postHistory, posts, users } from '../db/schema'
import { visibleChanges } from '../lib/visibility'

/**
 * How far behind a reconnecting client may be and still be replayed what it missed. Further
 * behind, it is told to reload (`ready` with `reset: true`; the app refetches on every reconnect
 * anyway) instead of being sent the history.
 */
export const REPLAY_WINDOW = 1000

/** Live streams one person may hold open at once (tabs, devices). */
export const MAX_STREAMS_PER_USER = 8

/** A Last-Event-ID the server can use: a history id (bigint, within JavaScript's safe range). */
export function parseLastEventId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,16}$/.test(raw)) return null
  const id = Number(raw)
  return Number.isSafeInteger(id) ? id : null
}

export type ReplayPlan = { reset: true } | { reset: false; events: LiveEventDto[] }

/**
 * What a client that last saw `afterId` missed up to `upToId`: read from the primary key's
 * range (never more than REPLAY_WINDOW rows), and only the rows this person may see — a
 * department's filter is in the query, not applied afterwards in JavaScript.
 */
export async function replay(
  db: Db,
  actor: Actor,
  afterId: number,
  upToId: number,
): Promise<ReplayPlan> {
  if (afterId > upToId || upToId - afterId > REPLAY_WINDOW) return { reset: true }
  if (afterId === upToId) return { reset: false, events: [] }
  const visible = visibleChanges(actor, postHistory.departmentIds)
  const rows = await db
    .select({ h: postHistory, title: posts.title, name: users.name })
    .from(postHistory)
    .innerJoin(posts, eq(posts.id, postHistory.postId))
    .leftJoin(users, eq(users.id, postHistory.actorId))
    .where(and(gt(postHistory.id, afterId), lte(postHistory.id, upToId), visible))
    .orderBy(postHistory.id)
    .limit(REPLAY_WINDOW)
  return {
    reset: false,
    events: rows.map(({ h, title, name }) => ({
      id: h.id,
      postId: h.postId,
      title,
      event: h.event as LiveEventDto['event'],
      actorId: h.actorId,
      actorRole: h.actorRole,
      actorName: name ?? 'Система',
      fromState: (h.fromState as LiveEventDto['fromState']) ?? null,
      toState: h.toState as LiveEventDto['toState'],
      version: h.version,
    })),
  }
}

/** Open streams per user, so one person cannot hold the server's connections. */
export class StreamCounter {
  private readonly open = new Map<string, number>()
  tryOpen(userId: string): boolean {
    const n = this.open.get(userId) ?? 0
    if (n >= MAX_STREAMS_PER_USER) return false
    this.open.set(userId, n + 1)
    return true
  }
  close(userId: string) {
    const n = (this.open.get(userId) ?? 1) - 1
    if (n <= 0) this.open.delete(userId)
    else this.open.set(userId, n)
  }
}
