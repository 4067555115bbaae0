import { createHash, timingSafeEqual } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { registrationTime, type IntakeRhythm } from '../../domain/comment-lifecycle/intake'
import { inboundEvents } from '../db/schema'
import { body, declare, errors, named, publicRoute, router, z } from '../routes/define'
import { errorBody } from '../routes/middleware'

/**
 * VK Callback API (shapes from VK's published JSON schema, API 5.199): every request is
 * `{type, group_id, event_id, v, object, secret}`; `confirmation` is answered with the
 * configured string; the rest with the plain text `ok`, fast (VK retries otherwise).
 * `wall_reply_new` / `wall_reply_edit` carry a wall comment (`id, from_id, date, text,
 * post_id, owner_id`), `wall_reply_delete` `{owner_id, id, user_id, post_id}`.
 */
const callbackSchema = named(
  z.object({
    type: z.string().min(1).max(64).describe('confirmation, wall_reply_new, wall_reply_edit, …'),
    group_id: z.number().int().nonnegative(),
    event_id: z.string().max(128).optional(),
    v: z.string().max(16).optional(),
    secret: z.string().max(256).optional(),
    object: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The wall comment (`id, from_id, date, text, post_id, owner_id`)'),
  }),
  'VkCallbackEvent',
)

const wallComment = z.object({
  id: z.number().int().nonnegative(),
  from_id: z.number().int(),
  date: z.number().int().nonnegative(),
  text: z.string().max(20_000),
  post_id: z.number().int().nonnegative(),
  owner_id: z.number().int().optional(),
  post_owner_id: z.number().int().optional(),
})
const wallCommentDelete = z.object({
  owner_id: z.number().int(),
  id: z.number().int().nonnegative(),
  post_id: z.number().int().nonnegative(),
})

export interface VkCallbackSettings {
  confirmation?: string
  secret?: string
  groupId?: string
  rhythm: IntakeRhythm
}

export const vkCallbackSettingsFromEnv = (env = process.env): VkCallbackSettings => ({
  confirmation: env.VK_CALLBACK_CONFIRMATION || undefined,
  secret: env.VK_CALLBACK_SECRET || undefined,
  groupId: env.VK_GROUP_ID?.replace(/^-/, '') || undefined,
  rhythm: env.VIZA_COMMENT_INTAKE === 'immediate' ? 'immediate' : 'hourly',
})

/**
 * The environment variables the callback still lacks: all three, or it is not configured —
 * without the secret anyone could send events (and withdraw real comments, whose ids are
 * public). Empty when the callback is configured.
 */
export function vkCallbackMissing(settings: VkCallbackSettings): string[] {
  return [
    ['VK_CALLBACK_CONFIRMATION', settings.confirmation],
    ['VK_CALLBACK_SECRET', settings.secret],
    ['VK_GROUP_ID', settings.groupId],
  ]
    .filter(([, v]) => !v)
    .map(([name]) => name!)
}

/** Compared in constant time (hashes of equal length), so no timing tells the secret. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(h(given), h(expected))
}

/** A comment's `date` outside this window around now is not believed (nor stored). */
const DATE_PAST_MS = 30 * 86_400_000
const DATE_FUTURE_MS = 10 * 60_000

let toldNotConfigured = false

const plainText = (description: string) => ({
  description,
  content: { 'text/plain': { schema: z.string() } },
})

const vkCallback = declare({
  method: 'post',
  path: '/integrations/vk/callback',
  operationId: 'vkCallback',
  tags: ['integrations'],
  summary: 'VK Callback API: citizens’ comments on the governor’s page',
  description:
    'Configured only when VK_CALLBACK_CONFIRMATION, VK_CALLBACK_SECRET and VK_GROUP_ID are all ' +
    'set (else 404). `confirmation` for the governor’s group is answered with ' +
    'VK_CALLBACK_CONFIRMATION; `wall_reply_new` / `wall_reply_edit` register a comment, ' +
    '`wall_reply_delete` withdraws it. A wrong `secret` or another group is refused (403); ' +
    'anything else VK sends is answered `ok` (VK pauses delivery after errors): a repeated ' +
    '`event_id`, another event type, a malformed object, another wall’s comment or a date ' +
    'far from now is logged and not stored.',
  ...publicRoute,
  request: { body: body(callbackSchema) },
  responses: {
    200: plainText('`ok`, or the confirmation string for `confirmation`'),
    ...errors(400, 403, 404, 415),
  },
})

export const vkCallbackRoutes = router().openapi(vkCallback, async (c) => {
  const { deps } = c.var
  const settings = vkCallbackSettingsFromEnv()
  const missing = vkCallbackMissing(settings)
  if (missing.length) {
    // said at start (server.ts) and at the first request, not at every one
    if (!toldNotConfigured) deps.log.warn('vk callback refused: not configured', { missing })
    toldNotConfigured = true
    return c.json(errorBody('not_configured', 'Приём комментариев VK не настроен'), 404)
  }
  const { confirmation, secret, groupId } = settings as Required<VkCallbackSettings>
  const body = c.req.valid('json')
  const ours = String(body.group_id) === groupId
  if (body.type === 'confirmation') {
    if (!ours) return c.json(errorBody('wrong_group', 'Это не страница губернатора'), 403)
    return c.text(confirmation, 200)
  }
  // An attack or a misconfigured VK: refused, and the admin sees it in the log.
  if (!sameSecret(body.secret, secret)) {
    deps.log.warn('vk callback refused: wrong secret', { type: body.type })
    return c.json(errorBody('bad_secret', 'Неверный секретный ключ'), 403)
  }
  if (!ours) {
    deps.log.warn('vk callback refused: another group', { groupId: body.group_id })
    return c.json(errorBody('wrong_group', 'Это не страница губернатора'), 403)
  }
  // From here on VK is who it says it is: whatever it sends is answered `ok`, since an error
  // makes VK pause the delivery of every later event; what is not taken is logged.
  const skip = (reason: string, fields: Record<string, unknown> = {}) => {
    deps.log.warn('vk callback event not taken', {
      reason,
      type: body.type,
      eventId: body.event_id,
      ...fields,
    })
    return c.text('ok', 200)
  }
  if (!body.event_id) return skip('no event_id')
  // Event types we do not take: acknowledged, not stored.
  if (!body.type.startsWith('wall_reply_')) return c.text('ok', 200)
  const schema = body.type === 'wall_reply_delete' ? wallCommentDelete : wallComment
  const parsed = schema.safeParse(body.object)
  if (!parsed.success) return skip('malformed object')
  const db = deps.database.db
  const eventId = body.event_id
  const [seen] = await db
    .select({ id: inboundEvents.eventId })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.source, 'vk'), eq(inboundEvents.eventId, eventId)))
  if (seen) return c.text('ok', 200) // a repeat of an event already taken
  // The event is recorded as taken only once it has been: if storing it fails, VK's retry
  // (same event_id) is processed again. Registering and withdrawing are idempotent themselves.
  const now = deps.clock.now()
  const taken = () =>
    db
      .insert(inboundEvents)
      .values({ source: 'vk', eventId, receivedAt: now })
      .onConflictDoNothing()
  const pageId = `-${groupId}`
  if (body.type === 'wall_reply_delete') {
    const o = parsed.data as z.infer<typeof wallCommentDelete>
    // only a comment on the governor's wall is withdrawn
    if (String(o.owner_id) !== pageId) return skip('another wall', { ownerId: o.owner_id })
    await deps.comments.withdrawBySource('vk', pageId, String(o.post_id), String(o.id), now)
    await taken()
    return c.text('ok', 200)
  }
  const o = parsed.data as z.infer<typeof wallComment>
  const wall = o.owner_id ?? o.post_owner_id
  if (wall !== undefined && String(wall) !== pageId) return skip('another wall', { ownerId: wall })
  // The governor's own replies (from the group) are not citizens' comments.
  if (String(o.from_id) === pageId) {
    await taken()
    return c.text('ok', 200)
  }
  // A date far from now is not believed: it could never reach a queue, yet would block the
  // real comment. A few minutes ahead (clocks differ) counts as now.
  const at = o.date * 1000
  if (at < now.getTime() - DATE_PAST_MS || at > now.getTime() + DATE_FUTURE_MS)
    return skip('date out of range', { date: o.date })
  const leftAt = new Date(Math.min(at, now.getTime()))
  const { calendar } = await deps.calendars.current(db)
  // Another community may comment too (from_id < 0): it is answered like a person.
  const community = o.from_id < 0
  await deps.comments.register({
    network: 'vk',
    pageId,
    networkPostId: String(o.post_id),
    networkCommentId: String(o.id),
    authorName: community ? `Сообщество VK club${-o.from_id}` : `Пользователь VK id${o.from_id}`,
    authorUrl: community ? `https://vk.com/club${-o.from_id}` : `https://vk.com/id${o.from_id}`,
    text: o.text,
    thread: { postText: '', postUrl: `https://vk.com/wall${pageId}_${o.post_id}`, earlier: [] },
    leftAt,
    registeredAt: registrationTime(calendar, leftAt, settings.rhythm),
  })
  await taken()
  return c.text('ok', 200)
})
