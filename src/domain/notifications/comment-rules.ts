import type {
  AnswerClock,
  CommentContext,
  CommentEventType,
  CommentStateValue,
} from '../comment-lifecycle'
import { channelLabels, type Channel } from '../channels'
import type { ActorRole } from '../roles'
import type { Audience, NotificationFacts, NotificationKind } from './rules'

/**
 * Who is told what about citizens' comments (issue 14), on the notification layer of issue 13.
 * Pure: the comment service hands over the facts of an accepted event, this says which
 * notifications it causes and to whom. A department hears of what it must answer, of what was
 * taken off it, and of its clock; the SMC hears of answers to review and of overdue.
 */
export interface CommentTransitionFacts {
  commentId: string
  /** The citizen's text: its opening words name the comment in the message. */
  text: string
  /** «Мария Иванова, ВКонтакте». */
  author: string
  event: CommentEventType
  actorId: string
  actorRole: ActorRole
  fromState: CommentStateValue
  toState: CommentStateValue
  /** The context after the event. */
  context: CommentContext
  /** The department before the event (a reassignment changes it). */
  previousDepartmentId: string | null
  at: string
}

const TITLE_CHARS = 60

/** What names a comment that has no text (a photo alone, say): not the citizen's words. */
export const UNTITLED_COMMENT = 'Комментарий без текста'

/** The opening words of a comment, cut at a word and marked as cut: «Когда заделают яму…». */
export function commentTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (!flat) return UNTITLED_COMMENT
  if (flat.length <= TITLE_CHARS) return flat
  const cut = flat.slice(0, TITLE_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?—-]+$/, '')}…`
}

/** Who wrote a comment and where, as a notification names them: «Мария Иванова, ВКонтакте». */
export const commentAuthorLabel = (authorName: string, network: Channel) =>
  `${authorName}, ${channelLabels[network]}`

const smc: Audience = { role: 'editor' }
const department = (id: string | null): Audience[] => (id ? [{ departmentId: id }] : [])
/** The states in which a department holds the comment (writing, or its answer under review). */
const held: readonly CommentStateValue[] = ['withDepartment', 'inReview']

export function commentNotificationsFor(f: CommentTransitionFacts): NotificationFacts[] {
  const c = f.context
  const running = c.clock && !c.clock.answeredAt ? c.clock : null
  const base = {
    postId: null,
    commentId: f.commentId,
    title: commentTitle(f.text),
    author: f.author,
    event: f.event,
    actorId: f.actorId,
    actorRole: f.actorRole,
    toState: f.toState,
    urgent: c.priority,
    dueAt: running?.dueAt ?? null,
    departmentId: c.departmentId,
    comment: null,
    at: f.at,
  } satisfies Omit<NotificationFacts, 'kind' | 'audience'>
  const one = (
    kind: NotificationKind,
    audience: Audience[],
    extra: Partial<NotificationFacts> = {},
  ): NotificationFacts[] => (audience.length ? [{ ...base, ...extra, kind, audience }] : [])
  const takenOff = (id: string | null) =>
    one('commentWithdrawn', department(id), { dueAt: null, departmentId: id })
  switch (f.event) {
    case 'TRIAGE':
      return one('commentRouted', department(c.departmentId))
    case 'REASSIGN': {
      const before = f.previousDepartmentId
      return [
        ...one('commentRouted', department(c.departmentId)),
        ...(before && before !== c.departmentId ? takenOff(before) : []),
      ]
    }
    case 'RETURN_TO_DEPARTMENT': {
      const note = c.notes.at(-1)
      return one('answerReturned', department(c.departmentId), {
        comment: note && note.at === f.at && note.kind === 'returnToDepartment' ? note.text : null,
      })
    }
    case 'SUBMIT_ANSWER':
      return one('answerSubmitted', [smc], { interim: c.interim, dueAt: null })
    case 'POSTED':
      // the interim answer is out: the department now owes the final one, on a new clock
      return f.toState === 'withDepartment' ? one('commentRouted', department(c.departmentId)) : []
    case 'DISMISS':
    case 'WITHDRAWN':
      return held.includes(f.fromState) ? takenOff(c.departmentId) : []
    case 'DEADLINE_PASSED':
      return one('commentOverdue', [...department(c.departmentId), smc], {
        dueAt: c.clock?.dueAt ?? null,
      })
    default:
      return []
  }
}

/** A reminder on a running answer clock (queued by the sweeper, like the requests' ones). */
export function commentReminderFacts(
  comment: { id: string; text: string; author: string; priority: boolean },
  clock: AnswerClock,
  stage: 'half' | 'last',
  at: string,
): NotificationFacts {
  return {
    kind: 'commentReminder',
    postId: null,
    commentId: comment.id,
    title: commentTitle(comment.text),
    author: comment.author,
    event: stage === 'half' ? 'REMINDER_HALF' : 'REMINDER_LAST',
    actorId: 'system',
    actorRole: 'system',
    toState: 'withDepartment',
    urgent: comment.priority,
    dueAt: clock.dueAt,
    departmentId: clock.departmentId,
    comment: null,
    at,
    audience: department(clock.departmentId),
  }
}
