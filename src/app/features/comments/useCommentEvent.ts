import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CommentEventBody } from '../../../shared/api/comments-contract'
import { ApiError, client, read } from '../../lib/api'
import { commentKeys } from './queries'

/** One comment event as a person sends it: what, and the comment version their screen shows. */
export type CommentEventVariables = {
  payload: DistributiveOmit<CommentEventBody, 'expectedVersion'>
  expectedVersion: number
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/**
 * Sends one event of a comment with the version the person saw. The answer replaces the cached
 * comment; the lists and counts refetch. A 409 (someone changed it meanwhile) refetches the
 * comment, so the screen shows what changed; what the person typed is kept by the screen.
 */
export function useCommentEvent(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ payload, expectedVersion }: CommentEventVariables) =>
      read(
        client.comments[':id'].events.$post({
          param: { id },
          json: { ...payload, expectedVersion } as CommentEventBody,
        }),
      ),
    onSuccess: (next) => {
      qc.setQueryData(commentKeys.detail(id), next)
      void qc.invalidateQueries({ queryKey: commentKeys.lists() })
      void qc.invalidateQueries({ queryKey: [...commentKeys.all, 'counts'] })
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.status === 409 || e.status === 422))
        void qc.invalidateQueries({ queryKey: commentKeys.all })
    },
  })
}
