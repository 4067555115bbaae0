import { desc, eq, gt } from 'drizzle-orm'
import type { Actor } from '../../domain/roles'
import type { LiveEventDto } from '../../shared/api/contract'
import type { Database, Db } from '../db/client'
import { postHistory, posts, users } from '../db/schema'
import { LIVE_CHANNEL } from '../posts/transition-writer'
import type { Logger } from '../lib/log'
import { canSeeChange } from '../lib/visibility'

export interface LiveEnvelope {
  event: LiveEventDto
  departmentIds: string[]
}

type Subscriber = (e: LiveEnvelope) => void

/** Who may receive a change: a department only its own posts' changes (before or after a move). */
export function mayReceive(actor: Actor, e: LiveEnvelope): boolean {
  return canSeeChange(actor, e.departmentIds)
}

export async function loadEnvelopes(db: Db, afterId: number, limit = 500): Promise<LiveEnvelope[]> {
  const rows = await db
    .select({ h: postHistory, title: posts.title, name: users.name })
    .from(postHistory)
    .innerJoin(posts, eq(posts.id, postHistory.postId))
    .leftJoin(users, eq(users.id, postHistory.actorId))
    .where(gt(postHistory.id, afterId))
    .orderBy(postHistory.id)
    .limit(limit)
  return rows.map(({ h, title, name }) => ({
    departmentIds: h.departmentIds,
    event: {
      id: h.id,
      postId: h.postId,
      title,
      event: h.event as LiveEventDto['event'],
      actorId: h.actorId,
      actorName: name ?? 'Система',
      actorRole: h.actorRole,
      fromState: (h.fromState as LiveEventDto['fromState']) ?? null,
      toState: h.toState as LiveEventDto['toState'],
      version: h.version,
    },
  }))
}

/** The envelope a NOTIFY carries (PostService), or null for an id-only notice. */
function announced(payload: string): LiveEnvelope | null {
  try {
    const e = JSON.parse(payload) as Partial<LiveEnvelope> & { id?: number }
    if (!e.event || !Array.isArray(e.departmentIds) || typeof e.id !== 'number') return null
    return { departmentIds: e.departmentIds, event: { ...e.event, id: e.id } }
  } catch {
    return null
  }
}

/**
 * Fans history rows out to this process's SSE clients. Rows are announced by NOTIFY on commit,
 * so a change accepted by any process sharing the database reaches every process's clients.
 */
export class LiveBus {
  private readonly subscribers = new Set<Subscriber>()
  private unlisten: (() => Promise<void>) | null = null
  private lastSeen = 0
  private pump: Promise<void> = Promise.resolve()

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  async start() {
    const [last] = await this.database.db
      .select({ id: postHistory.id })
      .from(postHistory)
      .orderBy(desc(postHistory.id))
      .limit(1)
    this.lastSeen = last?.id ?? 0
    this.unlisten = await this.database.listen(LIVE_CHANNEL, (payload) =>
      this.schedule(announced(payload)),
    )
  }

  /** Notifications can arrive out of order or be coalesced: always read everything new, in order. */
  private schedule(notice: LiveEnvelope | null = null) {
    this.pump = this.pump.then(async () => {
      try {
        // The common case needs no query: the notice carries the row, and it is the next one.
        if (notice && notice.event.id === this.lastSeen + 1) {
          this.lastSeen = notice.event.id
          for (const s of this.subscribers) s(notice)
          return
        }
        if (notice && notice.event.id <= this.lastSeen) return
        for (;;) {
          const batch = await loadEnvelopes(this.database.db, this.lastSeen)
          for (const e of batch) {
            this.lastSeen = Math.max(this.lastSeen, e.event.id)
            for (const s of this.subscribers) s(e)
          }
          if (batch.length < 500) break
        }
      } catch (err) {
        this.log.error('live bus read failed', { err: String(err) })
      }
    })
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s)
    return () => this.subscribers.delete(s)
  }

  /** The newest history id this process has announced. */
  get lastSeenId() {
    return this.lastSeen
  }

  async stop() {
    await this.unlisten?.()
    await this.pump
  }
}
