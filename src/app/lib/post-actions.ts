import { onlineManager, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import {
  availableActionsOnScreen,
  type ActionAvailability,
} from '../../domain/post-lifecycle/available-actions'
import type { PostEventType } from '../../domain/post-lifecycle/event-types'
import type { PostDetailDto, PostEventAnswerDto, UserDto } from '../../shared/api/contract'
import { ApiError } from './api'
import { POST_EVENT, type PostEventVariables } from './offline'
import { useCalendar } from './calendar'

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

/**
 * Sends one event with the version the person saw; the cache follows the answer (see
 * `configurePostEvents`). Without a connection the event waits on the device and is sent later.
 */
export function usePostEvent(postId: string) {
  const mutation = useMutation<PostEventAnswerDto, Error, PostEventVariables>({
    // what it does, and its effects on the cache, are the defaults of `configurePostEvents`
    mutationKey: [POST_EVENT, postId],
  })
  return {
    ...mutation,
    mutate: (
      v: Omit<PostEventVariables, 'postId'>,
      options?: Parameters<typeof mutation.mutate>[1],
    ) => mutation.mutate({ ...v, postId, queuedOffline: !onlineManager.isOnline() }, options),
  }
}

export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409
