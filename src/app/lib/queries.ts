import { queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import type { postListQuerySchema } from '../../shared/api/contract'
import { ApiError, client, read } from './api'

/** The list's filters, as the API declares them. */
export type PostFilters = Omit<z.input<typeof postListQuerySchema>, 'page' | 'pageSize'>

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
  postVersion: (id: string, number: number) => [...keys.posts, 'version', id, number] as const,
  admin: ['admin'] as const,
  channels: ['channels'] as const,
  demoChannels: ['demo-channels'] as const,
  /** Citizens' comments: the feature's lists and details live under this key. */
  comments: ['comments'] as const,
  commentCounts: () => [...keys.comments, 'counts'] as const,
}

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async () => {
    try {
      return await read(client.me.$get())
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null
      throw e
    }
  },
  staleTime: 60_000,
})

export const departmentsQuery = queryOptions({
  queryKey: keys.departments,
  queryFn: () => read(client.departments.$get()),
  staleTime: 10 * 60_000,
  select: (d) => d.items,
})

export const calendarQuery = queryOptions({
  queryKey: keys.calendar,
  queryFn: () => read(client.calendar.$get()),
  staleTime: 10 * 60_000,
})

export const postListQuery = (filters: PostFilters) =>
  queryOptions({
    queryKey: keys.postList(filters),
    queryFn: () => read(client.posts.$get({ query: { ...withoutEmpty(filters), pageSize: 200 } })),
  })

export const postDetailQuery = (id: string) =>
  queryOptions({
    queryKey: keys.postDetail(id),
    queryFn: () => read(client.posts[':id'].$get({ param: { id } })),
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
    // While a post goes out, its channels change with no event of the post's own (the ledger
    // is not its history): look again until it is published, so each channel's outcome — and
    // a channel waiting for a person — shows without a reload.
    refetchInterval: (query) =>
      query.state.data?.state === 'publishing' ? PUBLISHING_POLL_MS : false,
  })

const PUBLISHING_POLL_MS = 2_000

/**
 * One text version with its text, fetched when a screen shows it (the post lists its versions
 * without texts). A version never changes: fetched once, kept.
 */
export const postVersionQuery = (id: string, number: number) =>
  queryOptions({
    queryKey: keys.postVersion(id, number),
    queryFn: () =>
      read(client.posts[':id'].versions[':number'].$get({ param: { id, number: String(number) } })),
    staleTime: Infinity,
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  })

/** How each channel is served (real, demo, by hand, not configured): changes only on restart. */
export const channelsQuery = queryOptions({
  queryKey: keys.channels,
  queryFn: () => read(client.channels.$get()),
  staleTime: 10 * 60_000,
  select: (d) => new Map(d.items.map((i) => [i.channel, i.mode])),
})

/** How many comments wait for the SMC (the nav's badge); kept fresh by the live stream. */
export const commentCountsQuery = queryOptions({
  queryKey: keys.commentCounts(),
  queryFn: () => read(client.comments.counts.$get({ query: {} })),
  refetchInterval: 5 * 60_000,
})

export const demoChannelsQuery = queryOptions({
  queryKey: keys.demoChannels,
  queryFn: () => read(client['demo-channels'].$get()),
  select: (d) => d.items,
})

/** Filters left empty are not sent. */
function withoutEmpty<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Partial<T>
}
