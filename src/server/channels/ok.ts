import { createHash } from 'node:crypto'
import { parseMarkup, renderPlain } from '../../domain/publishing/format'
import {
  send,
  type ChannelAdapter,
  type CommentPageOutcome,
  type InboundComment,
  type PublishOutcome,
  type PublishRequest,
} from './adapter'

export interface OkConfig {
  applicationKey: string
  applicationSecretKey: string
  accessToken: string
  groupId: string
  apiBase?: string
  timeoutMs?: number
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

/**
 * OK API request signature: md5 of the parameters sorted by name and written `k=v` without
 * separators (access_token and sig excluded), followed by md5(access_token + secret key).
 */
export function okSignature(
  params: Record<string, string>,
  accessToken: string,
  secretKey: string,
): string {
  const sorted = Object.keys(params)
    .filter((k) => k !== 'access_token' && k !== 'sig')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('')
  return md5(sorted + md5(accessToken + secretKey)).toLowerCase()
}

export interface OkError {
  error_code: number
  error_msg: string
}

/**
 * A comment of a group topic as `discussions.getComments` returns it. `date` is OK's
 * `yyyy-MM-dd HH:mm:ss` in Moscow time; a comment written as the group carries the group's id
 * as `author_id` (and `author_type: "GROUP"`).
 */
export interface OkComment {
  id: string
  author_id: string
  author_name?: string
  author_type?: 'USER' | 'GROUP'
  text: string
  date: string
  reply_to_comment_id?: string
  reply_to_id?: string
}

/** `discussions.getComments` (discussionType GROUP_TOPIC): a page and the anchor of the next. */
export interface OkGetCommentsResponse {
  comments: OkComment[]
  anchor?: string
  has_more: boolean
}

/** How many comments one `discussions.getComments` call asks for. */
export const OK_COMMENTS_PAGE = 100

/** OK's dates are Moscow time (UTC+3, no daylight saving since 2014). */
export const okDate = (s: string) => new Date(`${s.replace(' ', 'T')}+03:00`)

/** OK API, mediatopic.post to a group (type GROUP_THEME), photos through photosV2. */
export function okAdapter(config: OkConfig | null): ChannelAdapter {
  const call = async (method: string, extra: Record<string, string>) => {
    const params: Record<string, string> = {
      application_key: config!.applicationKey,
      method,
      format: 'json',
      ...extra,
    }
    const sig = okSignature(params, config!.accessToken, config!.applicationSecretKey)
    const body = new URLSearchParams({ ...params, sig, access_token: config!.accessToken })
    return send(
      `${config!.apiBase ?? 'https://api.ok.ru'}/fb.do`,
      {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      config!.timeoutMs,
    )
  }
  const failed = (e: OkError): PublishOutcome => ({
    kind: 'failed',
    error: `OK ${e.error_code}: ${e.error_msg}`,
    // 1 unknown, 2 service unavailable, 7 not implemented, 8 rate limit: nothing was posted.
    retryable: [1, 2, 8].includes(e.error_code),
    ...(e.error_code === 8 ? { retryAfterMs: 30_000 } : {}),
  })

  return {
    channel: 'ok',
    configured: !!config,
    channelUrl: config ? `https://ok.ru/group/${config.groupId}` : undefined,
    idempotent: false,
    async publish(req: PublishRequest): Promise<PublishOutcome> {
      if (!config)
        return {
          kind: 'failed',
          error: 'Одноклассники не настроены: нет ключей приложения или группы',
          retryable: false,
        }
      const photoTokens: string[] = []
      for (const img of req.images) {
        const r = await call('photosV2.getUploadUrl', { gid: config.groupId, count: '1' })
        if (!r.ok) return { kind: 'failed', error: r.error, retryable: true }
        const reply = (await r.res.json()) as {
          upload_url?: string
          photo_ids?: string[]
        } & Partial<OkError>
        if (!reply.upload_url || !reply.photo_ids?.[0]) return failed(reply as OkError)
        const form = new FormData()
        form.set('pic1', new Blob([img.bytes], { type: img.mime }), img.name)
        const up = await send(reply.upload_url, { method: 'POST', body: form })
        if (!up.ok) return { kind: 'failed', error: up.error, retryable: true }
        const uploaded = (await up.res.json()) as { photos: Record<string, { token: string }> }
        const token = uploaded.photos[reply.photo_ids[0]]?.token
        if (!token)
          return { kind: 'failed', error: 'OK: нет токена загруженного фото', retryable: true }
        photoTokens.push(token)
      }
      const media: unknown[] = [{ type: 'text', text: renderPlain(parseMarkup(req.text)) }]
      if (photoTokens.length) media.push({ type: 'photo', list: photoTokens.map((id) => ({ id })) })
      const r = await call('mediatopic.post', {
        gid: config.groupId,
        type: 'GROUP_THEME',
        attachment: JSON.stringify({ media }),
      })
      if (!r.ok)
        return r.sent
          ? { kind: 'unknown', error: r.error }
          : { kind: 'failed', error: r.error, retryable: true }
      if (r.res.status >= 500) return { kind: 'unknown', error: `HTTP ${r.res.status}` }
      const reply = (await r.res.json().catch(() => null)) as string | OkError | null
      if (typeof reply === 'string' && /^\d+$/.test(reply)) {
        return {
          kind: 'sent',
          externalId: reply,
          url: `https://ok.ru/group/${config.groupId}/topic/${reply}`,
        }
      }
      if (reply && typeof reply === 'object' && 'error_code' in reply) return failed(reply)
      return { kind: 'unknown', error: 'OK: непонятный ответ' }
    },
    // OK has no API method that writes a comment as the group: replies stay manual (no `reply`).
    ...(config
      ? {
          comments: {
            /**
             * `discussions.getComments` on the group topic (discussionType GROUP_TOPIC),
             * oldest first (`direction=FORWARD`), `count` at a time, paged by OK's `anchor`.
             * Any error fails the page (reading has no side effects): read again later.
             */
            async page(postId: string, cursor: string | null): Promise<CommentPageOutcome> {
              const r = await call('discussions.getComments', {
                discussionId: postId,
                discussionType: 'GROUP_TOPIC',
                direction: 'FORWARD',
                count: String(OK_COMMENTS_PAGE),
                ...(cursor ? { anchor: cursor } : {}),
              })
              if (!r.ok) return { kind: 'failed', error: `Одноклассники: ${r.error}` }
              if (r.res.status >= 400) return { kind: 'failed', error: `OK: HTTP ${r.res.status}` }
              const body = (await r.res.json().catch(() => null)) as
                OkGetCommentsResponse | OkError | null
              if (!body || 'error_code' in body || !Array.isArray(body.comments)) {
                const e = body && 'error_code' in body ? body : null
                return {
                  kind: 'failed',
                  error: e ? `OK ${e.error_code}: ${e.error_msg}` : 'OK: непонятный ответ',
                  ...(e?.error_code === 8 ? { retryAfterMs: 30_000 } : {}),
                }
              }
              const byId = new Map(body.comments.map((c) => [c.id, c]))
              const comments = body.comments.map((c): InboundComment => {
                const parent = c.reply_to_comment_id ? byId.get(c.reply_to_comment_id) : undefined
                const fromPage = c.author_type === 'GROUP' || c.author_id === config.groupId
                return {
                  pageId: config.groupId,
                  networkPostId: postId,
                  networkCommentId: c.id,
                  authorName: c.author_name ?? `Пользователь OK ${c.author_id}`,
                  authorUrl: fromPage
                    ? `https://ok.ru/group/${config.groupId}`
                    : `https://ok.ru/profile/${c.author_id}`,
                  text: c.text,
                  leftAt: okDate(c.date),
                  fromPage,
                  deleted: false,
                  earlier: parent
                    ? [
                        {
                          authorName: parent.author_name ?? '',
                          text: parent.text,
                          at: okDate(parent.date).toISOString(),
                        },
                      ]
                    : [],
                }
              })
              return {
                kind: 'page',
                comments,
                next: body.has_more && body.anchor ? body.anchor : null,
              }
            },
          },
        }
      : {}),
  }
}
