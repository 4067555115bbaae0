import { queryOptions } from '@tanstack/react-query'
import { client, read } from './api'

/** The notification centre's key: the live stream invalidates it on a `notification` frame. */
export const notificationKeys = {
  all: ['notifications'] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
}

export const notificationsQuery = queryOptions({
  queryKey: notificationKeys.all,
  queryFn: () => read(client.notifications.$get()),
  // Offline, the persisted list stays; online, the stream keeps it fresh.
  staleTime: 60_000,
})

export const markRead = (json: { ids: number[] } | { all: true }) =>
  read(client.notifications.read.$post({ json }))

export const notificationSettingsQuery = queryOptions({
  queryKey: notificationKeys.settings(),
  queryFn: () => read(client.notifications.settings.$get()),
})
