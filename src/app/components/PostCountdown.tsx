import type { PostSummaryDto } from '../../shared/api/contract'
import { useCalendar } from '../lib/calendar'
import { Countdown } from './Countdown'

/** The department clock of a post, when one is running. */
export function PostCountdown({
  post,
  size,
  purpose,
}: {
  post: PostSummaryDto
  size?: 'sm' | 'lg'
  purpose: string
}) {
  const cal = useCalendar()
  if (!post.deadlineAt || !post.deadlineUnit) return null
  return (
    <Countdown
      dueAt={post.deadlineAt}
      startedAt={post.clockStartedAt}
      unit={post.deadlineUnit}
      calendar={cal?.calendar ?? null}
      size={size}
      purpose={purpose}
      provisional={post.deadlineProvisional}
    />
  )
}
