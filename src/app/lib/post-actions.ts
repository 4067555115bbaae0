import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { allowedEvents } from '../../domain/post-lifecycle/allowed-events'
import type { PostEventPayload, PostEventType } from '../../domain/post-lifecycle/event-types'
import type { PostDetailDto, UserDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { ApiError, post } from './api'
import { useCalendar } from './calendar'
import { keys } from './queries'

/**
 * The actions this person may take on this post, asked of the same machine the server runs
 * (never a copy of the rules). Falls back to the server's answer until the calendar loads.
 */
export function useAllowed(
  detail: PostDetailDto | undefined,
  me: UserDto | null,
): Set<PostEventType> {
  const cal = useCalendar()
  return useMemo(() => {
    if (!detail || !me) return new Set()
    if (!cal) return new Set(detail.allowedEvents)
    const actor = { id: me.id, role: me.role, departmentId: me.departmentId }
    return new Set(
      allowedEvents(
        cal.machine,
        { value: detail.state, context: detail.context },
        actor,
        new Date(),
      ),
    )
  }, [detail, me, cal])
}

/** Sends one event with the version the person saw; keeps the cache in step with the answer. */
export function usePostEvent(postId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({
      payload,
      expectedVersion,
    }: {
      payload: PostEventPayload
      expectedVersion: number
    }) => post<PostDetailDto>(`/posts/${postId}/events`, { ...payload, expectedVersion }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.postDetail(postId), updated)
      void queryClient.invalidateQueries({ queryKey: keys.postLists() })
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        const current = (e.details as { post?: PostDetailDto } | undefined)?.post
        if (current) queryClient.setQueryData(keys.postDetail(postId), current)
        return
      }
      toast(e.message, 'error')
    },
  })
}

export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409
