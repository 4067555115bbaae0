import type { Actor } from '../../domain/roles'
import type { Database } from '../db/client'
import { canSeeChange } from '../lib/visibility'

/**
 * NOTIFY channel: one citizen's comment changed (registered, or a lifecycle event). The payload
 * is a `CommentSignal`; it is sent in the change's transaction, so every process sharing the
 * database hears it on commit.
 */
export const COMMENTS_CHANNEL = 'viza_comments'

/** What a comment change tells the open screens (the `comment` frame of the live stream). */
export interface CommentSignal {
  commentId: string
  /** REGISTERED or the lifecycle event. */
  event: string
  actorId: string
  state: string
  version: number
  /** The departments the change concerns (before and after a move): who else may hear it. */
  departmentIds: string[]
  /** The change queued notifications (with its history row): the notifier has work. */
  notified?: boolean
}

type Listener = (s: CommentSignal) => void

function parse(payload: string): CommentSignal | null {
  try {
    const s = JSON.parse(payload) as Partial<CommentSignal>
    if (typeof s.commentId !== 'string' || !Array.isArray(s.departmentIds)) return null
    return {
      commentId: s.commentId,
      event: String(s.event ?? ''),
      actorId: String(s.actorId ?? ''),
      state: String(s.state ?? ''),
      version: Number(s.version ?? 0),
      departmentIds: s.departmentIds.map(String),
      notified: s.notified === true,
    }
  } catch {
    return null
  }
}

/**
 * Fans comment changes out to this process's SSE streams. Frames carry no id (like the
 * notification signal): a client that reconnects refetches its comment screens instead of
 * having them replayed.
 */
export class CommentSignals {
  private readonly listeners = new Set<Listener>()
  private unlisten: (() => Promise<void>) | null = null

  async start(database: Database) {
    this.unlisten = await database.listen(COMMENTS_CHANNEL, (payload) => {
      const s = parse(payload)
      if (s) for (const l of this.listeners) l(s)
    })
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  async stop() {
    await this.unlisten?.()
  }
}

/**
 * Who hears a comment change: whoever may see it (the one rule): the SMC, the governor and the
 * admin, every one; a department, those routed to it (before or after a move).
 */
export function mayHearComment(actor: Actor, s: CommentSignal): boolean {
  return canSeeChange(actor, s.departmentIds)
}
