import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { client, read } from '../../lib/api'
import { keys } from '../../lib/queries'
import type { z } from 'zod'
import type { commentListQuerySchema } from '../../../shared/api/comments-contract'

/** Citizens' comments: keys under ['comments', …] so one invalidation reaches lists and details. */
export const commentKeys = {
  all: keys.comments,
  lists: () => [...commentKeys.all, 'list'] as const,
  details: () => [...commentKeys.all, 'detail'] as const,
  detail: (id: string) => [...commentKeys.details(), id] as const,
  check: (text: string) => ['quality', 'answer', text] as const,
}

/** The list's filters, as the API declares them. */
export type CommentFilters = z.input<typeof commentListQuerySchema>

export const commentListQuery = (filters: CommentFilters = {}) =>
  queryOptions({
    queryKey: [...commentKeys.lists(), filters] as const,
    queryFn: () =>
      read(
        client.comments.$get({
          query: Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
        }),
      ),
    refetchInterval: 60_000,
  })

/** How many comments stand where (the queue's groups), for one department or all. */
export const commentCountsQuery = (department: string) =>
  queryOptions({
    queryKey: [...keys.commentCounts(), department] as const,
    queryFn: () => read(client.comments.counts.$get({ query: department ? { department } : {} })),
  })

export const commentDetailQuery = (id: string) =>
  queryOptions({
    queryKey: commentKeys.detail(id),
    queryFn: () => read(client.comments[':id'].$get({ param: { id } })),
  })

/** The «отписка» checker on the answer being written (the server's, with its dictionary). */
export const answerCheckQuery = (text: string) =>
  queryOptions({
    queryKey: commentKeys.check(text),
    queryFn: () => read(client.quality.check.$post({ json: { text, kind: 'answer' } })),
    enabled: text.trim() !== '',
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  })
