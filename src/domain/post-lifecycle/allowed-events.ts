import type { Actor } from '../roles'
import type { PostEvent, PostEventType } from './event-types'
import { postEventTypes } from './event-types'
import type { PostContext, PostMachine, PostStateValue } from './machine'

/**
 * Guards that judge the event's payload or the clock, not who acts or where the post stands.
 * "May this person do X now?" ignores them; the server still runs them on the real event.
 */
const PAYLOAD_GUARDS = [
  'textChanged',
  'isOtherDepartment',
  'seesCurrentText',
  'isForLater',
  'scheduleIsDue',
  'clockRunsOut',
  'hasThatMedia',
] as const

/** The roles that may ever send each event; any other role gets "forbidden", not "not now". */
export const eventRoles: Record<PostEventType, ReadonlyArray<Actor['role']>> = {
  SEND_REQUEST: ['editor'],
  WRITE_IN_HOUSE: ['editor'],
  SUBMIT_DRAFT: ['department'],
  RETURN_TO_DEPARTMENT: ['editor'],
  REASSIGN: ['editor'],
  EDIT_TEXT: ['editor', 'governor'],
  ATTACH_MEDIA: ['department', 'editor'],
  DETACH_MEDIA: ['department', 'editor', 'governor'],
  SEND_TO_GOVERNOR: ['editor'],
  APPROVE: ['governor'],
  RETURN_TO_EDITOR: ['governor'],
  REJECT: ['governor'],
  PUBLISH: ['editor', 'system'],
  PUBLISHED: ['system'],
  CANCEL: ['editor'],
  DEADLINE_PASSED: ['system'],
}

export function mayEverSend(role: Actor['role'], type: PostEventType): boolean {
  return eventRoles[type].includes(role)
}

const permissiveCache = new WeakMap<PostMachine, PostMachine>()
function permissive(machine: PostMachine): PostMachine {
  let m = permissiveCache.get(machine)
  if (!m) {
    m = machine.provide({
      guards: Object.fromEntries(PAYLOAD_GUARDS.map((g) => [g, () => true])),
    }) as PostMachine
    permissiveCache.set(machine, m)
  }
  return m
}

/** A stand-in event of each type: the payload does not matter to the permissive machine. */
export function sampleEvent(type: PostEventType, actor: Actor, now: string): PostEvent {
  const base = { actor, now }
  switch (type) {
    case 'SUBMIT_DRAFT':
    case 'EDIT_TEXT':
      return { ...base, type, text: '…' }
    case 'RETURN_TO_DEPARTMENT':
    case 'RETURN_TO_EDITOR':
    case 'REJECT':
      return { ...base, type, comment: '…' }
    case 'CANCEL':
      return { ...base, type, reason: '…' }
    case 'REASSIGN':
      return { ...base, type, departmentId: '…' }
    case 'APPROVE':
      return { ...base, type, textVersion: 1 }
    case 'ATTACH_MEDIA':
      return {
        ...base,
        type,
        media: { id: '…', name: '…', mime: 'image/jpeg', bytes: 1, sha256: '…' },
      }
    case 'DETACH_MEDIA':
      return { ...base, type, mediaId: '…' }
    default:
      return { ...base, type } as PostEvent
  }
}

export interface StoredPostState {
  value: PostStateValue
  context: PostContext
}

/**
 * The events `actor` may send now to a post in `state`: the one answer used by the server to
 * accept or refuse, and by the browser to show only the actions a person may take.
 */
export function allowedEvents(
  machine: PostMachine,
  state: StoredPostState,
  actor: Actor,
  now: Date = new Date(0),
): PostEventType[] {
  const m = permissive(machine)
  const snapshot = m.resolveState(state)
  const nowIso = now.toISOString()
  // A role that may never send an event is refused before the machine is asked (`applyEvent`):
  // asking only about the rest gives the same answer for half the guard runs.
  return postEventTypes.filter(
    (type) => mayEverSend(actor.role, type) && snapshot.can(sampleEvent(type, actor, nowIso)),
  )
}
