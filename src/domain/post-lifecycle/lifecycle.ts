import { initialTransition, transition } from 'xstate'
import { deadlineFor, type WorkingCalendar } from '../calendar'
import type { PostEvent } from './event-types'
import {
  createPostMachine,
  type LifecycleDeps,
  type PostContext,
  type PostInput,
  type PostMachine,
  type PostStateValue,
} from './machine'
import { mayEverSend, type StoredPostState } from './allowed-events'

/** Side effects the machine names and the server carries out in the same transaction. */
export const postEffects = ['recordTextVersion', 'enqueuePublications'] as const
export type PostEffect = (typeof postEffects)[number]

export type Verdict =
  | {
      ok: true
      state: StoredPostState
      /** What the server must do besides storing the state, as the machine declared it. */
      effects: PostEffect[]
      changed: { text: boolean }
    }
  | { ok: false; reason: 'forbidden' | 'notAllowedNow' }

/**
 * Applies one event to a stored post state, purely: the server's authoritative decision.
 * `forbidden`: this role may never send the event; `notAllowedNow`: the machine refuses it here
 * (wrong state, not this department, a payload guard failed).
 */
export function applyEvent(
  machine: PostMachine,
  state: StoredPostState,
  event: PostEvent,
): Verdict {
  if (!mayEverSend(event.actor.role, event.type)) return { ok: false, reason: 'forbidden' }
  const snapshot = machine.resolveState(state)
  if (snapshot.status !== 'active' || !snapshot.can(event))
    return { ok: false, reason: 'notAllowedNow' }
  const [next, actions] = transition(machine, snapshot, event)
  const context = next.context as PostContext
  const effects = actions
    .map((a) => a.type)
    .filter((t): t is PostEffect => (postEffects as readonly string[]).includes(t))
  return {
    ok: true,
    state: { value: next.value as PostStateValue, context },
    effects,
    changed: { text: effects.includes('recordTextVersion') },
  }
}

export function initialPostState(machine: PostMachine, input: PostInput): StoredPostState {
  const [snapshot] = initialTransition(machine, input)
  return { value: snapshot.value as PostStateValue, context: snapshot.context }
}

export { createPostMachine, type LifecycleDeps }

/** The machine's deadline rules bound to a working calendar. */
export function lifecycleDepsFor(calendar: WorkingCalendar): LifecycleDeps {
  return { departmentDeadline: (kind, start) => deadlineFor(calendar, kind, start) }
}
