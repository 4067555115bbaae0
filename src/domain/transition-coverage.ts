/**
 * Transition coverage for the model-based tests of the lifecycle machines: every (state, event,
 * candidate transition) of a machine, and which of them the tests actually took. A candidate is
 * one entry of `on[EVENT]` (an array of guarded branches counts each branch). Test support only:
 * no production module imports it.
 */
import { and, not, or, type AnyStateMachine } from 'xstate'

type GuardRef = string | { guards?: GuardRef[]; type?: string; params?: unknown }
type GuardArgs = { context: unknown; event: unknown }

// XState's and/or/not guards are functions sharing one `check` each: tell them apart by it.
const checkOf = (g: unknown) => (g as { check: unknown }).check
const AND = checkOf(and([]))
const OR = checkOf(or([]))
const NOT = checkOf(not('any'))

export function transitionCoverage(
  machine: AnyStateMachine,
  rootId: string,
  states: readonly string[],
) {
  const guardImpl = machine.implementations.guards as Record<string, (a: GuardArgs) => boolean>
  /** Evaluates a guard reference (names, and/or/not) against the state and event. */
  const holds = (g: GuardRef | undefined, args: GuardArgs): boolean => {
    if (!g) return true
    if (typeof g === 'string') return guardImpl[g]!(args)
    const inner = g.guards ?? []
    const check = checkOf(g)
    if (check === AND) return inner.every((x) => holds(x, args))
    if (check === OR) return inner.some((x) => holds(x, args))
    if (check === NOT) return !holds(inner[0], args)
    throw new Error('unknown guard shape')
  }
  const node = (state: string) => machine.getStateNodeById(`${rootId}.${state}`)
  const all = new Set<string>()
  for (const state of states)
    for (const [type, candidates] of node(state).transitions)
      candidates.forEach((_, i) => all.add(`${state} · ${type} #${i}`))
  const covered = new Set<string>()
  return {
    all,
    covered,
    /** Records which branch the machine takes for an event it accepts in this state. */
    cover(state: { value: string; context: unknown }, event: { type: string }) {
      const candidates = node(state.value).transitions.get(event.type) ?? []
      const args = { context: state.context, event }
      const i = candidates.findIndex((t) => holds(t.guard as GuardRef, args))
      if (i >= 0) covered.add(`${state.value} · ${event.type} #${i}`)
    },
  }
}
