import {
  allowedCommentEvents,
  createCommentMachine,
  initialCommentState,
  type CommentEventType,
} from '../../../domain/comment-lifecycle'
import type { CommentSummaryDto } from '../../../shared/api/comments-contract'
import type { UserDto } from '../../../shared/api/contract'

// "What may this person do now" needs the machine's guards, never its deadline rules.
const machine = createCommentMachine({
  answerDeadline: () => {
    throw new Error('not used when asking what is allowed')
  },
})
const initial = initialCommentState(machine)

/**
 * The events `me` may send on a comment of the list, asked of the same machine as the server's
 * `allowedEvents` (a list row carries no full context: only where it stands and whose it is).
 */
export function allowedOnSummary(
  c: Pick<CommentSummaryDto, 'state' | 'departmentId' | 'priority'>,
  me: UserDto,
): CommentEventType[] {
  return allowedCommentEvents(
    machine,
    {
      value: c.state,
      context: { ...initial.context, departmentId: c.departmentId, priority: c.priority },
    },
    { id: me.id, role: me.role, departmentId: me.departmentId },
  )
}
