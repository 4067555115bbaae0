import { parseMarkup, renderMaxHtml } from '../../domain/publishing/format'
import {
  send,
  type ChannelAdapter,
  type PublishImage,
  type PublishOutcome,
  type PublishRequest,
} from './adapter'

/**
 * MAX Bot API (dev.max.ru/docs-api, OpenAPI schema 0.0.33). Since 2026 the API is served from
 * platform-api2.max.ru, whose certificate chains to the Russian Ministry of Digital Development
 * root (the server needs it trusted: `NODE_EXTRA_CA_CERTS`); the token goes in the
 * `Authorization` header as it is — no `Bearer`, and never in the query (no longer accepted).
 */
const MAX_API_BASE = 'https://platform-api2.max.ru'

// ---- the API's objects, as much of them as Viza reads or sends ----

export interface MaxUser {
  user_id: number
  first_name: string
  last_name?: string | null
  username?: string | null
  is_bot: boolean
}

export interface MaxChat {
  chat_id: number
  type: 'dialog' | 'chat' | 'channel'
  status: 'active' | 'removed' | 'left' | 'closed' | 'suspended'
  title?: string | null
  link?: string | null
  is_public?: boolean
}

export interface MaxChatMember extends MaxUser {
  is_admin: boolean
  is_owner: boolean
  /** An admin's rights (`write` is posting in a channel); null for other members. */
  permissions?: string[] | null
}

export interface MaxMessage {
  recipient: { chat_id?: number | null; chat_type: string; user_id?: number | null }
  timestamp: number
  body: { mid: string; seq: number; text?: string | null }
  /** The message's public link; null in dialogs and non-public chats and channels. */
  url?: string | null
}

export type MaxButton =
  { type: 'link'; text: string; url: string } | { type: 'callback'; text: string; payload: string }

export type MaxAttachment =
  | { type: 'image'; payload: MaxUploadedImage | { token: string } | { url: string } }
  | { type: 'inline_keyboard'; payload: { buttons: MaxButton[][] } }

/** What the upload URL answers for an image: tokens per stored size, attached as they are. */
export interface MaxUploadedImage {
  photos: Record<string, { token: string }>
}

export interface MaxNewMessage {
  /** At most 4000 characters. */
  text?: string
  format?: 'html' | 'markdown'
  /** At most 12; one `inline_keyboard` among them at most. */
  attachments?: MaxAttachment[]
  /** A channel refuses `false`. */
  notify?: boolean
}

/**
 * The update types a notification bot reads: `bot_started` (the person pressed «Начать», maybe
 * through a deep link with a `payload`), `bot_stopped` (stopped or blocked the bot),
 * `dialog_removed` (deleted the chat), `message_created` (wrote to the bot).
 */
export type MaxUpdateType =
  | 'bot_started'
  | 'bot_stopped'
  | 'dialog_removed'
  | 'message_created'
  | 'message_callback'
  | 'bot_added'
  | 'bot_removed'

/** One event of the bot's long-poll feed (`GET /updates`): what linking by code reads. */
export interface MaxUpdate {
  update_type: MaxUpdateType | (string & {})
  timestamp: number
  chat_id?: number
  user?: MaxUser
  /** `bot_started`: the deep link's `start` payload (max.ru/<bot>?start=<payload>). */
  payload?: string | null
  message?: MaxMessage & { sender?: MaxUser | null }
  /** The person's language, on `bot_started`. */
  user_locale?: string | null
}

/** Where a message goes: a chat or channel, or a person (a direct message). */
export type MaxRecipient = { chatId: string } | { userId: string }

/**
 * A call's result, told apart the way a caller has to act on it: the answer; a transport
 * failure (`sent` says whether the request may have reached MAX); or MAX's error body
 * `{code, message}` with its HTTP status (and `Retry-After`, if it sent one).
 */
export type MaxResult<T> =
  | { ok: true; data: T }
  | { ok: false; kind: 'transport'; sent: boolean; error: string }
  | {
      ok: false
      kind: 'api'
      status: number
      code: string
      message: string
      retryAfterMs?: number
    }

export const ATTACHMENT_NOT_READY = 'attachment.not.ready'

/** An inline keyboard with one link button: how a notice opens the screen it is about. */
export function linkButton(text: string, url: string): MaxAttachment {
  return { type: 'inline_keyboard', payload: { buttons: [[{ type: 'link', text, url }]] } }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A small typed client of the MAX Bot API: the calls Viza makes, each answering a `MaxResult`,
 * never throwing. Publishing uses `uploadImage` and `sendMessageWhenReady`; the connection
 * check `getMe`, `getChat` and `getMyMembership`; the notification bot (notifications/max.ts)
 * sends direct messages with a link button (`sendMessage({userId}, {text, attachments:
 * [linkButton(…)]})`) and links people by a one-time code read from `getUpdates` (`bot_started`
 * with its `payload`).
 */
export class MaxClient {
  private readonly base: string
  private readonly timeoutMs: number | undefined
  private readonly sleep: (ms: number) => Promise<void>

  constructor(
    private readonly token: string,
    opts: { apiBase?: string; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {
    this.base = opts.apiBase ?? MAX_API_BASE
    this.timeoutMs = opts.timeoutMs
    this.sleep = opts.sleep ?? wait
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    opts: {
      query?: Record<string, string>
      json?: unknown
      timeoutMs?: number
      signal?: AbortSignal
    } = {},
  ): Promise<MaxResult<T>> {
    const url = new URL(path, this.base)
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v)
    const headers: Record<string, string> = { authorization: this.token }
    if (opts.json !== undefined) headers['content-type'] = 'application/json'
    const r = await send(
      url.toString(),
      {
        method,
        headers,
        ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      opts.timeoutMs ?? this.timeoutMs,
    )
    if (!r.ok) return { ok: false, kind: 'transport', sent: r.sent, error: r.error }
    return readAnswer<T>(r.res)
  }

  getMe() {
    return this.request<MaxUser>('GET', '/me')
  }

  getChat(chatId: string) {
    return this.request<MaxChat>('GET', `/chats/${encodeURIComponent(chatId)}`)
  }

  /** The bot's own membership: whether it is an admin of the channel, and with which rights. */
  getMyMembership(chatId: string) {
    return this.request<MaxChatMember>('GET', `/chats/${encodeURIComponent(chatId)}/members/me`)
  }

  /**
   * The two-step upload: `POST /uploads?type=image` gives a URL for one file, the file goes
   * there as multipart field `data`, and the answer (`{photos: …}`) is the attachment payload.
   */
  async uploadImage(
    image: Pick<PublishImage, 'bytes' | 'mime' | 'name'>,
  ): Promise<MaxResult<MaxUploadedImage>> {
    const slot = await this.request<{ url: string }>('POST', '/uploads', {
      query: { type: 'image' },
    })
    if (!slot.ok) return slot
    const form = new FormData()
    form.set('data', new Blob([image.bytes], { type: image.mime }), image.name)
    const r = await send(
      slot.data.url,
      { method: 'POST', body: form, headers: { authorization: this.token } },
      this.timeoutMs,
    )
    if (!r.ok) return { ok: false, kind: 'transport', sent: r.sent, error: r.error }
    const answer = await readAnswer<MaxUploadedImage>(r.res)
    if (answer.ok && !answer.data?.photos)
      return {
        ok: false,
        kind: 'api',
        status: r.res.status,
        code: 'upload.no.token',
        message: 'нет токена загруженного фото',
      }
    return answer
  }

  sendMessage(to: MaxRecipient, message: MaxNewMessage) {
    const query: Record<string, string> =
      'chatId' in to ? { chat_id: to.chatId } : { user_id: to.userId }
    return this.request<{ message: MaxMessage }>('POST', '/messages', { query, json: message })
  }

  /**
   * `sendMessage`, sent again while MAX answers `attachment.not.ready` (an uploaded file is
   * still being processed: the message was not created, so sending again is safe), after
   * growing pauses. Any other answer is returned as it is.
   */
  async sendMessageWhenReady(
    to: MaxRecipient,
    message: MaxNewMessage,
    pausesMs: readonly number[] = [500, 1000, 2000, 4000],
  ) {
    for (let i = 0; ; i++) {
      const r = await this.sendMessage(to, message)
      if (r.ok || r.kind !== 'api' || r.code !== ATTACHMENT_NOT_READY || i >= pausesMs.length)
        return r
      await this.sleep(pausesMs[i]!)
    }
  }

  /**
   * The bot's long-poll feed. `marker` commits everything before it; `timeout` is how long MAX
   * holds the request open (seconds, at most 90). Not for a bot that has a webhook. `signal`
   * ends a poll early (shutdown).
   */
  getUpdates(opts: {
    marker?: number | null
    timeoutS?: number
    types?: MaxUpdateType[]
    limit?: number
    signal?: AbortSignal
  }) {
    const query: Record<string, string> = {}
    if (opts.marker != null) query.marker = String(opts.marker)
    if (opts.timeoutS !== undefined) query.timeout = String(opts.timeoutS)
    if (opts.types?.length) query.types = opts.types.join(',')
    if (opts.limit !== undefined) query.limit = String(opts.limit)
    return this.request<{ updates: MaxUpdate[]; marker?: number | null }>('GET', '/updates', {
      query,
      timeoutMs: ((opts.timeoutS ?? 30) + 10) * 1000,
      signal: opts.signal,
    })
  }
}

async function readAnswer<T>(res: Response): Promise<MaxResult<T>> {
  const body = (await res.json().catch(() => null)) as
    (T & { code?: unknown; message?: unknown }) | null
  if (res.ok && body !== null) return { ok: true, data: body }
  const retryAfter = Number(res.headers.get('retry-after'))
  return {
    ok: false,
    kind: 'api',
    status: res.status,
    code: typeof body?.code === 'string' ? body.code : `http.${res.status}`,
    message: typeof body?.message === 'string' ? body.message : `HTTP ${res.status}`,
    ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  }
}

/** A refusal in words for the ledger and the editor; MAX's own code kept for whoever checks. */
function refusal(r: Extract<MaxResult<unknown>, { kind: 'api' }>): string {
  const why =
    r.status === 401
      ? 'MAX не принял токен бота'
      : r.status === 403
        ? 'MAX не дал боту публиковать в канале: бот должен быть его администратором'
        : r.status === 404
          ? 'MAX не нашёл канал: проверьте его номер'
          : r.status === 429
            ? 'MAX просит отправлять реже'
            : r.code === ATTACHMENT_NOT_READY
              ? 'MAX ещё обрабатывает фото'
              : 'MAX отказал'
  return `${why} (${r.status} ${r.code}: ${r.message})`
}

export interface MaxConfig {
  botToken: string
  /** The channel's chat_id (a number, negative for channels and chats). */
  chatId: string
  apiBase?: string
  timeoutMs?: number
  /** Pauses between sends while MAX answers `attachment.not.ready` (tests shorten them). */
  notReadyPausesMs?: readonly number[]
  sleep?: (ms: number) => Promise<void>
}

/**
 * The MAX channel: each image is uploaded (`POST /uploads?type=image`, then the file), then one
 * `POST /messages?chat_id=…` carries the text as HTML and the images. MAX has no idempotency
 * key, so once the message request may have reached MAX without an answer (a timeout after
 * sending, a 5xx) the outcome is `unknown` and goes to a person — never a blind retry. Failures
 * before that request (uploads, refusals, 429) surely posted nothing.
 */
export function maxAdapter(config: MaxConfig | null): ChannelAdapter {
  const client = config
    ? new MaxClient(config.botToken, {
        apiBase: config.apiBase,
        timeoutMs: config.timeoutMs,
        sleep: config.sleep,
      })
    : null
  return {
    channel: 'max',
    configured: !!config,
    idempotent: false,
    async publish(req: PublishRequest): Promise<PublishOutcome> {
      if (!config || !client)
        return {
          kind: 'failed',
          error: 'MAX не настроен: нет токена бота или номера канала',
          retryable: false,
        }
      const attachments: MaxAttachment[] = []
      for (const image of req.images) {
        const up = await client.uploadImage(image)
        // Nothing is posted until the message is sent: any upload failure can be retried.
        if (!up.ok)
          return up.kind === 'transport'
            ? { kind: 'failed', error: `MAX: фото не загрузилось — ${up.error}`, retryable: true }
            : {
                kind: 'failed',
                error: `Фото не загрузилось: ${refusal(up)}`,
                retryable: up.status === 429 || up.status >= 500,
                ...(up.status === 429 ? { retryAfterMs: up.retryAfterMs ?? 1000 } : {}),
              }
        attachments.push({ type: 'image', payload: up.data })
      }
      const r = await client.sendMessageWhenReady(
        { chatId: config.chatId },
        {
          text: renderMaxHtml(parseMarkup(req.text)),
          format: 'html',
          ...(attachments.length ? { attachments } : {}),
        },
        config.notReadyPausesMs,
      )
      if (r.ok)
        return {
          kind: 'sent',
          externalId: r.data.message.body.mid,
          // a non-public channel has no public link: the post is then listed without one
          url: r.data.message.url ?? '',
        }
      if (r.kind === 'transport')
        return r.sent
          ? { kind: 'unknown', error: `MAX: ${r.error}` }
          : { kind: 'failed', error: `MAX: ${r.error}`, retryable: true }
      // A 5xx may come after the message was created: only a person can tell.
      if (r.status >= 500) return { kind: 'unknown', error: refusal(r) }
      if (r.status === 429)
        return {
          kind: 'failed',
          error: refusal(r),
          retryable: true,
          // two messages a second per channel, 30 requests a second per bot
          retryAfterMs: r.retryAfterMs ?? 1000,
        }
      if (r.code === ATTACHMENT_NOT_READY)
        return { kind: 'failed', error: refusal(r), retryable: true, retryAfterMs: 10_000 }
      return { kind: 'failed', error: refusal(r), retryable: false }
    },
  }
}
