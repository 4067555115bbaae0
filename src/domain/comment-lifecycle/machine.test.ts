import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { getShortestPaths, getSimplePaths } from 'xstate/graph'
import { WorkingCalendar } from '../calendar'
import type { Actor } from '../roles'
import { transitionCoverage } from '../transition-coverage'
import {
  allowedCommentEvents,
  applyCommentEvent,
  commentDepsFor,
  commentEventRoles,
  commentEventTypes,
  commentStates,
  createCommentMachine,
  hashAnswer,
  initialCommentState,
  type CommentEvent,
  type CommentStateValue,
  type StoredCommentState,
} from './index'

const calendar = new WorkingCalendar()
const machine = createCommentMachine(commentDepsFor(calendar))

const actors = {
  editor: { id: 'u-editor', role: 'editor' },
  governor: { id: 'u-governor', role: 'governor' },
  admin: { id: 'u-admin', role: 'admin' },
  system: { id: 'system', role: 'system' },
  deptOwn: { id: 'u-dep-a', role: 'department', departmentId: 'dep-a' },
  deptOther: { id: 'u-dep-b', role: 'department', departmentId: 'dep-b' },
} satisfies Record<string, Actor>

// ── transition coverage ───────────────────────────────────────────────────────────────────
const {
  all: allTransitions,
  covered,
  cover,
} = transitionCoverage(machine, 'comment', commentStates)

// ── events ────────────────────────────────────────────────────────────────────────────────
let tick = Date.parse('2026-12-01T10:00:00+05:00')
const now = () => new Date((tick += 60_000)).toISOString()
const GOOD = { blocking: [] }
const BAD = { blocking: ['spelling' as const] }

function eventsFor(context: StoredCommentState['context']): CommentEvent[] {
  const out: CommentEvent[] = []
  for (const actor of Object.values(actors)) {
    const n = now()
    out.push(
      { type: 'TRIAGE', departmentId: 'dep-a', priority: false, actor, now: n },
      { type: 'TRIAGE', departmentId: 'dep-a', priority: true, actor, now: n },
      { type: 'DISMISS', reason: 'thanks', note: 'Благодарность', actor, now: n },
      {
        type: 'SUBMIT_ANSWER',
        text: `Здравствуйте! Ответ ${context.textVersion + 1}`,
        check: GOOD,
        actor,
        now: n,
      },
      {
        type: 'SUBMIT_ANSWER',
        text: `Здравствуйте! Промежуточный ответ ${context.textVersion + 1}`,
        interim: true,
        check: GOOD,
        actor,
        now: n,
      },
      { type: 'SUBMIT_ANSWER', text: 'Щас ответим', check: BAD, actor, now: n },
      {
        type: 'EDIT_ANSWER',
        text: `Здравствуйте! Правка ЦСМ ${context.textVersion + 1}`,
        actor,
        now: n,
      },
      { type: 'RETURN_TO_DEPARTMENT', comment: 'Нужна дата', actor, now: n },
      {
        type: 'REASSIGN',
        departmentId: context.departmentId === 'dep-a' ? 'dep-b' : 'dep-a',
        actor,
        now: n,
      },
      { type: 'APPROVE_ANSWER', textVersion: context.textVersion, check: GOOD, actor, now: n },
      {
        type: 'APPROVE_ANSWER',
        textVersion: context.textVersion,
        check: BAD,
        override: 'Название посёлка верное',
        actor,
        now: n,
      },
      { type: 'APPROVE_ANSWER', textVersion: context.textVersion, check: BAD, actor, now: n },
      {
        type: 'POSTED',
        links: [{ network: 'vk', url: 'https://vk.com/wall-1_2?reply=3' }],
        actor,
        now: n,
      },
      { type: 'WITHDRAWN', actor, now: n },
      { type: 'DEADLINE_PASSED', actor, now: new Date(tick + 30 * 86_400_000).toISOString() },
    )
  }
  return out
}

/** Re-aims events that name the state (version, department) at the comment as it stands. */
function reify(event: CommentEvent, state: StoredCommentState): CommentEvent {
  if (event.type === 'APPROVE_ANSWER') return { ...event, textVersion: state.context.textVersion }
  if (event.type === 'REASSIGN')
    return { ...event, departmentId: state.context.departmentId === 'dep-a' ? 'dep-b' : 'dep-a' }
  if (event.type === 'SUBMIT_ANSWER' && event.actor.role === 'department')
    return { ...event, actor: { ...event.actor, departmentId: state.context.departmentId } }
  return event
}

const start = () => initialCommentState(machine)

const graphOptions = {
  events: (snapshot: { context: StoredCommentState['context'] }) => eventsFor(snapshot.context),
  serializeState: (s: { value: unknown; context: StoredCommentState['context'] }) =>
    JSON.stringify([
      s.value,
      s.context.interim,
      s.context.interimPostedAt !== null,
      s.context.clock?.overdueAt != null,
    ]),
}
const shortestPaths = getShortestPaths(machine, graphOptions as any) as any[]

function checkInvariants(
  before: StoredCommentState,
  event: CommentEvent,
  after: StoredCommentState,
  effects: readonly string[],
) {
  const { context } = after
  expect(effects.includes('recordTextVersion')).toBe(
    context.textVersion !== before.context.textVersion,
  )
  expect(effects.includes('enqueueReply')).toBe(
    after.value === 'posting' && before.value !== 'posting',
  )
  // Nothing is posted but the text the SMC approved, exactly.
  if (after.value === 'posting') {
    expect(context.approval?.hash).toBe(hashAnswer(context.text))
    expect(context.approval?.textVersion).toBe(context.textVersion)
  }
  // A blocking checker issue passes only with the SMC's written reason, kept with the approval.
  if (event.type === 'APPROVE_ANSWER' && (event.check?.blocking.length ?? 0) > 0) {
    expect(context.approval?.override?.reason).toBeTruthy()
    expect(context.notes.at(-1)?.kind).toBe('override')
  }
  if (event.type === 'SUBMIT_ANSWER') {
    expect(event.check?.blocking).toEqual([])
    expect(event.actor.departmentId).toBe(before.context.departmentId)
  }
  // Overdue is recorded once per clock.
  if (before.context.clock?.overdueAt && before.context.clock.number === context.clock?.number)
    expect(context.clock.overdueAt).toBe(before.context.clock.overdueAt)
  // After an interim answer is posted, the clock is the final answer's.
  if (context.interimPostedAt && after.value === 'withDepartment')
    expect(context.clock?.kind).toBe('final')
  if (after.value === 'withDepartment') expect(context.clock?.answeredAt).toBeNull()
}

function drive(steps: readonly CommentEvent[]) {
  let state = start()
  for (const raw of steps) {
    const e = reify(raw, state)
    const v = applyCommentEvent(machine, state, e)
    if (!v.ok) throw new Error(`refused ${e.type} by ${e.actor.role} in ${state.value}`)
    state = v.state
  }
  return state
}

describe('model: every state reachable, every simple path driven', () => {
  it('reaches every state', () => {
    const reached = new Set(shortestPaths.map((p) => p.state.value))
    expect([...reached].sort()).toEqual([...commentStates].sort())
  })

  it(
    'drives every simple path with the invariants checked at each step',
    { timeout: 120_000 },
    () => {
      const paths = getSimplePaths(machine, graphOptions as any) as any[]
      expect(paths.length).toBeGreaterThan(20)
      for (const path of paths) {
        let state = start()
        for (const step of path.steps) {
          if (step.event.type === 'xstate.init') continue
          const event = reify(step.event, state)
          const verdict = applyCommentEvent(machine, state, event)
          expect(verdict.ok, `${event.type} by ${event.actor.role} in ${state.value}`).toBe(true)
          if (!verdict.ok) break
          cover(state, event)
          checkInvariants(state, event, verdict.state, verdict.effects)
          state = verdict.state
        }
        expect(state.value).toBe(path.state.value)
      }
    },
  )
})

describe('random sequences', () => {
  it('whatever anyone sends, the invariants hold', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (choices) => {
        let state = start()
        for (const c of choices) {
          const options = eventsFor(state.context).map((e) => reify(e, state))
          const event = options[c % options.length]!
          const verdict = applyCommentEvent(machine, state, event)
          if (!verdict.ok) continue
          cover(state, event)
          checkInvariants(state, event, verdict.state, verdict.effects)
          state = verdict.state
        }
      }),
      { numRuns: 400, seed: 20261127 },
    )
  })
})

describe('random walks among accepted events', () => {
  it('reach every state and take self-transitions too', () => {
    const reached = new Set<string>(['registered'])
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (choices) => {
        let state = start()
        for (const c of choices) {
          const accepted = eventsFor(state.context)
            .map((e) => reify(e, state))
            .filter((e) => applyCommentEvent(machine, state, e).ok)
          if (accepted.length === 0) break
          const event = accepted[c % accepted.length]!
          const verdict = applyCommentEvent(machine, state, event)
          if (!verdict.ok) throw new Error('accepted, then refused')
          cover(state, event)
          checkInvariants(state, event, verdict.state, verdict.effects)
          state = verdict.state
          reached.add(state.value)
        }
      }),
      { numRuns: 300, seed: 20261127 },
    )
    expect([...reached].sort()).toEqual([...commentStates].sort())
  })
})

describe('rules in detail', () => {
  const at = (iso: string) => new Date(iso).toISOString()

  it('the first clock counts from registration, not from triage', () => {
    let s = initialCommentState(machine, { registeredAt: at('2026-12-01T15:00:00+05:00') })
    const v = applyCommentEvent(machine, s, {
      type: 'TRIAGE',
      departmentId: 'dep-a',
      priority: false,
      actor: actors.editor,
      now: at('2026-12-01T17:00:00+05:00'),
    })
    if (!v.ok) throw new Error('refused')
    s = v.state
    expect(s.context.clock).toMatchObject({
      startedAt: at('2026-12-01T15:00:00+05:00'),
      dueAt: at('2026-12-02T16:00:00+05:00'),
    })
  })

  it('a comment on Tue 1 Dec 15:00 is due Wed 2 Dec 16:00; a priority one at 10:00', () => {
    const regular = drive([
      {
        type: 'TRIAGE',
        departmentId: 'dep-a',
        priority: false,
        actor: actors.editor,
        now: at('2026-12-01T15:00:00+05:00'),
      },
    ])
    expect(regular.context.clock?.dueAt).toBe(at('2026-12-02T16:00:00+05:00'))
    const priority = drive([
      {
        type: 'TRIAGE',
        departmentId: 'dep-a',
        priority: true,
        actor: actors.editor,
        now: at('2026-12-01T15:00:00+05:00'),
      },
    ])
    // 15:00–18:00 is 3 hours, then 1 more from 09:00
    expect(priority.context.clock?.dueAt).toBe(at('2026-12-02T10:00:00+05:00'))
    expect(priority.context.clock?.kind).toBe('priority')
  })

  it('an interim answer posted starts the final answer’s clock of 7 working days', () => {
    const t0 = '2026-12-01T10:00:00+05:00'
    const posted = drive([
      { type: 'TRIAGE', departmentId: 'dep-a', priority: false, actor: actors.editor, now: at(t0) },
      {
        type: 'SUBMIT_ANSWER',
        text: 'Здравствуйте! Проверим до 10 декабря.',
        interim: true,
        check: GOOD,
        actor: actors.deptOwn,
        now: at('2026-12-01T11:00:00+05:00'),
      },
      {
        type: 'APPROVE_ANSWER',
        textVersion: 1,
        check: GOOD,
        actor: actors.editor,
        now: at('2026-12-01T12:00:00+05:00'),
      },
      { type: 'POSTED', actor: actors.system, now: at('2026-12-01T12:05:00+05:00') },
    ])
    expect(posted.value).toBe('withDepartment')
    expect(posted.context.clock).toMatchObject({ kind: 'final', number: 2 })
    expect(posted.context.clock?.dueAt).toBe(at('2026-12-10T12:05:00+05:00'))
    // a second interim answer is not allowed; the final one is
    const refused = applyCommentEvent(machine, posted, {
      type: 'SUBMIT_ANSWER',
      text: 'Здравствуйте! Ещё проверяем.',
      interim: true,
      check: GOOD,
      actor: actors.deptOwn,
      now: at('2026-12-02T10:00:00+05:00'),
    })
    expect(refused).toEqual({ ok: false, reason: 'notAllowedNow' })
  })

  it('overdue is recorded once per clock', () => {
    const s = drive([
      {
        type: 'TRIAGE',
        departmentId: 'dep-a',
        priority: false,
        actor: actors.editor,
        now: at('2026-12-01T10:00:00+05:00'),
      },
    ])
    const late = {
      type: 'DEADLINE_PASSED',
      actor: actors.system,
      now: at('2026-12-03T10:00:00+05:00'),
    } as const
    const early = applyCommentEvent(machine, s, { ...late, now: at('2026-12-01T18:00:00+05:00') })
    expect(early.ok).toBe(false)
    const once = applyCommentEvent(machine, s, late)
    expect(once.ok).toBe(true)
    if (!once.ok) return
    expect(applyCommentEvent(machine, once.state, late)).toEqual({
      ok: false,
      reason: 'notAllowedNow',
    })
  })

  it('a blocking issue stops the department; the SMC passes it only with a reason', () => {
    const s = drive([
      { type: 'TRIAGE', departmentId: 'dep-a', priority: false, actor: actors.editor, now: now() },
    ])
    expect(
      applyCommentEvent(machine, s, {
        type: 'SUBMIT_ANSWER',
        text: 'Щас',
        check: BAD,
        actor: actors.deptOwn,
        now: now(),
      }).ok,
    ).toBe(false)
    // without the server's check the answer is not accepted either
    expect(
      applyCommentEvent(machine, s, {
        type: 'SUBMIT_ANSWER',
        text: 'Здравствуйте!',
        actor: actors.deptOwn,
        now: now(),
      }).ok,
    ).toBe(false)
  })

  it('roles that may never send an event are forbidden, others not now', () => {
    const s = start()
    for (const type of commentEventTypes)
      for (const actor of Object.values(actors)) {
        const allowed = commentEventRoles[type].includes(actor.role)
        const v = applyCommentEvent(machine, s, { type, actor, now: now() } as CommentEvent)
        if (!allowed) expect(v).toEqual({ ok: false, reason: 'forbidden' })
      }
  })

  it('allowed events per role and state, for the buttons', () => {
    const s = start()
    expect(allowedCommentEvents(machine, s, actors.editor)).toEqual(['TRIAGE', 'DISMISS'])
    expect(allowedCommentEvents(machine, s, actors.deptOwn)).toEqual([])
    const routed = drive([
      { type: 'TRIAGE', departmentId: 'dep-a', priority: false, actor: actors.editor, now: now() },
    ])
    expect(allowedCommentEvents(machine, routed, actors.deptOwn)).toEqual(['SUBMIT_ANSWER'])
    expect(allowedCommentEvents(machine, routed, actors.deptOther)).toEqual([])
    expect(allowedCommentEvents(machine, routed, actors.governor)).toEqual([])
  })
})

/** The machine's (state, event, branch) count, as ARCHITECTURE.md states it. */
const TRANSITIONS = 17

describe('transition coverage', () => {
  it('the tests above take every (state, event, branch) of the machine', () => {
    const missing = [...allTransitions].filter((t) => !covered.has(t)).sort()
    expect(missing).toEqual([])
    expect(allTransitions.size).toBe(TRANSITIONS)
  })
})

export type { CommentStateValue }
