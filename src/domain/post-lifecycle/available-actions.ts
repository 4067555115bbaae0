import type { Actor } from '../roles'
import { channelProblems } from '../publishing/format'
import type { PostEventType } from './event-types'
import { postEventTypes } from './event-types'
import { allowedEvents, sampleEvent, type StoredPostState } from './allowed-events'
import { MAX_MEDIA_PER_POST, type PostContext, type PostMachine } from './machine'

/** Guards that say who acts: an action whose role guard fails is not this person's to take. */
const ROLE_GUARDS = new Set(['byEditor', 'byGovernor', 'bySystem', 'byAssignedDepartment'])

/** Why a guard about the post (not about who acts) refuses, in words a person can act on. */
const REASONS: Record<string, (context: PostContext) => string> = {
  hasText: () => 'Сначала напишите текст поста',
  fitsChannels: (c) =>
    channelProblems(c.text, c.channels ?? [], c.media ?? [])
      .map((p) => p.message)
      .join('; '),
  hasDepartment: () => 'Сначала выберите департамент',
  roomForMedia: () => `К посту можно приложить не больше ${MAX_MEDIA_PER_POST} фото`,
  approvalCoversText: () => 'Текст изменился после утверждения: нужно утвердить его снова',
}

export interface ActionAvailability {
  type: PostEventType
  enabled: boolean
  /** Why it cannot be taken now; null when it can. */
  reason: string | null
}

type GuardRef = string | { type?: string; guards?: GuardRef[] } | ((...a: never[]) => unknown)

function guardNames(guard: GuardRef | undefined): string[] {
  if (!guard) return []
  if (typeof guard === 'string') return [guard]
  const nested = (guard as { guards?: GuardRef[] }).guards
  if (nested) return nested.flatMap(guardNames)
  const type = (guard as { type?: string }).type
  return type ? [type] : []
}

/**
 * Every action this person could take on a post in this state, each enabled or disabled with
 * the reason, read from the machine's own transitions and guards: an action stays visible when
 * only the post's content stands in its way (too long for Telegram, no text yet), so people see
 * why instead of a button that silently vanished. `state` may carry the text on the person's
 * screen, so the answer is about what they would act on.
 */
export function availableActions(
  machine: PostMachine,
  state: StoredPostState,
  actor: Actor,
  now: Date = new Date(0),
): ActionAvailability[] {
  const allowed = new Set(allowedEvents(machine, state, actor, now))
  const node = machine.getStateNodeById(`post.${state.value}`)
  const guards = machine.implementations.guards as Record<
    string,
    (args: { context: PostContext; event: unknown }) => boolean
  >
  const out: ActionAvailability[] = []
  for (const type of postEventTypes) {
    if (allowed.has(type)) {
      out.push({ type, enabled: true, reason: null })
      continue
    }
    const candidates = node.transitions.get(type) ?? []
    const event = sampleEvent(type, actor, now.toISOString())
    const args = { context: state.context, event }
    const mine = candidates
      .map((t) => guardNames(t.guard as GuardRef))
      .filter((names) => names.filter((n) => ROLE_GUARDS.has(n)).every((n) => guards[n]!(args)))
    if (mine.length === 0) continue
    const failing = mine[0]!.find((n) => !ROLE_GUARDS.has(n) && REASONS[n] && !guards[n]!(args))
    if (failing) out.push({ type, enabled: false, reason: REASONS[failing]!(state.context) })
  }
  return out
}

/** The same, with the text on the person's screen in place of the saved one. */
export function availableActionsOnScreen(
  machine: PostMachine,
  state: StoredPostState,
  actor: Actor,
  screenText: string,
  now?: Date,
): ActionAvailability[] {
  return availableActions(
    machine,
    { value: state.value, context: { ...state.context, text: screenText.trim() } },
    actor,
    now,
  )
}
