import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { client, read } from '../../lib/api'
import { keys } from '../../lib/queries'

/** Citizens' comments: keys under ['comments', …] so one invalidation reaches lists and details. */
export const commentKeys = {
  all: keys.comments,
  lists: () => [...commentKeys.all, 'list'] as const,
  details: () => [...commentKeys.all, 'detail'] as const,
  detail: (id: string) => [...commentKeys.details(), id] as const,
  check: (text: string) => ['quality', 'answer', text] as const,
}

export const commentListQuery = queryOptions({
  queryKey: commentKeys.lists(),
  queryFn: () => read(client.comments.$get({ query: {} })),
  refetchInterval: 60_000,
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
