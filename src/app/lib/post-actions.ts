import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import {
  availableActionsOnScreen,
  type ActionAvailability,
} from '../../domain/post-lifecycle/available-actions'
import type { PostEventPayload, PostEventType } from '../../domain/post-lifecycle/event-types'
import type { PostDetailDto, UserDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { ApiError, post } from './api'
import { useCalendar } from './calendar'
import { keys } from './queries'

/**
 * Every action this person could take now, enabled or disabled with the reason, judged on the
 * text on their screen (the draft), since that is what the action will act on.
 */
export function useActions(
  detail: PostDetailDto | undefined,
  me: UserDto | null,
  screenText: string | undefined,
): Map<PostEventType, ActionAvailability> {
  const cal = useCalendar()
  return useMemo(() => {
    if (!detail || !me) return new Map()
    if (!cal)
      return new Map(
        detail.allowedEvents.map((type) => [type, { type, enabled: true, reason: null }]),
      )
    const actor = { id: me.id, role: me.role, departmentId: me.departmentId }
    const list = availableActionsOnScreen(
      cal.machine,
      { value: detail.state, context: detail.context },
      actor,
      screenText ?? detail.text,
      new Date(),
    )
    return new Map(list.map((a) => [a.type, a]))
  }, [detail, me, cal, screenText])
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
