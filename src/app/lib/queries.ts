import { queryOptions } from '@tanstack/react-query'
import type {
  CalendarDto,
  ChannelStatusDto,
  DemoChannelPostDto,
  DepartmentDto,
  PostDetailDto,
  PostListDto,
  UserDto,
} from '../../shared/api/contract'
import { ApiError, get } from './api'

export interface PostFilters {
  state?: string
  department?: string
  overdue?: string
  urgent?: string
  mine?: string
  q?: string
}

/** Query keys per feature, hierarchical so one invalidation reaches every list or detail. */
export const keys = {
  me: ['me'] as const,
  departments: ['departments'] as const,
  calendar: ['calendar'] as const,
  posts: ['posts'] as const,
  postLists: () => [...keys.posts, 'list'] as const,
  postList: (filters: PostFilters) => [...keys.postLists(), filters] as const,
  postDetails: () => [...keys.posts, 'detail'] as const,
  postDetail: (id: string) => [...keys.postDetails(), id] as const,
  admin: ['admin'] as const,
  channels: ['channels'] as const,
  demoChannels: ['demo-channels'] as const,
}

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async () => {
    try {
      return await get<{ user: UserDto; demo: boolean }>('/me')
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null
      throw e
    }
  },
  staleTime: 60_000,
})

export const departmentsQuery = queryOptions({
  queryKey: keys.departments,
  queryFn: () => get<{ items: DepartmentDto[] }>('/departments'),
  staleTime: 10 * 60_000,
  select: (d) => d.items,
})

export const calendarQuery = queryOptions({
  queryKey: keys.calendar,
  queryFn: () => get<CalendarDto>('/calendar'),
  staleTime: 10 * 60_000,
})

export const postListQuery = (filters: PostFilters) =>
  queryOptions({
    queryKey: keys.postList(filters),
    queryFn: () => {
      const params = new URLSearchParams({ pageSize: '200' })
      for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v)
      return get<PostListDto>(`/posts?${params}`)
    },
  })

export const postDetailQuery = (id: string) =>
  queryOptions({
    queryKey: keys.postDetail(id),
    queryFn: () => get<PostDetailDto>(`/posts/${id}`),
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  })

/** How each channel is served (real, demo, by hand, not configured): changes only on restart. */
export const channelsQuery = queryOptions({
  queryKey: keys.channels,
  queryFn: () => get<{ items: ChannelStatusDto[] }>('/channels'),
  staleTime: 10 * 60_000,
  select: (d) => new Map(d.items.map((i) => [i.channel, i.mode])),
})

export const demoChannelsQuery = queryOptions({
  queryKey: keys.demoChannels,
  queryFn: () => get<{ items: DemoChannelPostDto[] }>('/demo-channels'),
  select: (d) => d.items,
})
