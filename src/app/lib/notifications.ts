import { queryOptions } from '@tanstack/react-query'
import type {
  NotificationListDto,
  NotificationSettingsDto,
} from '../../shared/api/notifications-contract'
import { api, get } from './api'

/** The notification centre's key: the live stream invalidates it on a `notification` frame. */
export const notificationKeys = {
  all: ['notifications'] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
}

export const notificationsQuery = queryOptions({
  queryKey: notificationKeys.all,
  queryFn: () => get<NotificationListDto>('/notifications'),
  // Offline, the persisted list stays; online, the stream keeps it fresh.
  staleTime: 60_000,
})

export const markRead = (body: { ids: number[] } | { all: true }) =>
  api<{ ok: true }>('POST', '/notifications/read', body)

export const notificationSettingsQuery = queryOptions({
  queryKey: notificationKeys.settings(),
  queryFn: () => get<NotificationSettingsDto>('/notifications/settings'),
})
