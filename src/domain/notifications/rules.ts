import type { Channel } from '../channels'
import type { CommentEventType, CommentStateValue } from '../comment-lifecycle'
import type { PostContext, PostEventType, PostStateValue } from '../post-lifecycle'
import type { ActorRole, UserRole } from '../roles'

/**
 * Who is told what, outside the tab (issue 13). Pure: the post service hands over the facts of
 * a transition, and this decides whether it is worth a notification, of which kind, to whom.
 */
export const notificationKinds = [
  'newRequest',
  'requestReturned',
  'requestWithdrawn',
  'materialSubmitted',
  'awaitingGovernor',
  'governorDecision',
  'publicationTrouble',
  'governorDigest',
  'reminder',
  'overdue',
  // citizens' comments (issue 14)
  'commentRouted',
  'commentWithdrawn',
  'answerReturned',
  'answerSubmitted',
  'commentReminder',
  'commentOverdue',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

export const notificationChannels = ['app', 'email', 'telegram', 'max', 'push'] as const
export type NotificationChannel = (typeof notificationChannels)[number]

/** The messengers whose bot writes to a person's linked chat (`messenger_links.messenger`). */
export const messengers = ['telegram', 'max'] as const
export type Messenger = (typeof messengers)[number]

/** Who receives it: everyone of a role, a department's contacts, or one person. */
export type Audience =
  { role: Exclude<UserRole, 'department'> } | { departmentId: string } | { userId: string }

/** What a notification is about; stored as the outbox row's payload, rendered per recipient. */
export interface NotificationFacts {
  kind: NotificationKind
  /** What it is about: a post, or (`commentId`) a citizen's comment; exactly one of the two. */
  postId: string | null
  commentId?: string | null
  /** The post's title, or the opening words of the citizen's comment. */
  title: string
  /** The history event behind it (or the reminder's stage). */
  event:
    | PostEventType
    | CommentEventType
    | 'CREATED'
    | 'REMINDER_HALF'
    | 'REMINDER_LAST'
    | 'PUBLICATION_FAILED'
    | 'PUBLICATION_UNKNOWN'
    | 'DIGEST'
  actorId: string
  actorRole: ActorRole
  toState: PostStateValue | CommentStateValue
  urgent: boolean
  /** The department's deadline, when one runs. */
  dueAt: string | null
  departmentId: string | null
  comment: string | null
  at: string
  audience: Audience[]
  /** A publication's trouble: the channel, and what it answered. */
  channel?: Channel
  reason?: string | null
  /** The governor's digest: what waits for him, oldest first, and since when. */
  waiting?: Array<{ title: string; since: string | null }>
  /** A citizen's comment: who wrote it and where («Мария Иванова, ВКонтакте»). */
  author?: string
  /** An answer to a comment: it is the interim one (the final follows). */
  interim?: boolean
}

/** The facts of one accepted transition, as the post service knows them. */
export interface TransitionFacts {
  postId: string
  title: string
  event: PostEventType | 'CREATED'
  actorId: string
  actorRole: ActorRole
  fromState: PostStateValue | null
  toState: PostStateValue
  context: PostContext
  /** The person who made the request (the post's creator): told first. */
  requesterId: string
  /** The department before the event (a reassignment changes it). */
  previousDepartmentId: string | null
  at: string
}

const smc: Audience = { role: 'editor' }

/**
 * The notifications a transition causes (usually none or one; a reassignment tells both
 * departments). Each has its own kind, so (history row, kind) is a unique outbox key.
 */
export function notificationsFor(f: TransitionFacts): NotificationFacts[] {
  const c = f.context
  const last = c.comments.at(-1)
  const base = {
    postId: f.postId,
    title: f.title,
    event: f.event,
    actorId: f.actorId,
    actorRole: f.actorRole,
    toState: f.toState,
    urgent: c.urgent,
    dueAt: c.clock && !c.clock.answeredAt ? c.clock.dueAt : null,
    departmentId: c.departmentId,
    comment: last && last.at === f.at ? last.text : null,
    at: f.at,
  }
  const department = (id: string | null): Audience[] => (id ? [{ departmentId: id }] : [])
  const requesterThenSmc: Audience[] = [{ userId: f.requesterId }, smc]
  const one = (kind: NotificationKind, audience: Audience[]): NotificationFacts[] =>
    audience.length ? [{ ...base, kind, audience }] : []
  switch (f.event) {
    case 'SEND_REQUEST':
      return one('newRequest', department(c.departmentId))
    case 'REASSIGN': {
      if (f.toState !== 'awaitingDepartment') return []
      const before = f.previousDepartmentId
      return [
        ...one('newRequest', department(c.departmentId)),
        ...(before && before !== c.departmentId
          ? [
              {
                ...base,
                dueAt: null,
                kind: 'requestWithdrawn' as const,
                departmentId: before,
                audience: department(before),
              },
            ]
          : []),
      ]
    }
    case 'RETURN_TO_DEPARTMENT':
      return one('requestReturned', department(c.departmentId))
    case 'SUBMIT_DRAFT':
      return one('materialSubmitted', requesterThenSmc)
    case 'SEND_TO_GOVERNOR':
      return one('awaitingGovernor', [{ role: 'governor' }])
    case 'APPROVE':
    case 'RETURN_TO_EDITOR':
    case 'REJECT':
      return one('governorDecision', requesterThenSmc)
    case 'CANCEL':
      return f.fromState === 'awaitingDepartment'
        ? one('requestWithdrawn', department(c.departmentId))
        : []
    case 'DEADLINE_PASSED':
      return [
        {
          ...base,
          kind: 'overdue',
          dueAt: c.clock?.dueAt ?? null,
          audience: [...department(c.departmentId), ...requesterThenSmc],
        },
      ]
    default:
      return []
  }
}

/** Whether a notification is urgent: an urgent request's clock, the governor's instruction. */
export function isUrgent(n: Pick<NotificationFacts, 'urgent' | 'kind'>): boolean {
  return n.urgent && (n.kind === 'newRequest' || n.kind === 'reminder' || n.kind === 'overdue')
}

/** A channel's send that ended waiting for a person, as the publication worker knows it. */
export interface PublicationTroubleFacts {
  postId: string
  title: string
  urgent: boolean
  channel: Channel
  /** Failed for good (or a retry is the editor's call), or nobody knows whether it went out. */
  outcome: 'failed' | 'unknown'
  error: string | null
  at: string
}

/** «Publication failed or needs a person»: the SMC, at once. */
export function publicationTroubleFor(p: PublicationTroubleFacts): NotificationFacts {
  return {
    kind: 'publicationTrouble',
    postId: p.postId,
    title: p.title,
    event: p.outcome === 'failed' ? 'PUBLICATION_FAILED' : 'PUBLICATION_UNKNOWN',
    actorId: 'system',
    actorRole: 'system',
    toState: 'publishing',
    urgent: p.urgent,
    dueAt: null,
    departmentId: null,
    comment: null,
    at: p.at,
    audience: [smc],
    channel: p.channel,
    reason: p.error,
  }
}
