import { desc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { channels } from '../../domain/channels'
import type { ChannelStatusDto, DemoChannelPostDto } from '../../shared/api/contract'
import { demoChannelPosts, posts } from '../db/schema'
import { channelMode } from '../publishing/publisher'
import { requireRole, requireUser, type Env } from './middleware'

/** How each channel is served, and what the built-in demo channels received. */
export const channelRoutes = new Hono<Env>()
  .get('/channels', requireUser, (c) => {
    const adapters = c.var.deps.publisher.adapters
    const items: ChannelStatusDto[] = channels.map((channel) => ({
      channel,
      mode: channelMode(channel, adapters[channel]),
    }))
    return c.json({ items }, 200)
  })
  .get('/demo-channels', requireUser, requireRole('editor', 'governor', 'admin'), async (c) => {
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
