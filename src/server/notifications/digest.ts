import { and, asc, eq } from 'drizzle-orm'
import { DEFAULT_DIGEST_AT, dueDigest } from '../../domain/notifications/preferences'
import type { NotificationFacts } from '../../domain/notifications/rules'
import type { Db } from '../db/client'
import { notificationSettings, posts, users } from '../db/schema'
import { awaitingGovernorSince } from '../posts/governor-wait'
import { queueNotification } from './outbox'

/**
 * The governor's digest (issue 13), run by the sweeper: at each time he chose (region time,
 * `digestAt` in his settings, 08:30 by default), one notification listing the posts that wait
 * for his decision, oldest first — none when nothing waits. Key `digest:<person>:<date>:<time>`,
 * so however many sweeps and processes see the slot, it is queued once; a slot missed by more
 * than an hour (the server was down) is skipped rather than sent late.
 */
export async function queueDigests(db: Db, now: Date): Promise<number> {
  const governors = await db
    .select({ id: users.id, settings: notificationSettings.settings })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(and(eq(users.role, 'governor'), eq(users.active, true)))
  const due = governors.flatMap((g) => {
    const slot = dueDigest(g.settings?.digestAt ?? DEFAULT_DIGEST_AT, now)
    return slot ? [{ userId: g.id, slot }] : []
  })
  if (!due.length) return 0
  const waiting = await db
    .select({ id: posts.id, title: posts.title, urgent: posts.urgent })
    .from(posts)
    .where(eq(posts.state, 'awaitingGovernor'))
    .orderBy(asc(posts.updatedAt))
    .limit(500)
  if (!waiting.length) return 0
  const sentUp = await awaitingGovernorSince(
    db,
    waiting.map((w) => w.id),
  )
  const items = waiting
    .map((w) => ({ ...w, since: sentUp.get(w.id)?.toISOString() ?? null }))
    .sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''))
  let queued = 0
  for (const { userId, slot } of due) {
    const facts: NotificationFacts = {
      kind: 'governorDigest',
      // the oldest waiting post: the row's anchor (the message opens the governor's queue)
      postId: items[0]!.id,
      title: items[0]!.title,
      event: 'DIGEST',
      actorId: 'system',
      actorRole: 'system',
      toState: 'awaitingGovernor',
      urgent: false,
      dueAt: null,
      departmentId: null,
      comment: null,
      at: now.toISOString(),
      audience: [{ userId }],
      waiting: items.map((i) => ({ title: i.title, since: i.since })),
    }
    if (await queueNotification(db, `digest:${userId}:${slot.date}:${slot.time}`, facts)) queued++
  }
  return queued
}
