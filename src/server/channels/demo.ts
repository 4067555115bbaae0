import { eq, and } from 'drizzle-orm'
import type { Channel } from '../../domain/channels'
import { channelProblems } from '../../domain/publishing/format'
import type { Db } from '../db/client'
import { demoChannelPosts, demoCommentReplies } from '../db/schema'
import type { Clock } from '../lib/clock'
import type { ChannelAdapter } from './adapter'

/** Where a person sees what the demo channels received (a screen of the app). */
export const DEMO_CHANNELS_PATH = '/demo-channels'

/**
 * A built-in channel for the demo database: it accepts a post the way the real API would
 * (the same limits), keeps it in the database and answers with a link to Viza's own page of
 * what each demo channel received. De-duplicated by the ledger's guid, like VK, so a retry
 * after an unknown outcome is safe.
 */
export function demoAdapter(
  channel: Exclude<Channel, 'manual'>,
  db: Db,
  clock: Clock,
): ChannelAdapter {
  const link = (id: number) => `${DEMO_CHANNELS_PATH}#demo-post-${id}`
  return {
    channel,
    configured: true,
    demo: true,
    idempotent: true,
    channelUrl: `${DEMO_CHANNELS_PATH}#${channel}`,
    async publish(request) {
      const problem = channelProblems(
        request.text,
        [channel],
        request.images.map((i) => ({ bytes: i.bytes.length })),
      )[0]
      if (problem) return { kind: 'failed', error: problem.message, retryable: false }
      const [inserted] = await db
        .insert(demoChannelPosts)
        .values({
          channel,
          guid: request.guid,
          postId: request.postId,
          text: request.text,
          media: request.images.map((i) => ({ id: i.id, name: i.name })),
          createdAt: clock.now(),
        })
        .onConflictDoNothing()
        .returning({ id: demoChannelPosts.id })
      const id =
        inserted?.id ??
        (
          await db
            .select({ id: demoChannelPosts.id })
            .from(demoChannelPosts)
            .where(
              and(eq(demoChannelPosts.channel, channel), eq(demoChannelPosts.guid, request.guid)),
            )
        )[0]!.id
      return { kind: 'sent', externalId: String(id), url: link(id) }
    },
    // The demo pages take replies to comments too (VK and OK), once per ledger guid.
    ...(channel === 'vk' || channel === 'ok'
      ? {
          async reply(request) {
            if (!request.text.trim())
              return { kind: 'failed', error: 'Пустой ответ', retryable: false }
            const [inserted] = await db
              .insert(demoCommentReplies)
              .values({
                network: channel,
                guid: request.guid,
                commentId: request.commentId,
                text: request.text,
                createdAt: clock.now(),
              })
              .onConflictDoNothing()
              .returning({ id: demoCommentReplies.id })
            const id =
              inserted?.id ??
              (
                await db
                  .select({ id: demoCommentReplies.id })
                  .from(demoCommentReplies)
                  .where(
                    and(
                      eq(demoCommentReplies.network, channel),
                      eq(demoCommentReplies.guid, request.guid),
                    ),
                  )
              )[0]!.id
            return {
              kind: 'sent',
              externalId: String(id),
              url: `${DEMO_CHANNELS_PATH}#demo-reply-${id}`,
            }
          },
        }
      : {}),
  }
}
