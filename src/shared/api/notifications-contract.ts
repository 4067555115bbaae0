import { z } from 'zod'
import type { NotificationChannel, NotificationKind } from '../../domain/notifications/rules'

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
