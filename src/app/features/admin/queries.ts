import { queryOptions } from '@tanstack/react-query'
import type {
  ChannelSettingsListDto,
  DepartmentOverviewDto,
} from '../../../shared/api/admin-contract'
import type { UserDto } from '../../../shared/api/contract'
import type { NotificationFailureDto } from '../../../shared/api/notifications-contract'
import { get } from '../../lib/api'
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
  queryFn: () => get<{ items: UserDto[] }>('/admin/users'),
  select: (d) => d.items,
})

export const adminDepartmentsQuery = queryOptions({
  queryKey: adminKeys.departments(),
  queryFn: () => get<{ items: DepartmentOverviewDto[] }>('/admin/departments'),
  select: (d) => d.items,
})

export const channelSettingsQuery = queryOptions({
  queryKey: adminKeys.channels(),
  queryFn: () => get<ChannelSettingsListDto>('/admin/channels'),
})

export const notificationFailuresQuery = queryOptions({
  queryKey: adminKeys.notifications(),
  queryFn: () => get<{ items: NotificationFailureDto[] }>('/admin/notifications'),
  select: (d) => d.items,
  refetchInterval: 30_000,
})
