import { and, asc, eq } from 'drizzle-orm'
import { channelLabels, type Channel } from '../../domain/channels'
import { channelProblems } from '../../domain/publishing/format'
import type { Db } from '../db/client'
import { demoChannelPosts, demoCommentReplies, users } from '../db/schema'
import { DEMO_POSTS, demoStream, standingPostIds } from '../comments/demo-stream'
import type { Clock } from '../lib/clock'
import type { ChannelAdapter, CommentReader } from './adapter'

/** Where a person sees what the demo channels received (a screen of the app). */
export const DEMO_CHANNELS_PATH = '/demo-channels'

type DemoChannel = Exclude<Channel, 'manual'>

/**
 * What a demo channel can be told to do instead of accepting the next post, as the real
 * channel would: refuse for now (429), fail with the post's fate unknown (5xx, nothing
 * stored), take the post and never answer, or refuse the credentials.
 */
export const demoFaultKinds = [
  'rateLimited',
  'serverError',
  'timeoutAfterReceive',
  'unauthorized',
] as const
export type DemoFault = (typeof demoFaultKinds)[number]

/** Faults queued per demo channel, each used by one publication attempt. */
export class DemoFaults {
  private readonly queued = new Map<DemoChannel, DemoFault[]>()
  inject(channel: DemoChannel, faults: readonly DemoFault[]) {
    this.queued.set(channel, [...(this.queued.get(channel) ?? []), ...faults])
  }
  take(channel: DemoChannel): DemoFault | undefined {
    return this.queued.get(channel)?.shift()
  }
}

/**
 * A built-in channel for the demo database: it accepts a post the way the real API would
 * (the same limits), keeps it in the database and answers with a link to Viza's own page of
 * what each demo channel received. It stores each ledger guid once, so a retry never shows a
 * post twice; yet it reports the real channel's idempotency (only VK de-duplicates), so the
 * demo teaches the real workflow: an unknown outcome on Telegram, OK or MAX goes to a person.
 */
export function demoAdapter(
  channel: DemoChannel,
  db: Db,
  clock: Clock,
  faults?: DemoFaults,
): ChannelAdapter {
  const link = (id: number) => `${DEMO_CHANNELS_PATH}#demo-post-${id}`
  const name = `Демо-канал «${channelLabels[channel]}»`
  return {
    channel,
    configured: true,
    demo: true,
    idempotent: channel === 'vk',
    channelUrl: `${DEMO_CHANNELS_PATH}#${channel}`,
    async publish(request) {
      const fault = faults?.take(channel)
      if (fault === 'rateLimited')
        return {
          kind: 'failed',
          error: `${name}: слишком много запросов, повтор через секунду`,
          retryable: true,
          retryAfterMs: 1000,
        }
      if (fault === 'serverError')
        return { kind: 'unknown', error: `${name}: ошибка сервера (503)` }
      if (fault === 'unauthorized')
        return { kind: 'failed', error: `${name}: ключ доступа не принят`, retryable: false }
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
      if (fault === 'timeoutAfterReceive')
        return { kind: 'unknown', error: `${name}: пост принят, но ответа нет` }
      return { kind: 'sent', externalId: String(id), url: link(id) }
    },
    // The demo pages have citizens too: comments keep arriving (read by catch-up polling).
    ...(channel === 'vk' || channel === 'ok'
      ? { comments: demoCommentReader(channel, db, clock) }
      : {}),
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

/**
 * The demo page's comments as a reader: the standing posts' stream counts from when the demo
 * database was made (the demo accounts' creation), a published post's from its publication.
 * One page per post (the demo faults are the publications' own: reading does not take them).
 */
function demoCommentReader(channel: 'vk' | 'ok', db: Db, clock: Clock): CommentReader {
  let madeAt: Date | null = null
  const demoMadeAt = async () => {
    if (!madeAt) {
      const [first] = await db
        .select({ at: users.createdAt })
        .from(users)
        .where(eq(users.demo, true))
        .orderBy(asc(users.createdAt))
        .limit(1)
      madeAt = first?.at ?? clock.now()
    }
    return madeAt
  }
  return {
    async standingPosts() {
      return standingPostIds().map((postId, i) => ({
        postId,
        title: DEMO_POSTS[i]!,
        url: `${DEMO_CHANNELS_PATH}#${channel}`,
      }))
    },
    async page(postId) {
      let anchor = await demoMadeAt()
      if (!standingPostIds().includes(postId)) {
        const [post] = await db
          .select({ at: demoChannelPosts.createdAt })
          .from(demoChannelPosts)
          .where(
            and(eq(demoChannelPosts.channel, channel), eq(demoChannelPosts.id, Number(postId))),
          )
        if (!post) return { kind: 'page', comments: [], next: null }
        anchor = post.at
      }
      return {
        kind: 'page',
        comments: demoStream(channel, postId, anchor, clock.now()),
        next: null,
      }
    },
  }
}
