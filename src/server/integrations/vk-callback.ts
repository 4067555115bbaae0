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
  confirmation: env.VK_CALLBACK_CONFIRMATION,
  secret: env.VK_CALLBACK_SECRET,
  groupId: env.VK_GROUP_ID?.replace(/^-/, ''),
  rhythm: env.VIZA_COMMENT_INTAKE === 'immediate' ? 'immediate' : 'hourly',
})

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
    '`confirmation` for the governor’s group (VK_GROUP_ID) is answered with ' +
    'VK_CALLBACK_CONFIRMATION; `wall_reply_new` / `wall_reply_edit` register a comment, ' +
    '`wall_reply_delete` withdraws it. The `secret` must be VK_CALLBACK_SECRET; a repeated ' +
    '`event_id`, another group’s event or another event type is acknowledged and not stored.',
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
  if (!settings.confirmation || !settings.groupId)
    return c.json(errorBody('not_configured', 'Приём комментариев VK не настроен'), 404)
  const body = c.req.valid('json')
  const ours = String(body.group_id) === settings.groupId
  if (body.type === 'confirmation') {
    if (!ours) return c.json(errorBody('wrong_group', 'Это не страница губернатора'), 403)
    return c.text(settings.confirmation, 200)
  }
  if (settings.secret && body.secret !== settings.secret)
    return c.json(errorBody('bad_secret', 'Неверный секретный ключ'), 403)
  if (!body.event_id) return c.json(errorBody('validation_failed', 'Нет event_id'), 400)
  // Another group's events, and event types we do not take: acknowledged, not stored.
  if (!ours || !body.type.startsWith('wall_reply_')) return c.text('ok', 200)
  const schema = body.type === 'wall_reply_delete' ? wallCommentDelete : wallComment
  const parsed = schema.safeParse(body.object)
  if (!parsed.success)
    return c.json(errorBody('validation_failed', 'Неверный объект комментария'), 400)
  const db = deps.database.db
  const eventId = body.event_id
  const [seen] = await db
    .select({ id: inboundEvents.eventId })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.source, 'vk'), eq(inboundEvents.eventId, eventId)))
  if (seen) return c.text('ok', 200) // a repeat of an event already taken
  // The event is recorded as taken only once it has been: if storing it fails, VK's retry
  // (same event_id) is processed again. Registering and withdrawing are idempotent themselves.
  const taken = () =>
    db
      .insert(inboundEvents)
      .values({ source: 'vk', eventId, receivedAt: deps.clock.now() })
      .onConflictDoNothing()
  const pageId = `-${settings.groupId}`
  if (body.type === 'wall_reply_delete') {
    const o = parsed.data as z.infer<typeof wallCommentDelete>
    await deps.comments.withdrawBySource('vk', pageId, String(o.post_id), String(o.id))
    await taken()
    return c.text('ok', 200)
  }
  const o = parsed.data as z.infer<typeof wallComment>
  // The governor's own replies (from the group) are not citizens' comments.
  if (o.from_id < 0) {
    await taken()
    return c.text('ok', 200)
  }
  const leftAt = new Date(o.date * 1000)
  const { calendar } = await deps.calendars.current(db)
  await deps.comments.register({
    network: 'vk',
    pageId,
    networkPostId: String(o.post_id),
    networkCommentId: String(o.id),
    authorName: `Пользователь VK id${o.from_id}`,
    authorUrl: `https://vk.com/id${o.from_id}`,
    text: o.text,
    thread: { postText: '', postUrl: `https://vk.com/wall${pageId}_${o.post_id}`, earlier: [] },
    leftAt,
    registeredAt: registrationTime(calendar, leftAt, settings.rhythm),
  })
  await taken()
  return c.text('ok', 200)
})
