import { parseMarkup, renderPlain } from '../../domain/publishing/format'
import {
  send,
  type ChannelAdapter,
  type CommentPageOutcome,
  type InboundComment,
  type PublishOutcome,
  type PublishRequest,
  type ReplyRequest,
} from './adapter'

export const VK_API_VERSION = '5.199'

export interface VkConfig {
  /** A community token with the wall and photos rights. */
  accessToken: string
  /** The community id, positive (the wall is owner_id = -groupId). */
  groupId: string
  apiBase?: string
  timeoutMs?: number
}

/** Every VK API answer: `response`, or `error` (shared with the emulation in src/mocks). */
export interface VkReply<T> {
  response?: T
  error?: { error_code: number; error_msg: string }
}

/** `wall.createComment` (API 5.199): the new comment's id and the ids of the thread above it. */
export interface VkCreateCommentResponse {
  comment_id: number
  parents_stack: number[]
}

/**
 * A wall comment as `wall.getComments` returns it (API 5.199; the callback's `wall_reply_new`
 * object has the same fields). `thread` holds up to `thread_items_count` (≤ 10) replies under
 * a top-level comment; a deleted comment that has replies stays, with `deleted: true`.
 */
export interface VkWallComment {
  id: number
  from_id: number
  date: number
  text: string
  post_id: number
  owner_id: number
  parents_stack?: number[]
  reply_to_user?: number
  reply_to_comment?: number
  deleted?: boolean
  thread?: { count: number; items: VkWallComment[]; can_post?: boolean }
}

/** `wall.getComments` with `extended=1`: the comments of one level and the people in them. */
export interface VkGetCommentsResponse {
  /** Every comment under the post, replies included. */
  count: number
  /** The comments of the level asked for (top level, or one thread with `comment_id`). */
  current_level_count: number
  items: VkWallComment[]
  profiles: Array<{ id: number; first_name: string; last_name: string; screen_name?: string }>
  groups: Array<{ id: number; name: string; screen_name?: string }>
  can_post?: boolean
  groups_can_post?: boolean
}

/** `count` of wall.getComments is at most 100; threads come with at most 10 items. */
export const VK_COMMENTS_PAGE = 100
export const VK_THREAD_ITEMS = 10

/** Where a reply is seen: the post, opened at the reply, in the citizen's thread. */
export const vkReplyUrl = (pageId: string, postId: string, commentId: number, thread: string) =>
  `https://vk.com/wall${pageId}_${postId}?reply=${commentId}&thread=${thread}`

/** Errors after which the post surely was not made, and whether waiting helps. */
const RETRYABLE = new Set([
  6 /* too many requests per second */, 9 /* flood control */, 10 /* internal error */,
])

/**
 * VK API: photos.getWallUploadServer → upload → photos.saveWallPhoto for each image, then
 * wall.post with from_group=1 and a `guid`, which makes VK refuse a second post with the same
 * guid: a retry after an unknown outcome is safe here.
 */
export function vkAdapter(config: VkConfig | null): ChannelAdapter {
  const call = async <T>(
    method: string,
    params: Record<string, string>,
  ): Promise<{ reply: VkReply<T> } | { transport: { sent: boolean; error: string } }> => {
    const body = new URLSearchParams({
      ...params,
      access_token: config!.accessToken,
      v: VK_API_VERSION,
    })
    const r = await send(
      `${config!.apiBase ?? 'https://api.vk.com'}/method/${method}`,
      {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      config!.timeoutMs,
    )
    if (!r.ok) return { transport: { sent: r.sent, error: r.error } }
    const reply = (await r.res
      .json()
      .catch(() => ({ error: { error_code: 0, error_msg: `HTTP ${r.res.status}` } }))) as VkReply<T>
    return { reply }
  }
  const fail = (e: { error_code: number; error_msg: string }): PublishOutcome => ({
    kind: 'failed',
    error: `VK ${e.error_code}: ${e.error_msg}`,
    retryable: RETRYABLE.has(e.error_code),
    ...(e.error_code === 6
      ? { retryAfterMs: 1000 }
      : e.error_code === 9
        ? { retryAfterMs: 60_000 }
        : {}),
  })

  return {
    channel: 'vk',
    configured: !!config,
    channelUrl: config ? `https://vk.com/club${config.groupId}` : undefined,
    idempotent: true,
    async publish(req: PublishRequest): Promise<PublishOutcome> {
      if (!config)
        return {
          kind: 'failed',
          error: 'ВКонтакте не настроен: нет токена или сообщества',
          retryable: false,
        }
      const attachments: string[] = []
      for (const img of req.images) {
        const server = await call<{ upload_url: string }>('photos.getWallUploadServer', {
          group_id: config.groupId,
        })
        if ('transport' in server)
          return { kind: 'failed', error: server.transport.error, retryable: true }
        if (!server.reply.response) return fail(server.reply.error!)
        const form = new FormData()
        form.set('photo', new Blob([img.bytes], { type: img.mime }), img.name)
        const up = await send(server.reply.response.upload_url, { method: 'POST', body: form })
        if (!up.ok) return { kind: 'failed', error: up.error, retryable: true }
        const uploaded = (await up.res.json()) as { server: number; photo: string; hash: string }
        const saved = await call<Array<{ id: number; owner_id: number }>>('photos.saveWallPhoto', {
          group_id: config.groupId,
          server: String(uploaded.server),
          photo: uploaded.photo,
          hash: uploaded.hash,
        })
        if ('transport' in saved)
          return { kind: 'failed', error: saved.transport.error, retryable: true }
        if (!saved.reply.response?.[0])
          return fail(saved.reply.error ?? { error_code: 0, error_msg: 'нет фото в ответе' })
        attachments.push(`photo${saved.reply.response[0].owner_id}_${saved.reply.response[0].id}`)
      }
      const posted = await call<{ post_id: number }>('wall.post', {
        owner_id: `-${config.groupId}`,
        from_group: '1',
        message: renderPlain(parseMarkup(req.text)),
        guid: req.guid,
        ...(attachments.length ? { attachments: attachments.join(',') } : {}),
      })
      // With a guid, VK will not post twice: an unanswered call is simply sent again.
      if ('transport' in posted)
        return posted.transport.sent
          ? { kind: 'unknown', error: posted.transport.error }
          : { kind: 'failed', error: posted.transport.error, retryable: true }
      if (posted.reply.response) {
        const id = posted.reply.response.post_id
        return {
          kind: 'sent',
          externalId: String(id),
          url: `https://vk.com/wall-${config.groupId}_${id}`,
        }
      }
      return fail(posted.reply.error!)
    },
    /**
     * wall.createComment on the post, as the community (`from_group` = the group's id), in
     * reply to the citizen's comment, with a `guid`: VK refuses a second comment with the same
     * guid, so an unanswered call is simply sent again.
     */
    async reply(req: ReplyRequest): Promise<PublishOutcome> {
      if (!config)
        return {
          kind: 'failed',
          error: 'ВКонтакте не настроен: нет токена или сообщества',
          retryable: false,
        }
      const made = await call<VkCreateCommentResponse>('wall.createComment', {
        owner_id: req.pageId,
        post_id: req.networkPostId,
        from_group: config.groupId,
        message: req.text,
        reply_to_comment: req.networkCommentId,
        guid: req.guid,
      })
      if ('transport' in made)
        return made.transport.sent
          ? { kind: 'unknown', error: made.transport.error }
          : { kind: 'failed', error: made.transport.error, retryable: true }
      if (made.reply.response) {
        const id = made.reply.response.comment_id
        return {
          kind: 'sent',
          externalId: String(id),
          url: vkReplyUrl(req.pageId, req.networkPostId, id, req.networkCommentId),
        }
      }
      return fail(made.reply.error ?? { error_code: 0, error_msg: 'пустой ответ' })
    },
    ...(config ? { comments: vkCommentReader(config, call) } : {}),
  }
}

type VkCall = <T>(
  method: string,
  params: Record<string, string>,
) => Promise<{ reply: VkReply<T> } | { transport: { sent: boolean; error: string } }>

/**
 * Catch-up reading of a post's comments: `wall.getComments` with `owner_id` = -group,
 * `post_id`, `sort=asc`, `count` ≤ 100 and `offset` over the top level, `extended=1` (the
 * authors' names in `profiles`) and `thread_items_count=10`; a thread with more replies than
 * came inline is read in full with `comment_id`. The cursor is the next top-level offset.
 * Any error (6 too many requests, 9 flood control, 29 rate limit, 10 internal, a 5xx, a
 * timeout) fails the page: reading has no side effects, so it is simply read again later.
 */
function vkCommentReader(config: VkConfig, call: VkCall) {
  const pageId = `-${config.groupId}`
  const read = async (params: Record<string, string>) => {
    const r = await call<VkGetCommentsResponse>('wall.getComments', {
      owner_id: pageId,
      sort: 'asc',
      extended: '1',
      need_likes: '0',
      preview_length: '0',
      count: String(VK_COMMENTS_PAGE),
      ...params,
    })
    if ('transport' in r) return { error: `ВКонтакте: ${r.transport.error}` }
    if (!r.reply.response) {
      const e = r.reply.error ?? { error_code: 0, error_msg: 'пустой ответ' }
      const retryAfterMs = e.error_code === 6 ? 1000 : [9, 29].includes(e.error_code) ? 60_000 : 0
      return { error: `VK ${e.error_code}: ${e.error_msg}`, retryAfterMs }
    }
    return { response: r.reply.response }
  }
  const people = (res: VkGetCommentsResponse) =>
    new Map(res.profiles.map((p) => [p.id, `${p.first_name} ${p.last_name}`.trim()]))
  const toInbound = (
    c: VkWallComment,
    names: Map<number, string>,
    earlier: InboundComment['earlier'],
  ): InboundComment => ({
    pageId,
    networkPostId: String(c.post_id),
    networkCommentId: String(c.id),
    authorName: names.get(c.from_id) ?? `Пользователь VK id${c.from_id}`,
    authorUrl: c.from_id > 0 ? `https://vk.com/id${c.from_id}` : `https://vk.com/club${-c.from_id}`,
    text: c.text,
    leftAt: new Date(c.date * 1000),
    fromPage: c.from_id < 0,
    deleted: c.deleted === true,
    earlier,
  })
  const said = (c: InboundComment) => ({
    authorName: c.authorName,
    text: c.text,
    at: c.leftAt.toISOString(),
  })
  return {
    async page(postId: string, cursor: string | null): Promise<CommentPageOutcome> {
      const offset = cursor ? Number(cursor) : 0
      const top = await read({
        post_id: postId,
        offset: String(offset),
        thread_items_count: String(VK_THREAD_ITEMS),
      })
      if ('error' in top)
        return { kind: 'failed', error: top.error!, retryAfterMs: top.retryAfterMs }
      const res = top.response!
      const names = people(res)
      const out: InboundComment[] = []
      for (const c of res.items) {
        const root = toInbound(c, names, [])
        out.push(root)
        let replies = c.thread?.items ?? []
        if (c.thread && c.thread.count > replies.length) {
          // the whole thread, page by page
          replies = []
          for (let at = 0; ; at += VK_COMMENTS_PAGE) {
            const t = await read({ post_id: postId, comment_id: String(c.id), offset: String(at) })
            if ('error' in t)
              return { kind: 'failed', error: t.error!, retryAfterMs: t.retryAfterMs }
            for (const [k, v] of people(t.response!)) names.set(k, v)
            replies.push(...t.response!.items)
            if (
              !t.response!.items.length ||
              at + VK_COMMENTS_PAGE >= t.response!.current_level_count
            )
              break
          }
        }
        const thread: InboundComment[] = []
        for (const r of replies) {
          const item = toInbound(r, names, [said(root), ...thread.slice(-4).map(said)])
          thread.push(item)
          out.push(item)
        }
      }
      const next = offset + res.items.length
      return {
        kind: 'page',
        comments: out,
        next: res.items.length && next < res.current_level_count ? String(next) : null,
      }
    },
  }
}
