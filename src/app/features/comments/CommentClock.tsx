import type { CommentSummaryDto } from '../../../shared/api/comments-contract'
import { Countdown } from '../../components/Countdown'
import { useCalendar } from '../../lib/calendar'

/** The answer clock of a comment, with the same countdown as a request's. */
export function CommentClock({
  comment,
  kind,
  startedAt,
  size,
}: {
  comment: Pick<CommentSummaryDto, 'deadlineAt'>
  /** The final answer's clock counts working days; the others working hours. */
  kind?: 'regular' | 'priority' | 'final'
  startedAt?: string | null
  size?: 'sm' | 'lg'
}) {
  const cal = useCalendar()
  if (!comment.deadlineAt) return null
  return (
    <Countdown
      dueAt={comment.deadlineAt}
      startedAt={startedAt}
      unit={kind === 'final' ? 'workingDays' : 'workingHours'}
      calendar={cal?.calendar ?? null}
      size={size}
      purpose="на ответ"
    />
  )
}
