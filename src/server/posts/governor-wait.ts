import { and, inArray, max, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { postHistory } from '../db/schema'

/**
 * Since when each post has waited for the governor: its last entry into `awaitingGovernor`
 * (his own edits while he has it do not restart the wait). One rule for the dashboard's and
 * the queue's «ждёт с …» and the governor's digest; the post page reads the same from its
 * cached history (`lastSentToGovernor`).
 */
export async function awaitingGovernorSince(
  db: Db,
  postIds: readonly string[],
): Promise<Map<string, Date>> {
  if (!postIds.length) return new Map()
  const rows = await db
    .select({ postId: postHistory.postId, at: max(postHistory.at) })
    .from(postHistory)
    .where(
      and(
        inArray(postHistory.postId, [...postIds]),
        sql`${postHistory.toState} = 'awaitingGovernor'`,
        sql`${postHistory.fromState} is distinct from 'awaitingGovernor'`,
      ),
    )
    .groupBy(postHistory.postId)
  return new Map(rows.flatMap((r) => (r.at ? [[r.postId, new Date(r.at)] as const] : [])))
}
