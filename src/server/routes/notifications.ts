import { and, desc, eq, inArray, isNull, ne, sql, count } from 'drizzle-orm'
import { Hono } from 'hono'
import type {
  NotificationDto,
  NotificationFailureDto,
  NotificationListDto,
} from '../../shared/api/notifications-contract'
import {
  markReadSchema,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
  notificationSettingsSchema,
  type NotificationSettingsDto,
} from '../../shared/api/notifications-contract'
import { defaultSettings, kindsForRole } from '../../domain/notifications/preferences'
import {
  notificationDeliveries,
  notificationSettings,
  pushSubscriptions,
  users,
} from '../db/schema'
import { errorBody, requireRole, requireUser, validate, type Env } from './middleware'
import type { ServerDeps } from '../context'
import type { UserRole } from '../../domain/roles'
import type { OutsideChannel } from '../../domain/notifications/preferences'

const LIST_SIZE = 50

/** The notification centre (in-app deliveries) and the admin's view of failed deliveries. */
export const notificationRoutes = new Hono<Env>()
  .get('/notifications', requireUser, async (c) => {
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
      urgent: r.urgent,
      title: r.title,
      body: r.body,
      path: r.path,
      at: r.createdAt.toISOString(),
      read: r.readAt !== null,
    }))
    const body: NotificationListDto = { items, unread: unread?.n ?? 0 }
    return c.json(body, 200)
  })
  .post('/notifications/read', requireUser, validate('json', markReadSchema), async (c) => {
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
    return c.json({ ok: true }, 200)
  })
  .get('/notifications/settings', requireUser, async (c) => {
    return c.json(await settingsOf(c.var.deps, c.var.user!), 200)
  })
  .put(
    '/notifications/settings',
    requireUser,
    validate('json', notificationSettingsSchema),
    async (c) => {
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
    },
  )
  .post('/notifications/telegram/link', requireUser, async (c) => {
    const bot = c.var.deps.notifications.telegram
    if (!bot) {
      return c.json(
        errorBody('not_configured', 'Telegram-бот уведомлений на этом сервере не настроен'),
        409,
      )
    }
    const link = await bot.linkFor(c.var.user!.id)
    return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 200)
  })
  .delete('/notifications/telegram', requireUser, async (c) => {
    const bot = c.var.deps.notifications.telegram
    const unlinked = bot ? await bot.unlinkUser(c.var.user!.id) : false
    return c.json({ unlinked }, 200)
  })
  .get('/notifications/push/key', requireUser, async (c) => {
    const { publicKey } = await c.var.deps.notifications.pushKeys()
    return c.json({ publicKey }, 200)
  })
  .post(
    '/notifications/push/subscriptions',
    requireUser,
    validate('json', pushSubscriptionSchema),
    async (c) => {
      const { deps } = c.var
      const s = c.req.valid('json')
      const row = {
        userId: c.var.user!.id,
        endpoint: s.endpoint,
        p256dh: s.keys.p256dh,
        auth: s.keys.auth,
        createdAt: deps.clock.now(),
      }
      // A browser re-subscribing (or another person on the same browser) takes the endpoint over.
      await deps.database.db
        .insert(pushSubscriptions)
        .values(row)
        .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: row })
      return c.json({ ok: true }, 200)
    },
  )
  .delete(
    '/notifications/push/subscriptions',
    requireUser,
    validate('json', pushUnsubscribeSchema),
    async (c) => {
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
    },
  )
  .get('/admin/notifications', requireUser, requireRole('admin'), async (c) => {
    const rows = await c.var.deps.database.db
      .select({ d: notificationDeliveries, name: users.name, login: users.login })
      .from(notificationDeliveries)
      .innerJoin(users, eq(users.id, notificationDeliveries.userId))
      .where(
        and(
          ne(notificationDeliveries.channel, 'app'),
          sql`(${notificationDeliveries.state} = 'failed' or (${notificationDeliveries.state} = 'pending' and ${notificationDeliveries.attempts} > 0))`,
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
  const reach = (ch: OutsideChannel) => worker.reaches(ch, me)
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
        reaches: await reach('telegram'),
        note: !has('telegram')
          ? 'бот уведомлений на этом сервере не настроен'
          : (await reach('telegram'))
            ? 'подключён'
            : 'не подключён',
      },
      push: {
        available: has('push'),
        reaches: await reach('push'),
        note: (await reach('push'))
          ? 'приходят на устройства, где вы их разрешили'
          : 'ни на одном устройстве не разрешены',
      },
    },
    quietHoursOn: worker.quietHoursOn,
  }
}
