import type { Database } from '../db/client'

/**
 * NOTIFY channel: `{"userIds": […]}` when in-app notifications were added for those people, or
 * `{"all": true}` when the list would not fit in a NOTIFY payload.
 */
export const NOTIFICATIONS_CHANNEL = 'viza_notifications'

type Listener = () => void

/**
 * Tells this process's SSE streams that a person has new notifications. The NOTIFY is sent in
 * the expansion's transaction, so every process on the database hears it on commit.
 */
export class NotificationSignals {
  private readonly listeners = new Map<string, Set<Listener>>()
  private unlisten: (() => Promise<void>) | null = null

  async start(database: Database) {
    this.unlisten = await database.listen(NOTIFICATIONS_CHANNEL, (payload) => {
      try {
        const { userIds, all } = JSON.parse(payload) as { userIds?: unknown; all?: boolean }
        if (all) {
          for (const set of this.listeners.values()) for (const l of set) l()
          return
        }
        if (!Array.isArray(userIds)) return
        for (const id of userIds) for (const l of this.listeners.get(String(id)) ?? []) l()
      } catch {
        /* not ours */
      }
    })
  }

  subscribe(userId: string, l: Listener): () => void {
    let set = this.listeners.get(userId)
    if (!set) this.listeners.set(userId, (set = new Set()))
    set.add(l)
    return () => {
      set.delete(l)
      if (!set.size) this.listeners.delete(userId)
    }
  }

  async stop() {
    await this.unlisten?.()
  }
}
