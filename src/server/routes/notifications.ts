import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { and, count, desc, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm'
import {
  markReadSchema,
  notificationSettingsSchema,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
  type NotificationDto,
  type NotificationFailureDto,
  type NotificationSettingsDto,
} from '../../shared/api/notifications-contract'
import { defaultSettings, kindsForRole } from '../../domain/notifications/preferences'
import type { OutsideChannel } from '../../domain/notifications/preferences'
import type { UserRole } from '../../domain/roles'
import { SESSION_COOKIE, sessionKey } from '../auth/sessions'
import type { ServerDeps } from '../context'
import { MAX_PUSH_SUBSCRIPTIONS } from '../notifications/push'
import {
  notificationDeliveries,
  notificationSettings,
  pushSubscriptions,
  users,
} from '../db/schema'
import { body, declare, errors, json, roles, router, schemas, signedIn } from './define'
import { errorBody } from './middleware'
import { TooManyLinkCodes } from '../notifications/messenger'

const LIST_SIZE = 50
const tags = ['notifications']

const listNotifications = declare({
  method: 'get',
  path: '/notifications',
  operationId: 'listNotifications',
  tags,
  summary: 'The notification centre: my latest in-app notifications and the unread count',
  description: `The ${LIST_SIZE} newest, newest first. A \`notification\` frame on /api/events says there is more.`,
  ...signedIn,
  responses: { 200: json(schemas.NotificationList, 'My notifications'), ...errors(401) },
})
const markNotificationsRead = declare({
  method: 'post',
  path: '/notifications/read',
  operationId: 'markNotificationsRead',
  tags,
  summary: 'Mark my notifications read: `{ids}` (up to 200) or `{all: true}`',
  ...signedIn,
  request: { body: body(markReadSchema) },
  responses: { 200: json(schemas.Ok, 'Marked'), ...errors(400, 401, 415) },
})
const getSettings = declare({
  method: 'get',
  path: '/notifications/settings',
  operationId: 'getNotificationSettings',
  tags,
  summary: 'My notification settings (or my role’s defaults) and which channels reach me',
  ...signedIn,
  responses: {
    200: json(schemas.NotificationSettings, 'Settings in force'),
    ...errors(401),
  },
})
const saveSettings = declare({
  method: 'put',
  path: '/notifications/settings',
  operationId: 'saveNotificationSettings',
  tags,
  summary: 'Save my channels per kind of event, quiet hours and what may come in them',
  ...signedIn,
  request: { body: body(notificationSettingsSchema) },
  responses: {
    200: json(schemas.NotificationSettings, 'Settings as saved'),
    ...errors(400, 401, 415),
  },
})
const linkTelegram = declare({
  method: 'post',
  path: '/notifications/telegram/link',
  operationId: 'linkTelegram',
  tags,
  summary: 'A one-time deep link that links my Telegram chat to the notification bot',
  description:
    'Opening it sends `/start <code>` to the bot. 409 when the bot is not configured; 429 ' +
    'while the person holds 5 unused links (each works 15 minutes), with Retry-After.',
  ...signedIn,
  responses: {
    200: json(schemas.TelegramLink, 'The link and when it stops working'),
    ...errors(401, 409, 429),
  },
})
const unlinkTelegram = declare({
  method: 'delete',
  path: '/notifications/telegram',
  operationId: 'unlinkTelegram',
  tags,
  summary: 'Unlink my Telegram chat (the bot says goodbye there)',
  ...signedIn,
  responses: { 200: json(schemas.TelegramUnlinked, 'Whether a chat was linked'), ...errors(401) },
})
const linkMax = declare({
  method: 'post',
  path: '/notifications/max/link',
  operationId: 'linkMax',
  tags,
  summary: 'A one-time deep link that links my MAX account to the notification bot',
  description:
    'Opening it starts the bot with the code as `bot_started.payload`. 409 when the bot is not ' +
    'configured or MAX does not answer; 429 while the person holds 5 unused links (each works ' +
    '15 minutes), with Retry-After.',
  ...signedIn,
  responses: {
    200: json(schemas.TelegramLink, 'The link and when it stops working'),
    ...errors(401, 409, 429),
  },
})
const unlinkMax = declare({
  method: 'delete',
  path: '/notifications/max',
  operationId: 'unlinkMax',
  tags,
  summary: 'Unlink my MAX account (the bot says goodbye there)',
  ...signedIn,
  responses: {
    200: json(schemas.TelegramUnlinked, 'Whether an account was linked'),
    ...errors(401),
  },
})
const getPushKey = declare({
  method: 'get',
  path: '/notifications/push/key',
  operationId: 'getPushKey',
  tags,
  summary: 'The server’s VAPID public key, for PushManager.subscribe',
  ...signedIn,
  responses: { 200: json(schemas.PushKey, 'The key'), ...errors(401) },
})
const subscribePush = declare({
  method: 'post',
  path: '/notifications/push/subscriptions',
  operationId: 'subscribePush',
  tags,
  summary: 'Register this browser’s push subscription (PushSubscription.toJSON())',
  description:
    'The same endpoint again (or from another person) takes the subscription over; one per signed-in browser, the newest few per person. The endpoint must be a push service on the internet (400 for a loopback, private or link-local host, or one resolving there); signing out forgets it. 409 when push is not configured here.',
  ...signedIn,
  request: { body: body(pushSubscriptionSchema) },
  responses: { 200: json(schemas.Ok, 'Registered'), ...errors(400, 401, 409, 415) },
})
const unsubscribePush = declare({
  method: 'delete',
  path: '/notifications/push/subscriptions',
  operationId: 'unsubscribePush',
  tags,
  summary: 'Forget one of my push subscriptions by its endpoint',
  ...signedIn,
  request: { body: body(pushUnsubscribeSchema) },
  responses: {
    200: json(schemas.PushUnsubscribed, 'Whether it was mine and is gone'),
    ...errors(400, 401, 415),
  },
})
const listFailures = declare({
  method: 'get',
  path: '/admin/notifications',
  operationId: 'listNotificationFailures',
  tags: ['admin'],
  summary:
    'Deliveries outside the tab that failed, wait for a retry or missed some devices, with the reason (admin)',
  ...roles('admin'),
  responses: {
    200: json(schemas.NotificationFailureList, 'The latest 200'),
    ...errors(401, 403),
  },
})

/** 429 for a link asked for while the person holds too many unused ones (Retry-After: the oldest's expiry). */
function tooManyLinks(c: Context, err: TooManyLinkCodes) {
  const seconds = err.retryAfterSeconds
  c.header('retry-after', String(seconds))
  return c.json(
    errorBody(
      'too_many_links',
      `Слишком много неиспользованных ссылок для подключения. Откройте последнюю полученную ссылку или повторите через ${Math.ceil(seconds / 60)} мин.`,
      { retryAfterSeconds: seconds },
    ),
    429,
  )
}

/** The notification centre (in-app deliveries), preferences, channel links, the admin's failures. */
export const notificationRoutes = router()
  .openapi(listNotifications, async (c) => {
    const db = c.var.deps.database.db
    const me = c.var.user!.id
    const mine = and(
      eq(notificationDeliveries.userId, me),
      eq(notificationDeliveries.channel, 'app'),
    )
    const [rows, [unread]] = await Promise.all([
      db
        .select()
        .from(notificationDeliveries)
        .where(mine)
        .orderBy(desc(notificationDeliveries.id))
        .limit(LIST_SIZE),
      db
        .select({ n: count() })
        .from(notificationDeliveries)
        .where(and(mine, isNull(notificationDeliveries.readAt))),
    ])
    const items: NotificationDto[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      postId: r.postId,
      commentId: r.commentId,
      urgent: r.urgent,
      title: r.title,
      body: r.body,
      path: r.path,
      at: r.createdAt.toISOString(),
      read: r.readAt !== null,
    }))
    return c.json({ items, unread: unread?.n ?? 0 }, 200)
  })
  .openapi(markNotificationsRead, async (c) => {
    const input = c.req.valid('json')
    const { deps } = c.var
    const me = c.var.user!.id
    await deps.database.db
      .update(notificationDeliveries)
      .set({ readAt: deps.clock.now() })
      .where(
        and(
          eq(notificationDeliveries.userId, me),
          eq(notificationDeliveries.channel, 'app'),
          isNull(notificationDeliveries.readAt),
          'ids' in input ? inArray(notificationDeliveries.id, input.ids) : undefined,
        ),
      )
    return c.json({ ok: true as const }, 200)
  })
  .openapi(getSettings, async (c) => c.json(await settingsOf(c.var.deps, c.var.user!), 200))
  .openapi(saveSettings, async (c) => {
    const { deps } = c.var
    const me = c.var.user!
    const settings = c.req.valid('json')
    const now = deps.clock.now()
    await deps.database.db
      .insert(notificationSettings)
      .values({ userId: me.id, settings, updatedAt: now })
      .onConflictDoUpdate({
        target: notificationSettings.userId,
        set: { settings, updatedAt: now },
      })
    return c.json(await settingsOf(deps, me), 200)
  })
  .openapi(linkTelegram, async (c) => {
    const bot = c.var.deps.notifications.telegram
    if (!bot) {
      return c.json(
        errorBody('not_configured', 'Telegram-бот уведомлений на этом сервере не настроен'),
        409,
      )
    }
    try {
      const link = await bot.linkFor(c.var.user!.id)
      return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 200)
    } catch (err) {
      if (err instanceof TooManyLinkCodes) return tooManyLinks(c, err)
      // the bot's name comes from Telegram (getMe): without it there is no link to give
      c.var.deps.log.warn('telegram link failed', { error: (err as Error).message })
      return c.json(
        errorBody(
          'telegram_unavailable',
          'Telegram сейчас не отвечает: попробуйте подключить позже',
        ),
        409,
      )
    }
  })
  .openapi(unlinkTelegram, async (c) => {
    const bot = c.var.deps.notifications.telegram
    const unlinked = bot ? await bot.unlinkUser(c.var.user!.id) : false
    return c.json({ unlinked }, 200)
  })
  .openapi(linkMax, async (c) => {
    const bot = c.var.deps.notifications.max
    if (!bot) {
      return c.json(
        errorBody('not_configured', 'MAX-бот уведомлений на этом сервере не настроен'),
        409,
      )
    }
    try {
      const link = await bot.linkFor(c.var.user!.id)
      return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 200)
    } catch (err) {
      if (err instanceof TooManyLinkCodes) return tooManyLinks(c, err)
      // the bot's name comes from MAX (GET /me): without it there is no link to give
      c.var.deps.log.warn('max link failed', { error: (err as Error).message })
      return c.json(
        errorBody('max_unavailable', 'MAX сейчас не отвечает: попробуйте подключить позже'),
        409,
      )
    }
  })
  .openapi(unlinkMax, async (c) => {
    const bot = c.var.deps.notifications.max
    const unlinked = bot ? await bot.unlinkUser(c.var.user!.id) : false
    return c.json({ unlinked }, 200)
  })
  .openapi(getPushKey, async (c) => {
    const { publicKey } = await c.var.deps.notifications.pushKeys()
    return c.json({ publicKey }, 200)
  })
  .openapi(subscribePush, async (c) => {
    const { deps } = c.var
    const { notifications } = deps
    if (notifications.pushOff)
      return c.json(
        errorBody('not_configured', 'Уведомления на устройство на этом сервере не настроены'),
        409,
      )
    const s = c.req.valid('json')
    // the server will connect there: only a push service on the internet, never inside
    const target = await notifications.checkPushEndpoint(s.endpoint)
    if (!target.ok) return c.json(errorBody('bad_endpoint', target.reason), 400)
    const me = c.var.user!.id
    const token = getCookie(c, SESSION_COOKIE)
    const session = token ? sessionKey(token) : null
    const row = {
      userId: me,
      endpoint: s.endpoint,
      p256dh: s.keys.p256dh,
      auth: s.keys.auth,
      sessionTokenHash: session,
      createdAt: deps.clock.now(),
    }
    await deps.database.db.transaction(async (tx) => {
      // One subscription per signed-in browser: this session's earlier one is replaced.
      if (session)
        await tx
          .delete(pushSubscriptions)
          .where(
            and(
              eq(pushSubscriptions.sessionTokenHash, session),
              ne(pushSubscriptions.endpoint, s.endpoint),
            ),
          )
      // A browser re-subscribing (or another person on the same browser) takes the endpoint over.
      await tx
        .insert(pushSubscriptions)
        .values(row)
        .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: row })
      // At most a few browsers per person: the newest stay.
      const kept = tx
        .select({ id: pushSubscriptions.id })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.userId, me))
        .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
        .limit(MAX_PUSH_SUBSCRIPTIONS)
      await tx
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.userId, me), notInArray(pushSubscriptions.id, kept)))
    })
    return c.json({ ok: true as const }, 200)
  })
  .openapi(unsubscribePush, async (c) => {
    const gone = await c.var.deps.database.db
      .delete(pushSubscriptions)
      .where(
        and(
          eq(pushSubscriptions.userId, c.var.user!.id),
          eq(pushSubscriptions.endpoint, c.req.valid('json').endpoint),
        ),
      )
      .returning({ id: pushSubscriptions.id })
    return c.json({ removed: gone.length > 0 }, 200)
  })
  .openapi(listFailures, async (c) => {
    const rows = await c.var.deps.database.db
      .select({ d: notificationDeliveries, name: users.name, login: users.login })
      .from(notificationDeliveries)
      .innerJoin(users, eq(users.id, notificationDeliveries.userId))
      .where(
        and(
          ne(notificationDeliveries.channel, 'app'),
          // failed; waiting for a retry; or sent, but not to every one of the person's browsers
          sql`(${notificationDeliveries.state} = 'failed' or (${notificationDeliveries.state} = 'pending' and ${notificationDeliveries.attempts} > 0) or (${notificationDeliveries.state} = 'sent' and ${notificationDeliveries.error} is not null))`,
        ),
      )
      .orderBy(desc(notificationDeliveries.id))
      .limit(200)
    const items: NotificationFailureDto[] = rows.map(({ d, name, login }) => ({
      id: d.id,
      channel: d.channel as NotificationFailureDto['channel'],
      state: d.state as NotificationFailureDto['state'],
      userName: name,
      userLogin: login,
      title: d.title,
      attempts: d.attempts,
      error: d.error,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      at: d.createdAt.toISOString(),
    }))
    return c.json({ items }, 200)
  })

async function settingsOf(
  deps: ServerDeps,
  me: { id: string; name: string; role: UserRole; email: string | null },
): Promise<NotificationSettingsDto> {
  const [row] = await deps.database.db
    .select()
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, me.id))
  const worker = deps.notifications.worker
  const has = (ch: OutsideChannel) => worker.channels.includes(ch)
  // asked once per channel: each answer reads the person's linked chats and subscriptions
  const [telegram, max, push] = await Promise.all([
    worker.reaches('telegram', me),
    worker.reaches('max', me),
    worker.reaches('push', me),
  ])
  const reachesEmail = has('email') && !!me.email
  return {
    settings: row?.settings ?? defaultSettings(me.role),
    isDefault: !row,
    kinds: [...kindsForRole[me.role]],
    channels: {
      email: {
        available: has('email'),
        reaches: reachesEmail,
        note: !has('email')
          ? 'на этом сервере не настроена'
          : me.email
            ? `письма приходят на ${me.email}`
            : 'адрес не указан: его добавляет администратор',
      },
      telegram: {
        available: has('telegram'),
        reaches: telegram,
        note: !has('telegram')
          ? 'бот уведомлений на этом сервере не настроен'
          : telegram
            ? 'подключён'
            : 'не подключён',
      },
      max: {
        available: has('max'),
        reaches: max,
        note: !has('max')
          ? 'бот уведомлений на этом сервере не настроен'
          : max
            ? 'подключён'
            : 'не подключён',
      },
      push: {
        available: has('push'),
        reaches: push,
        note: !has('push')
          ? 'на этом сервере не настроены'
          : push
            ? 'приходят на устройства, где вы их разрешили'
            : 'ни на одном устройстве не разрешены',
      },
    },
    quietHoursOn: worker.quietHoursOn,
  }
}
