/**
 * MSW emulations of the channels' public APIs, as documented, with faults on demand:
 * Telegram Bot API (sendMessage / sendPhoto / sendMediaGroup), VK API v5.199 (wall.post with
 * guid de-duplication, the wall photo upload flow) and OK API (fb.do with signature check,
 * mediatopic.post, photosV2 upload) and MAX Bot API (platform-api2.max.ru: the token in the
 * Authorization header, the two-step image upload, `POST /messages?chat_id=…` with its limits,
 * `attachment.not.ready` while an upload is "processed"). Every accepted post is recorded, so
 * tests can assert that no channel received the same approved version twice.
 */
import { createHash } from 'node:crypto'
import { delay, http, HttpResponse } from 'msw'
import type { MaxNewMessage, MaxUpdate } from '../server/channels/max'
import type { OkComment, OkGetCommentsResponse } from '../server/channels/ok'
import type {
  VkCreateCommentResponse,
  VkGetCommentsResponse,
  VkReply,
  VkWallComment,
} from '../server/channels/vk'
import { EMULATED } from './channel-accounts'

export { EMULATED }

export type Fault =
  | 'none'
  | 'rateLimited' // Telegram 429 retry_after / VK 6 / OK 8
  | 'serverError' // 5xx after which the post may or may not exist (we do not post)
  | 'timeoutAfterReceive' // the post is made, the answer never comes
  | 'unauthorized' // Telegram 401 / VK 5 / OK 102 (session expired)
  | 'vkCaptcha' // VK 14
  | 'vkFlood' // VK 9
  | 'attachmentNotReady' // MAX 400 attachment.not.ready for one message carrying an image
  | 'vkRateLimit' // VK 29 (a method's daily/rate limit reached)

type EmulatedChannel = 'telegram' | 'vk' | 'ok' | 'max'

export interface EmulatedPost {
  channel: EmulatedChannel
  id: number
  text: string
  photos: number
  guid?: string
  /** A reply to a citizen's comment (VK wall.createComment): the comment it answers. */
  replyTo?: string
  raw: Record<string, unknown>
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

/** A comment on an emulated page (VK wall or OK group topic), as the network keeps it. */
export interface PageComment {
  network: 'vk' | 'ok'
  postId: string
  id: number
  /** VK: the user id (negative for the group); OK: the user id or the group id. */
  authorId: string
  authorName: string
  text: string
  at: Date
  /** The comment it answers (VK: the thread's top-level comment). */
  replyTo?: number
  deleted?: boolean
}

/** OK's `yyyy-MM-dd HH:mm:ss`, Moscow time (UTC+3). */
const moscow = (d: Date) =>
  new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')

export function createChannelEmulator() {
  const posts: EmulatedPost[] = []
  const faults: Record<EmulatedChannel, Fault[]> = { telegram: [], vk: [], ok: [], max: [] }
  const nextFault = (c: EmulatedChannel): Fault => faults[c].shift() ?? 'none'
  let nextId = 100
  // The pages' comments (read by wall.getComments / discussions.getComments), their own faults
  // (reads do not take the publishing faults), and every read call made, in order.
  const pageComments: PageComment[] = []
  const readFaults: Record<'vk' | 'ok', Fault[]> = { vk: [], ok: [] }
  const reads: Array<{ network: 'vk' | 'ok'; params: Record<string, string> }> = []
  let nextCommentId = 5000
  const addComment = (c: Omit<PageComment, 'id'>) => {
    const comment = { ...c, id: nextCommentId++ }
    pageComments.push(comment)
    return comment
  }

  const record = (p: Omit<EmulatedPost, 'id'>) => {
    const post = { ...p, id: nextId++ }
    posts.push(post)
    return post
  }

  // ---- Telegram ----
  const tgBase = `https://api.telegram.org/bot${EMULATED.telegram.token}`
  const tgError = (code: number, description: string, extra: Record<string, unknown> = {}) =>
    HttpResponse.json({ ok: false, error_code: code, description, ...extra }, { status: code })
  const visible = (html: string) =>
    html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')

  async function telegram(kind: 'message' | 'photo' | 'group', request: Request) {
    const fault = nextFault('telegram')
    let fields: Record<string, unknown>
    let photos = 0
    if (kind === 'message') fields = (await request.json()) as Record<string, unknown>
    else {
      const form = await request.formData()
      fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'))
      photos = [...form.values()].filter((v) => typeof v !== 'string').length
    }
    if (fault === 'unauthorized') return tgError(401, 'Unauthorized')
    if (fault === 'rateLimited')
      return tgError(429, 'Too Many Requests: retry after 7', { parameters: { retry_after: 7 } })
    if (fault === 'serverError') return tgError(502, 'Bad Gateway')
    if (fields.chat_id !== EMULATED.telegram.chatId)
      return tgError(400, 'Bad Request: chat not found')
    const caption =
      kind === 'group'
        ? ((JSON.parse(String(fields.media)) as Array<{ caption?: string }>)[0]?.caption ?? '')
        : String(kind === 'message' ? fields.text : (fields.caption ?? ''))
    const limit = kind === 'message' ? 4096 : 1024
    if (visible(caption).length > limit)
      return tgError(
        400,
        kind === 'message'
          ? 'Bad Request: message is too long'
          : 'Bad Request: message caption is too long',
      )
    const post = record({ channel: 'telegram', text: caption, photos, raw: fields })
    if (fault === 'timeoutAfterReceive') await delay('infinite')
    const message = {
      message_id: post.id,
      chat: { id: -1001234567890, type: 'channel', username: 'gov_test' },
      date: Math.floor(Date.now() / 1000),
    }
    return HttpResponse.json({
      ok: true,
      result:
        kind === 'group'
          ? Array.from({ length: photos }, (_, i) => ({ ...message, message_id: post.id + i }))
          : message,
    })
  }

  /** getMe and getChat: what «Проверить подключение» asks. */
  async function telegramInfo(method: 'getMe' | 'getChat', request: Request) {
    if (method === 'getMe')
      return HttpResponse.json({
        ok: true,
        result: { id: 123456, is_bot: true, first_name: 'Виза', username: 'viza_test_bot' },
      })
    const body = (await request.json().catch(() => ({}))) as { chat_id?: string }
    if (body.chat_id !== EMULATED.telegram.chatId)
      return tgError(400, 'Bad Request: chat not found')
    return HttpResponse.json({
      ok: true,
      result: {
        id: -1001234567890,
        type: 'channel',
        title: 'Губернатор (тест)',
        username: 'gov_test',
      },
    })
  }

  // ---- VK ----
  const vkError = (error_code: number, error_msg: string) =>
    HttpResponse.json({ error: { error_code, error_msg, request_params: [] } })
  const guids = new Map<string, number>()

  async function vk(method: string, request: Request) {
    const params = Object.fromEntries(new URLSearchParams(await request.text()))
    if (params.v !== '5.199') return vkError(8, 'Invalid request: v is required')
    if (params.access_token !== EMULATED.vk.token)
      return vkError(5, 'User authorization failed: invalid access_token')
    if (method === 'photos.getWallUploadServer')
      return HttpResponse.json({
        response: {
          upload_url: 'https://pu.vk.com/c1/upload.php?act=do_add',
          album_id: -14,
          user_id: 0,
        },
      })
    if (method === 'photos.saveWallPhoto')
      return HttpResponse.json({
        response: [
          { id: Number(params.server) + 1, owner_id: -Number(EMULATED.vk.groupId), album_id: -14 },
        ],
      })
    if (method === 'groups.getById') {
      // v5.194+: { response: { groups: [...], profiles: [] } }
      if (params.group_id !== EMULATED.vk.groupId)
        return vkError(
          100,
          'One of the parameters specified was missing or invalid: group_id is undefined',
        )
      return HttpResponse.json({
        response: {
          groups: [
            {
              id: Number(EMULATED.vk.groupId),
              name: 'Губернатор области (тест)',
              screen_name: 'gov_test',
              is_closed: 0,
              type: 'page',
            },
          ],
          profiles: [],
        },
      })
    }
    if (method === 'wall.createComment') return vkComment(params)
    if (method === 'wall.getComments') return vkGetComments(params)
    if (method !== 'wall.post') return vkError(3, 'Unknown method passed')
    const fault = nextFault('vk')
    if (fault === 'unauthorized')
      return vkError(5, 'User authorization failed: access_token has expired.')
    if (fault === 'rateLimited') return vkError(6, 'Too many requests per second')
    if (fault === 'vkFlood') return vkError(9, 'Flood control')
    if (fault === 'vkCaptcha') return vkError(14, 'Captcha needed')
    if (fault === 'serverError') return new HttpResponse('Bad Gateway', { status: 502 })
    if (params.owner_id !== `-${EMULATED.vk.groupId}` || params.from_group !== '1')
      return vkError(214, 'Access to adding post denied')
    // The same guid never makes a second post: VK answers with the first one.
    const existing = params.guid ? guids.get(params.guid) : undefined
    let postId = existing
    if (postId === undefined) {
      const photos = (params.attachments ?? '').split(',').filter(Boolean).length
      postId = record({
        channel: 'vk',
        text: params.message ?? '',
        photos,
        guid: params.guid,
        raw: params,
      }).id
      if (params.guid) guids.set(params.guid, postId)
    }
    if (fault === 'timeoutAfterReceive') await delay('infinite')
    return HttpResponse.json({ response: { post_id: postId } })
  }

  /** wall.createComment as the community: from_group is the group's id, the guid de-duplicates. */
  async function vkComment(params: Record<string, string>) {
    const fault = nextFault('vk')
    if (fault === 'unauthorized')
      return vkError(5, 'User authorization failed: access_token has expired.')
    if (fault === 'rateLimited') return vkError(6, 'Too many requests per second')
    if (fault === 'vkFlood') return vkError(9, 'Flood control')
    if (fault === 'vkCaptcha') return vkError(14, 'Captcha needed')
    if (fault === 'serverError') return new HttpResponse('Bad Gateway', { status: 502 })
    if (params.owner_id !== `-${EMULATED.vk.groupId}` || !/^\d+$/.test(params.post_id ?? ''))
      return vkError(100, 'One of the parameters specified was missing or invalid: post_id')
    if (params.from_group !== undefined && params.from_group !== EMULATED.vk.groupId)
      return vkError(15, 'Access denied: no access to call this method')
    if (!params.message && !params.attachments)
      return vkError(100, 'One of the parameters specified was missing or invalid: message')
    const key = params.guid ? `comment:${params.guid}` : undefined
    let commentId = key ? guids.get(key) : undefined
    if (commentId === undefined) {
      commentId = record({
        channel: 'vk',
        text: params.message ?? '',
        photos: 0,
        guid: params.guid,
        replyTo: params.reply_to_comment,
        raw: params,
      }).id
      if (key) guids.set(key, commentId)
      // the reply is on the page now, written by the group, in the citizen's thread
      const to = pageComments.find(
        (c) => c.network === 'vk' && c.id === Number(params.reply_to_comment),
      )
      pageComments.push({
        network: 'vk',
        postId: params.post_id!,
        id: commentId,
        authorId: `-${EMULATED.vk.groupId}`,
        authorName: 'Губернатор области (тест)',
        text: params.message ?? '',
        at: new Date(),
        replyTo: to ? (to.replyTo ?? to.id) : undefined,
      })
    }
    if (fault === 'timeoutAfterReceive') await delay('infinite')
    const body: VkReply<VkCreateCommentResponse> = {
      response: {
        comment_id: commentId,
        parents_stack: params.reply_to_comment ? [Number(params.reply_to_comment)] : [],
      },
    }
    return HttpResponse.json(body)
  }

  /**
   * wall.getComments (API 5.199) as documented: `owner_id` the group (negative), `post_id`,
   * `count` ≤ 100, `offset`, `sort` asc|desc, `extended=1` adds `profiles`/`groups`,
   * `thread_items_count` ≤ 10 replies inline, `comment_id` reads one thread. A deleted
   * comment is kept (`deleted: true`, empty text) only while it has replies.
   */
  function vkGetComments(params: Record<string, string>) {
    reads.push({ network: 'vk', params })
    const fault = readFaults.vk.shift() ?? 'none'
    if (fault === 'unauthorized')
      return vkError(5, 'User authorization failed: access_token has expired.')
    if (fault === 'rateLimited') return vkError(6, 'Too many requests per second')
    if (fault === 'vkFlood') return vkError(9, 'Flood control')
    if (fault === 'vkRateLimit') return vkError(29, 'Rate limit reached')
    if (fault === 'serverError') return new HttpResponse('Bad Gateway', { status: 502 })
    if (fault === 'timeoutAfterReceive') return delay('infinite').then(() => vkError(10, ''))
    if (params.owner_id !== `-${EMULATED.vk.groupId}` || !/^\d+$/.test(params.post_id ?? ''))
      return vkError(100, 'One of the parameters specified was missing or invalid: post_id')
    const count = Number(params.count ?? 10)
    const offset = Number(params.offset ?? 0)
    const threadItems = Number(params.thread_items_count ?? 0)
    if (!(count >= 0 && count <= 100) || !(offset >= 0) || !(threadItems >= 0 && threadItems <= 10))
      return vkError(100, 'One of the parameters specified was missing or invalid: count')
    const onPost = pageComments.filter((c) => c.network === 'vk' && c.postId === params.post_id)
    const hasReplies = (c: PageComment) => onPost.some((r) => r.replyTo === c.id && !r.deleted)
    const shown = (c: PageComment) => !c.deleted || hasReplies(c)
    const level = params.comment_id
      ? onPost.filter((c) => c.replyTo === Number(params.comment_id) && shown(c))
      : onPost.filter((c) => c.replyTo === undefined && shown(c))
    if (params.sort === 'desc') level.reverse()
    const toVk = (c: PageComment, withThread: boolean): VkWallComment => {
      const replies = onPost.filter((r) => r.replyTo === c.id && shown(r))
      return {
        id: c.id,
        from_id: Number(c.authorId),
        date: Math.floor(c.at.getTime() / 1000),
        text: c.deleted ? '' : c.text,
        post_id: Number(c.postId),
        owner_id: -Number(EMULATED.vk.groupId),
        parents_stack: c.replyTo ? [c.replyTo] : [],
        ...(c.deleted ? { deleted: true } : {}),
        ...(c.replyTo ? { reply_to_comment: c.replyTo } : {}),
        ...(withThread
          ? {
              thread: {
                count: replies.length,
                items: replies.slice(0, threadItems).map((r) => toVk(r, false)),
                can_post: true,
              },
            }
          : {}),
      }
    }
    const items = level.slice(offset, offset + count).map((c) => toVk(c, !params.comment_id))
    const people = [...items, ...items.flatMap((i) => i.thread?.items ?? [])]
    const names = new Map(onPost.map((c) => [Number(c.authorId), c.authorName]))
    const body: VkReply<VkGetCommentsResponse> = {
      response: {
        count: onPost.filter(shown).length,
        current_level_count: level.length,
        items,
        profiles:
          params.extended === '1'
            ? [...new Set(people.map((p) => p.from_id).filter((id) => id > 0))].map((id) => {
                const [first_name = '', last_name = ''] = (names.get(id) ?? '').split(' ')
                return { id, first_name, last_name }
              })
            : [],
        groups:
          params.extended === '1' && people.some((p) => p.from_id < 0)
            ? [{ id: Number(EMULATED.vk.groupId), name: 'Губернатор области (тест)' }]
            : [],
        can_post: true,
        groups_can_post: true,
      },
    }
    return HttpResponse.json(body)
  }

  /**
   * discussions.getComments on a group topic (`discussionType=GROUP_TOPIC`, `discussionId` the
   * topic), `count` at a time, `direction` FORWARD (oldest first) or BACKWARD, paged by `anchor`.
   */
  function okGetComments(params: Record<string, string>) {
    reads.push({ network: 'ok', params })
    const fault = readFaults.ok.shift() ?? 'none'
    if (fault === 'unauthorized') return okError(102, 'PARAM_SESSION_EXPIRED : Session expired')
    if (fault === 'rateLimited') return okError(8, 'RATE_LIMIT_EXCEEDED')
    if (fault === 'serverError') return new HttpResponse('Service Unavailable', { status: 503 })
    if (fault === 'timeoutAfterReceive') return delay('infinite').then(() => okError(1, ''))
    if (params.discussionType !== 'GROUP_TOPIC' || !/^\d+$/.test(params.discussionId ?? ''))
      return okError(100, 'PARAM : discussionId or discussionType')
    const count = Number(params.count ?? 20)
    if (!(count >= 1 && count <= 100)) return okError(100, 'PARAM : count')
    const all = pageComments.filter(
      (c) => c.network === 'ok' && c.postId === params.discussionId && !c.deleted,
    )
    if (params.direction === 'BACKWARD') all.reverse()
    const from = params.anchor ? Number(Buffer.from(params.anchor, 'base64url').toString()) : 0
    const slice = all.slice(from, from + count)
    const toOk = (c: PageComment): OkComment => ({
      id: String(c.id),
      author_id: c.authorId,
      author_name: c.authorName,
      author_type: c.authorId === EMULATED.ok.groupId ? 'GROUP' : 'USER',
      text: c.text,
      date: moscow(c.at),
      ...(c.replyTo ? { reply_to_comment_id: String(c.replyTo) } : {}),
    })
    const body: OkGetCommentsResponse = {
      comments: slice.map(toOk),
      anchor: Buffer.from(String(from + slice.length)).toString('base64url'),
      has_more: from + slice.length < all.length,
    }
    return HttpResponse.json(body)
  }

  // ---- OK ----
  const okError = (error_code: number, error_msg: string) =>
    HttpResponse.json({ error_code, error_msg, error_data: null })

  async function ok(request: Request) {
    const params = Object.fromEntries(new URLSearchParams(await request.text()))
    const { sig, access_token, ...signed } = params
    // written independently of the adapter, from the OK documentation
    const expected = md5(
      Object.keys(signed)
        .sort()
        .map((k) => k + '=' + signed[k])
        .join('') + md5((access_token ?? '') + EMULATED.ok.secret),
    )
    if (params.application_key !== EMULATED.ok.appKey)
      return okError(101, 'PARAM_API_KEY : Application key is unknown')
    if (sig !== expected) return okError(104, 'PARAM_SIGNATURE : Invalid signature')
    if (access_token !== EMULATED.ok.token)
      return okError(102, 'PARAM_SESSION_EXPIRED : Session expired')
    if (params.method === 'photosV2.getUploadUrl')
      return HttpResponse.json({
        upload_url: 'https://pu.ok.ru/upload?x=1',
        photo_ids: ['phid-1'],
        expires_ms: 0,
      })
    if (params.method === 'group.getInfo')
      return params.uids === EMULATED.ok.groupId
        ? HttpResponse.json([{ uid: EMULATED.ok.groupId, name: 'Губернатор области (тест)' }])
        : HttpResponse.json([])
    if (params.method === 'discussions.getComments') return okGetComments(params)
    if (params.method !== 'mediatopic.post') return okError(3, 'METHOD : Method does not exist')
    const fault = nextFault('ok')
    if (fault === 'unauthorized') return okError(102, 'PARAM_SESSION_EXPIRED : Session expired')
    if (fault === 'rateLimited') return okError(8, 'RATE_LIMIT_EXCEEDED')
    if (fault === 'serverError') return new HttpResponse('Service Unavailable', { status: 503 })
    if (params.type !== 'GROUP_THEME' || params.gid !== EMULATED.ok.groupId)
      return okError(100, 'PARAM : gid or type')
    const attachment = JSON.parse(params.attachment ?? '{}') as {
      media?: Array<{ type: string; text?: string; list?: unknown[] }>
    }
    const text = attachment.media?.find((m) => m.type === 'text')?.text ?? ''
    const photos = attachment.media?.find((m) => m.type === 'photo')?.list?.length ?? 0
    const post = record({ channel: 'ok', text, photos, raw: params })
    if (fault === 'timeoutAfterReceive') await delay('infinite')
    return HttpResponse.json(String(post.id))
  }

  // ---- MAX ----
  const maxBase = 'https://platform-api2.max.ru'
  const maxUploadUrl = 'https://iu.oneme.ru/upload.do'
  const maxError = (status: number, code: string, message: string) =>
    HttpResponse.json({ code, message }, { status })
  const maxTokens = new Set<string>()
  let maxUploads = 0
  /** The documented header: `Authorization: <token>`; a token in the query is refused. */
  const maxAuthorized = (request: Request) =>
    request.headers.get('authorization') === EMULATED.max.token &&
    !new URL(request.url).searchParams.has('access_token')
  const maxUnauthorized = () => maxError(401, 'verify.token', 'Invalid access_token')
  const maxChannel = {
    chat_id: Number(EMULATED.max.chatId),
    type: 'channel',
    status: 'active',
    title: 'Губернатор области (тест)',
    link: 'https://max.ru/gov_test',
    is_public: true,
    last_event_time: 0,
    participants_count: 1000,
  }

  async function maxUpload(request: Request) {
    const form = await request.formData().catch(() => null)
    const file = form?.get('data')
    if (!file || typeof file === 'string')
      return maxError(400, 'proto.payload', 'Expected multipart field `data`')
    const token = `max-img-token-${++maxUploads}`
    maxTokens.add(token)
    return HttpResponse.json({ photos: { [`hash${maxUploads}`]: { token } } })
  }

  // The bot's own dialogs (notifications): people who started it, direct messages it sent them,
  // and its long-poll feed of updates.
  const maxDialogs = new Set<string>()
  const maxBlocked = new Set<string>()
  const maxDirect: Array<MaxNewMessage & { user_id: string }> = []
  const maxUpdates: MaxUpdate[] = []
  let maxWaiters: Array<() => void> = []
  const maxPush = (u: Omit<MaxUpdate, 'timestamp'>) => {
    maxUpdates.push({ ...u, timestamp: Date.now() })
    for (const wake of maxWaiters) wake()
    maxWaiters = []
  }
  const maxPerson = (userId: string) => ({
    user_id: Number(userId),
    first_name: 'Игорь',
    last_name: 'Петров',
    is_bot: false,
  })

  /** `GET /updates`: what came after `marker`, held open up to `timeout` s while nothing has. */
  async function maxGetUpdates(request: Request) {
    if (!maxAuthorized(request)) return maxUnauthorized()
    const q = new URL(request.url).searchParams
    const marker = q.has('marker') ? Number(q.get('marker')) : 0
    const timeoutS = q.has('timeout') ? Number(q.get('timeout')) : 30
    const limit = q.has('limit') ? Number(q.get('limit')) : 100
    const types = q.get('types')?.split(',').filter(Boolean)
    if (!Number.isInteger(marker) || marker < 0 || !(timeoutS >= 0 && timeoutS <= 90))
      return maxError(400, 'proto.payload', 'Invalid marker or timeout')
    if (maxUpdates.length <= marker && timeoutS > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutS * 1000)
        maxWaiters.push(() => {
          clearTimeout(t)
          resolve()
        })
        request.signal.addEventListener('abort', () => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    const next = maxUpdates.slice(marker, marker + limit)
    return HttpResponse.json({
      updates: next.filter((u) => !types || types.includes(u.update_type)),
      marker: marker + next.length,
    })
  }

  /** `POST /messages?user_id=…`: a direct message to a person who started the bot. */
  async function maxDirectMessage(request: Request, userId: string, fault: Fault) {
    const body = (await request.json().catch(() => null)) as MaxNewMessage | null
    if (!body) return maxError(400, 'proto.payload', 'Invalid body')
    if (fault === 'unauthorized') return maxUnauthorized()
    if (fault === 'rateLimited') return maxError(429, 'too.many.requests', 'Too many requests')
    if (fault === 'serverError') return maxError(503, 'service.unavailable', 'Service unavailable')
    if (maxBlocked.has(userId) || !maxDialogs.has(userId))
      return maxError(403, 'chat.denied', `Key: error.dialog.suspended, args: [${userId},].`)
    if ((body.text ?? '').length > 4000)
      return maxError(400, 'proto.payload', 'text: size must be between 0 and 4000')
    const keyboards = (body.attachments ?? []).filter((a) => a.type === 'inline_keyboard')
    if (keyboards.length > 1) return maxError(400, 'proto.payload', 'Only one inline keyboard')
    for (const k of keyboards)
      for (const b of k.type === 'inline_keyboard' ? k.payload.buttons.flat() : [])
        if (b.type === 'link' && !/^https?:\/\//.test(b.url))
          return maxError(400, 'proto.payload', 'button.url: must be http(s)')
    maxDirect.push({ ...body, user_id: userId })
    const mid = `mid.d${maxDirect.length.toString(16).padStart(15, '0')}`
    return HttpResponse.json({
      message: {
        sender: { user_id: 900001, first_name: 'Виза', username: 'viza_test_bot', is_bot: true },
        recipient: { chat_id: Number(userId) + 1, chat_type: 'dialog', user_id: Number(userId) },
        timestamp: Date.now(),
        body: { mid, seq: maxDirect.length, text: body.text ?? '' },
        url: null,
      },
    })
  }

  async function maxMessage(request: Request) {
    if (!maxAuthorized(request)) return maxUnauthorized()
    const fault = nextFault('max')
    const userId = new URL(request.url).searchParams.get('user_id')
    if (userId !== null) return maxDirectMessage(request, userId, fault)
    const chatId = new URL(request.url).searchParams.get('chat_id')
    const body = (await request.json().catch(() => null)) as {
      text?: string
      format?: string
      notify?: boolean
      attachments?: Array<{
        type: string
        payload?: { photos?: Record<string, { token: string }> }
      }>
    } | null
    if (!body) return maxError(400, 'proto.payload', 'Invalid body')
    const images = (body.attachments ?? []).filter((a) => a.type === 'image')
    if (fault === 'unauthorized') return maxUnauthorized()
    if (fault === 'rateLimited') return maxError(429, 'too.many.requests', 'Too many requests')
    if (fault === 'serverError') return maxError(503, 'service.unavailable', 'Service unavailable')
    if (fault === 'attachmentNotReady' && images.length)
      return maxError(
        400,
        'attachment.not.ready',
        'Key: errors.process.attachment.file.not.processed',
      )
    if (chatId !== EMULATED.max.chatId)
      return maxError(404, 'chat.not.found', `Chat ${chatId} not found`)
    if (body.format !== undefined && body.format !== 'html' && body.format !== 'markdown')
      return maxError(400, 'proto.payload', 'Unknown format')
    if ((body.text ?? '').length > 4000)
      return maxError(400, 'proto.payload', 'text: size must be between 0 and 4000')
    if ((body.attachments ?? []).length > 12)
      return maxError(400, 'proto.payload', 'attachments: too many')
    if (body.notify === false)
      return maxError(400, 'proto.payload', 'notify=false is not allowed in channels')
    for (const img of images) {
      const tokens = Object.values(img.payload?.photos ?? {}).map((p) => p.token)
      if (!tokens.length || tokens.some((t) => !maxTokens.has(t)))
        return maxError(
          400,
          'proto.payload',
          'No `photos`, `url` or `token` provided. Check payload.',
        )
    }
    const post = record({
      channel: 'max',
      text: body.text ?? '',
      photos: images.length,
      raw: { ...body, chat_id: chatId },
    })
    if (fault === 'timeoutAfterReceive') await delay('infinite')
    const mid = `mid.${post.id.toString(16).padStart(16, '0')}`
    return HttpResponse.json({
      message: {
        sender: null,
        recipient: { chat_id: Number(chatId), chat_type: 'channel' },
        timestamp: Date.now(),
        body: { mid, seq: post.id, text: body.text ?? '' },
        url: `https://max.ru/gov_test/${mid}`,
      },
    })
  }

  const handlers = [
    http.get(`${maxBase}/me`, ({ request }) =>
      maxAuthorized(request)
        ? HttpResponse.json({
            user_id: 900001,
            first_name: 'Виза',
            username: 'viza_test_bot',
            is_bot: true,
            last_activity_time: 0,
          })
        : maxUnauthorized(),
    ),
    http.get(`${maxBase}/chats/:chatId/members/me`, ({ request, params }) =>
      !maxAuthorized(request)
        ? maxUnauthorized()
        : params.chatId !== EMULATED.max.chatId
          ? maxError(404, 'chat.not.found', 'Chat not found')
          : HttpResponse.json({
              user_id: 900001,
              first_name: 'Виза',
              is_bot: true,
              is_owner: false,
              is_admin: true,
              last_access_time: 0,
              join_time: 0,
              permissions: ['write', 'read_all_messages', 'edit', 'delete'],
            }),
    ),
    http.get(`${maxBase}/chats/:chatId`, ({ request, params }) =>
      !maxAuthorized(request)
        ? maxUnauthorized()
        : params.chatId !== EMULATED.max.chatId
          ? maxError(404, 'chat.not.found', `Chat ${String(params.chatId)} not found`)
          : HttpResponse.json(maxChannel),
    ),
    http.post(`${maxBase}/uploads`, ({ request }) => {
      if (!maxAuthorized(request)) return maxUnauthorized()
      const type = new URL(request.url).searchParams.get('type')
      if (type !== 'image' && type !== 'video' && type !== 'audio' && type !== 'file')
        return maxError(400, 'proto.payload', `Unknown upload type: ${type}`)
      return HttpResponse.json({ url: `${maxUploadUrl}?apiToken=t&photoIds=${maxUploads + 1}` })
    }),
    http.post(maxUploadUrl, ({ request }) => maxUpload(request)),
    http.post(`${maxBase}/messages`, ({ request }) => maxMessage(request)),
    http.get(`${maxBase}/updates`, ({ request }) => maxGetUpdates(request)),

    http.post(`${tgBase}/sendMessage`, ({ request }) => telegram('message', request)),
    http.post(`${tgBase}/sendPhoto`, ({ request }) => telegram('photo', request)),
    http.post(`${tgBase}/sendMediaGroup`, ({ request }) => telegram('group', request)),
    http.post(`${tgBase}/getMe`, ({ request }) => telegramInfo('getMe', request)),
    http.post(`${tgBase}/getChat`, ({ request }) => telegramInfo('getChat', request)),
    // any other token: the Bot API's answer to a wrong one
    http.post('https://api.telegram.org/*', () => tgError(401, 'Unauthorized')),
    http.post('https://api.vk.com/method/:method', ({ params, request }) =>
      vk(String(params.method), request),
    ),
    http.post('https://pu.vk.com/c1/upload.php', () =>
      HttpResponse.json({ server: 4242, photo: '[{"photo":"abc"}]', hash: 'h4sh' }),
    ),
    http.post('https://api.ok.ru/fb.do', ({ request }) => ok(request)),
    http.post('https://pu.ok.ru/upload', () =>
      HttpResponse.json({ photos: { 'phid-1': { token: 'photo-token-1' } } }),
    ),
  ]

  return {
    handlers,
    posts,
    /** The MAX bot's direct messages (notifications), in order. */
    maxDirect,
    /** A person in MAX: what they do to the bot arrives in its `GET /updates` feed. */
    maxUser(userId: string) {
      const user = maxPerson(userId)
      const chat_id = Number(userId) + 1
      return {
        /** Opens the bot (a deep link's `?start=` becomes `payload`) and presses «Начать». */
        start(payload?: string) {
          maxDialogs.add(userId)
          maxBlocked.delete(userId)
          maxPush({ update_type: 'bot_started', chat_id, user, payload: payload ?? null })
        },
        /** Writes to the bot. */
        write(text: string) {
          maxPush({
            update_type: 'message_created',
            message: {
              sender: user,
              recipient: { chat_id, chat_type: 'dialog' },
              timestamp: Date.now(),
              body: { mid: `mid.u${maxUpdates.length}`, seq: maxUpdates.length, text },
            },
          })
        },
        /** Stops and blocks the bot: messages to them are refused from now on. */
        block() {
          maxBlocked.add(userId)
          maxPush({ update_type: 'bot_stopped', chat_id, user })
        },
        /** Blocks the bot without the update reaching it (it learns when it next sends). */
        blockSilently() {
          maxBlocked.add(userId)
        },
      }
    },
    /** The MAX feed so far (what `GET /updates` has to give). */
    maxUpdates,
    inject(channel: EmulatedChannel, ...list: Fault[]) {
      faults[channel].push(...list)
    },
    /** The comments on the emulated pages, and the read calls made (for paging asserts). */
    pageComments,
    reads,
    /** A citizen (or the group) comments under a post: it is on the page from now on. */
    comment(c: Omit<PageComment, 'id' | 'at'> & { at?: Date }) {
      return addComment({ ...c, at: c.at ?? new Date() })
    },
    /** Its author deletes a comment. */
    deleteComment(network: 'vk' | 'ok', id: number) {
      const c = pageComments.find((x) => x.network === network && x.id === id)
      if (c) c.deleted = true
    },
    /** Faults for the next reads of a network's comments (each used by one call). */
    injectRead(network: 'vk' | 'ok', ...list: Fault[]) {
      readFaults[network].push(...list)
    },
    reset() {
      posts.length = 0
      nextId = 100
      guids.clear()
      maxTokens.clear()
      maxUploads = 0
      maxDialogs.clear()
      maxBlocked.clear()
      maxDirect.length = 0
      maxUpdates.length = 0
      faults.telegram.length = faults.vk.length = faults.ok.length = faults.max.length = 0
      pageComments.length = reads.length = readFaults.vk.length = readFaults.ok.length = 0
      nextCommentId = 5000
    },
  }
}
