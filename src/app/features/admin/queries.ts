import { queryOptions } from '@tanstack/react-query'
import { client, read } from '../../lib/api'
import { keys } from '../../lib/queries'

/** The admin screens' keys, under `['admin']`: one invalidation of `adminKeys.all` reaches all. */
export const adminKeys = {
  all: keys.admin,
  users: () => [...adminKeys.all, 'users'] as const,
  departments: () => [...adminKeys.all, 'departments'] as const,
  channels: () => [...adminKeys.all, 'channels'] as const,
  audit: () => [...adminKeys.all, 'audit'] as const,
  notifications: () => [...adminKeys.all, 'notifications'] as const,
}

export const adminUsersQuery = queryOptions({
  queryKey: adminKeys.users(),
  queryFn: () => read(client.admin.users.$get()),
  select: (d) => d.items,
})

export const adminDepartmentsQuery = queryOptions({
  queryKey: adminKeys.departments(),
  queryFn: () => read(client.admin.departments.$get()),
  select: (d) => d.items,
})

export const channelSettingsQuery = queryOptions({
  queryKey: adminKeys.channels(),
  queryFn: () => read(client.admin.channels.$get()),
})

export const notificationFailuresQuery = queryOptions({
  queryKey: adminKeys.notifications(),
  queryFn: () => read(client.admin.notifications.$get()),
  select: (d) => d.items,
  refetchInterval: 30_000,
})
