import {
  notificationsFor,
  type NotificationFacts,
  type TransitionFacts,
} from '../../domain/notifications/rules'
import type { Db, Tx } from '../db/client'
import { notificationOutbox } from '../db/schema'

/**
 * The post service's hook into notifications: what a transition queues, written with the
 * transition itself so that a crash can lose neither the event nor its notifications.
 *
 * Outbox keys: `h:<history id>:<kind>`, so one history row queues each kind at most once.
 */
export { notificationsFor as outboxFor, type TransitionFacts }

const key = (historyId: number | string, n: NotificationFacts) => `h:${historyId}:${n.kind}`

/**
 * For the locked transaction: the rows inserted after the history row. (The one-statement
 * transition queues the same rows inside `viza_transition`, migration 0011.) A comment's
 * history has its own ids, so its rows are keyed `c:<comment history id>:<kind>`.
 */
export async function writeOutbox(
  tx: Tx,
  facts: readonly NotificationFacts[],
  historyId: number,
  prefix: 'h' | 'c' = 'h',
): Promise<void> {
  if (!facts.length) return
  await tx
    .insert(notificationOutbox)
    .values(
      facts.map((n) => ({
        key: prefix === 'h' ? key(historyId, n) : `c:${historyId}:${n.kind}`,
        kind: n.kind,
        postId: n.postId,
        commentId: n.commentId ?? null,
        facts: n,
        createdAt: new Date(n.at),
      })),
    )
    .onConflictDoNothing()
}

/**
 * An outbox row under its own key (a reminder, a publication's trouble), in the caller's
 * transaction; the key makes a repeat a no-op. Returns whether the row is new.
 */
export async function queueNotification(
  tx: Db | Tx,
  key: string,
  facts: NotificationFacts,
): Promise<boolean> {
  const rows = await tx
    .insert(notificationOutbox)
    .values({
      key,
      kind: facts.kind,
      postId: facts.postId,
      commentId: facts.commentId ?? null,
      facts,
      createdAt: new Date(facts.at),
    })
    .onConflictDoNothing()
    .returning({ id: notificationOutbox.id })
  return rows.length > 0
}
