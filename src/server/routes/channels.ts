import { desc, eq } from 'drizzle-orm'
import { channels } from '../../domain/channels'
import type { ChannelStatusDto, DemoChannelPostDto } from '../../shared/api/contract'
import type { DemoCommentReplyDto } from '../../shared/api/responses'
import { comments, demoChannelPosts, demoCommentReplies, posts } from '../db/schema'
import { channelMode } from '../publishing/publisher'
import { declare, errors, json, roles, router, schemas, signedIn } from './define'

const listChannels = declare({
  method: 'get',
  path: '/channels',
  operationId: 'listChannels',
  tags: ['channels'],
  summary: 'How each channel is served: real, demo, manual or notConfigured',
  ...signedIn,
  responses: { 200: json(schemas.ChannelStatusList, 'Every channel'), ...errors(401) },
})

const demoPosts = declare({
  method: 'get',
  path: '/demo-channels',
  operationId: 'listDemoChannelPosts',
  tags: ['channels'],
  summary: 'What the built-in demo channels received (the last 200)',
  ...roles('editor', 'governor', 'admin'),
  responses: {
    200: json(schemas.DemoChannelPostList, 'Newest first'),
    ...errors(401, 403),
  },
})

const demoReplies = declare({
  method: 'get',
  path: '/demo-channels/replies',
  operationId: 'listDemoCommentReplies',
  tags: ['channels'],
  summary:
    'Replies Viza posted on the demo VK and OK pages, with the comments they answer (the last 200)',
  ...roles('editor', 'governor', 'admin'),
  responses: {
    200: json(schemas.DemoCommentReplyList, 'Newest first'),
    ...errors(401, 403),
  },
})

/** How each channel is served, and what the built-in demo channels received. */
export const channelRoutes = router()
  .openapi(listChannels, (c) => {
    const adapters = c.var.deps.publisher.adapters
    const items: ChannelStatusDto[] = channels.map((channel) => ({
      channel,
      mode: channelMode(channel, adapters[channel]),
    }))
    return c.json({ items }, 200)
  })
  .openapi(demoPosts, async (c) => {
    const rows = await c.var.deps.database.db
      .select({ p: demoChannelPosts, title: posts.title })
      .from(demoChannelPosts)
      .leftJoin(posts, eq(posts.id, demoChannelPosts.postId))
      .orderBy(desc(demoChannelPosts.id))
      .limit(200)
    const items: DemoChannelPostDto[] = rows.map(({ p, title }) => ({
      id: p.id,
      channel: p.channel,
      postId: p.postId,
      postTitle: title ?? '',
      text: p.text,
      images: p.media,
      at: p.createdAt.toISOString(),
    }))
    return c.json({ items }, 200)
  })
  .openapi(demoReplies, async (c) => {
    const rows = await c.var.deps.database.db
      .select({ r: demoCommentReplies, comment: comments })
      .from(demoCommentReplies)
      .leftJoin(comments, eq(comments.id, demoCommentReplies.commentId))
      .orderBy(desc(demoCommentReplies.id))
      .limit(200)
    const items: DemoCommentReplyDto[] = rows.map(({ r, comment }) => ({
      id: r.id,
      network: r.network,
      commentId: r.commentId,
      authorName: comment?.authorName ?? '',
      commentText: comment?.text ?? '',
      postText: comment?.thread.postText ?? '',
      text: r.text,
      at: r.createdAt.toISOString(),
    }))
    return c.json({ items }, 200)
  })
