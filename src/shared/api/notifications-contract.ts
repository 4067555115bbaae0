import { z } from 'zod'
/** What the notification routes take; what they answer is in `responses.ts`. */
export { notificationSettingsSchema } from '../../domain/notifications/preferences'
export type {
  NotificationDto,
  NotificationFailureDto,
  NotificationListDto,
  NotificationSettingsDto,
} from './responses'

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
