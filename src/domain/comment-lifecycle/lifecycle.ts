import { initialTransition, transition } from 'xstate'
import { computeDeadline, type DeadlinePolicy, type WorkingCalendar } from '../calendar'
import type { Actor } from '../roles'
import { commentEventTypes, type CommentEvent, type CommentEventType } from './event-types'
import {
  createCommentMachine,
  type AnswerClockKind,
  type CommentContext,
  type CommentLifecycleDeps,
  type CommentMachine,
  type CommentStateValue,
} from './machine'

export interface StoredCommentState {
  value: CommentStateValue
  context: CommentContext
}

/** Side effects the machine names and the server carries out in the same transaction. */
export const commentEffects = ['recordTextVersion', 'enqueueReply'] as const
export type CommentEffect = (typeof commentEffects)[number]

/** The roles that may ever send each event; any other role gets "forbidden", not "not now". */
export const commentEventRoles: Record<CommentEventType, ReadonlyArray<Actor['role']>> = {
  TRIAGE: ['editor'],
  DISMISS: ['editor'],
  SUBMIT_ANSWER: ['department'],
  EDIT_ANSWER: ['editor'],
  RETURN_TO_DEPARTMENT: ['editor'],
  REASSIGN: ['editor'],
  APPROVE_ANSWER: ['editor'],
  POSTED: ['system'],
  WITHDRAWN: ['system'],
  DEADLINE_PASSED: ['system'],
}

export const mayEverSendComment = (role: Actor['role'], type: CommentEventType) =>
  commentEventRoles[type].includes(role)

export type CommentVerdict =
  | { ok: true; state: StoredCommentState; effects: CommentEffect[] }
  | { ok: false; reason: 'forbidden' | 'notAllowedNow' }

/** The server's pure decision on one event (see the post lifecycle's `applyEvent`). */
export function applyCommentEvent(
  machine: CommentMachine,
  state: StoredCommentState,
  event: CommentEvent,
): CommentVerdict {
  if (!mayEverSendComment(event.actor.role, event.type)) return { ok: false, reason: 'forbidden' }
  const snapshot = machine.resolveState(state)
  if (snapshot.status !== 'active' || !snapshot.can(event))
    return { ok: false, reason: 'notAllowedNow' }
  const [next, actions] = transition(machine, snapshot, event)
  const effects = actions
    .map((a) => a.type)
    .filter((t): t is CommentEffect => (commentEffects as readonly string[]).includes(t))
  return {
    ok: true,
    state: { value: next.value as CommentStateValue, context: next.context as CommentContext },
    effects,
  }
}

export function initialCommentState(
  machine: CommentMachine,
  input: { registeredAt?: string } = {},
): StoredCommentState {
  const [snapshot] = initialTransition(machine, input)
  return { value: snapshot.value as CommentStateValue, context: snapshot.context }
}

/**
 * Guards that judge the event's payload or the clock, not who acts or where the comment
 * stands: "may this person do X now?" ignores them; the server still runs them.
 */
const PAYLOAD_GUARDS = [
  'wantsInterim',
  'isOtherDepartment',
  'textChanged',
  'seesCurrentText',
  'hasText',
  'passesChecker',
  'hasOverrideReason',
  'clockRunsOut',
] as const

const permissiveCache = new WeakMap<CommentMachine, CommentMachine>()
function permissive(machine: CommentMachine): CommentMachine {
  let m = permissiveCache.get(machine)
  if (!m) {
    m = machine.provide({
      guards: Object.fromEntries(PAYLOAD_GUARDS.map((g) => [g, () => true])),
    }) as CommentMachine
    permissiveCache.set(machine, m)
  }
  return m
}

/** A stand-in event of each type: the payload does not matter to the permissive machine. */
export function sampleCommentEvent(type: CommentEventType, actor: Actor, now: string) {
  const base = { actor, now }
  switch (type) {
    case 'TRIAGE':
      return { ...base, type, departmentId: '…', priority: false }
    case 'DISMISS':
      return { ...base, type, reason: 'spam' }
    case 'SUBMIT_ANSWER':
    case 'EDIT_ANSWER':
      return { ...base, type, text: '…' }
    case 'RETURN_TO_DEPARTMENT':
      return { ...base, type, comment: '…' }
    case 'REASSIGN':
      return { ...base, type, departmentId: '…' }
    case 'APPROVE_ANSWER':
      return { ...base, type, textVersion: 0 }
    default:
      return { ...base, type }
  }
}

/** The events `actor` may send now: the server's `allowedEvents` field and the screens' buttons. */
export function allowedCommentEvents(
  machine: CommentMachine,
  state: StoredCommentState,
  actor: Actor,
  now: Date = new Date(0),
): CommentEventType[] {
  const snapshot = permissive(machine).resolveState(state)
  const iso = now.toISOString()
  return commentEventTypes.filter(
    (type) =>
      mayEverSendComment(actor.role, type) &&
      snapshot.can(sampleCommentEvent(type, actor, iso) as CommentEvent),
  )
}

/** The configurable answer rules; `regular` is the calendar's `comment` policy (9 working hours). */
export interface CommentPolicies {
  priority: DeadlinePolicy
  final: DeadlinePolicy
}
export const DEFAULT_COMMENT_POLICIES: CommentPolicies = {
  priority: { unit: 'workingHours', amount: 4 },
  final: { unit: 'workingDays', amount: 7 },
}

/** The rule an answer clock of this kind runs by (reminders measure time as it does). */
export const commentPolicyOf = (
  calendar: WorkingCalendar,
  kind: AnswerClockKind,
  policies: CommentPolicies = DEFAULT_COMMENT_POLICIES,
): DeadlinePolicy => (kind === 'regular' ? calendar.policies.comment : policies[kind])

/** The machine's deadline rules bound to a working calendar. */
export function commentDepsFor(
  calendar: WorkingCalendar,
  policies: CommentPolicies = DEFAULT_COMMENT_POLICIES,
): CommentLifecycleDeps {
  return {
    answerDeadline: (kind, start) =>
      computeDeadline(calendar, commentPolicyOf(calendar, kind, policies), start),
  }
}

export { createCommentMachine }
