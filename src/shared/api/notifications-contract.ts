import { z } from 'zod'
import type { NotificationChannel, NotificationKind } from '../../domain/notifications/rules'
import type { NotificationSettings, OutsideChannel } from '../../domain/notifications/preferences'
export { notificationSettingsSchema } from '../../domain/notifications/preferences'

/** One entry of the notification centre (an in-app delivery). */
export interface NotificationDto {
  id: number
  kind: NotificationKind
  postId: string
  urgent: boolean
  title: string
  body: string
  /** The screen it opens, inside Viza. */
  path: string
  at: string
  read: boolean
}

export interface NotificationListDto {
  items: NotificationDto[]
  unread: number
}

export const markReadSchema = z.union([
  z
    .object({
      ids: z
        .array(
          z
            .number()
            .int()
            .positive()
            .max(2 ** 53 - 1),
        )
        .min(1)
        .max(200),
    })
    .strict(),
  z.object({ all: z.literal(true) }).strict(),
])

/** A delivery outside the tab that did not go: what the admin sees. */
export interface NotificationFailureDto {
  id: number
  channel: Exclude<NotificationChannel, 'app'>
  state: 'failed' | 'pending'
  userName: string
  userLogin: string
  title: string
  attempts: number
  error: string | null
  nextAttemptAt: string | null
  at: string
}

/** A person's notification settings screen. */
export interface NotificationSettingsDto {
  /** What is in force: the person's own choices, or the role's defaults. */
  settings: NotificationSettings
  /** Whether `settings` are the role's defaults (nothing chosen yet). */
  isDefault: boolean
  /** The kinds this role receives, in the order to show them. */
  kinds: NotificationKind[]
  /** Channels this server has, and whether they reach this person now. */
  channels: Record<OutsideChannel, { available: boolean; reaches: boolean; note: string }>
  /** False when the server turned quiet hours off (`VIZA_NOTIFY_QUIET_HOURS=off`). */
  quietHoursOn: boolean
}

const base64url = (min: number, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+=*$/, 'Ключ подписки в кодировке base64url')
    .min(min)
    .max(max)

/** A browser's PushSubscription.toJSON(), as the service worker's subscription gives it. */
export const pushSubscriptionSchema = z.object({
  endpoint: z
    .url({ protocol: /^https$/, message: 'Адрес подписки должен начинаться с https://' })
    .max(2048),
  keys: z.object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
  expirationTime: z.number().nullable().optional(),
})

export const pushUnsubscribeSchema = z.object({ endpoint: z.string().max(2048) }).strict()
