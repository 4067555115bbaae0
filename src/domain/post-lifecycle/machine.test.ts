import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { getShortestPaths, getSimplePaths } from 'xstate/graph'
import { WorkingCalendar } from '../calendar'
import type { Actor } from '../roles'
import { transitionCoverage } from '../transition-coverage'
import {
  allowedEvents,
  applyEvent,
  availableActions,
  availableActionsOnScreen,
  createPostMachine,
  hashContent,
  initialPostState,
  lifecycleDepsFor,
  postEventTypes,
  postStates,
  sampleEvent,
  type PostEvent,
  type PostStateValue,
  type StoredPostState,
} from './index'
import { MAY, type ActorKind } from '../../../tests/fixtures/permissions'

const machine = createPostMachine(lifecycleDepsFor(new WorkingCalendar()))

const actors = {
  editor: { id: 'u-editor', role: 'editor' },
  governor: { id: 'u-governor', role: 'governor' },
  admin: { id: 'u-admin', role: 'admin' },
  system: { id: 'system', role: 'system' },
  deptOwn: { id: 'u-dep-a', role: 'department', departmentId: 'dep-a' },
  deptOther: { id: 'u-dep-b', role: 'department', departmentId: 'dep-b' },
} satisfies Record<string, Actor>
const actorKinds = Object.keys(actors) as ActorKind[]

/**
 * Transition coverage: every (state, event, candidate transition) of the machine, and which of
 * them the tests below actually took. A candidate is one entry of `on[EVENT]` (an array of
 * guarded branches counts each branch).
 */
const { all: allTransitions, covered, cover } = transitionCoverage(machine, 'post', postStates)

let tick = Date.parse('2026-12-01T10:00:00+05:00')
const now = () => new Date((tick += 60_000)).toISOString()

/** Concrete, valid events for every actor: what the graph walks and the properties draw from. */
function eventsFor(context: StoredPostState['context']): PostEvent[] {
  const out: PostEvent[] = []
  for (const actor of Object.values(actors)) {
    const n = now()
    out.push(
      { type: 'SEND_REQUEST', actor, now: n },
      { type: 'WRITE_IN_HOUSE', actor, now: n },
      { type: 'SUBMIT_DRAFT', text: `Материал ${context.textVersion + 1}`, actor, now: n },
      { type: 'RETURN_TO_DEPARTMENT', comment: 'Нужны цифры', actor, now: n },
      {
        type: 'REASSIGN',
        departmentId: context.departmentId === 'dep-a' ? 'dep-b' : 'dep-a',
        actor,
        now: n,
      },
      { type: 'EDIT_TEXT', text: `Текст ${context.textVersion + 1}`, actor, now: n },
      {
        type: 'ATTACH_MEDIA',
        media: {
          id: `m${context.textVersion}`,
          name: 'a.jpg',
          mime: 'image/jpeg',
          bytes: 1000,
          sha256: `h${context.textVersion}`,
        },
        actor,
        now: n,
      },
      { type: 'DETACH_MEDIA', mediaId: context.media[0]?.id ?? 'none', actor, now: n },
      { type: 'SEND_TO_GOVERNOR', actor, now: n },
      // "press the big button without saving": the screen's text travels with the event
      {
        type: 'SEND_TO_GOVERNOR',
        text: `На экране ЦСМ ${context.textVersion}`,
        textVersion: context.textVersion,
        actor,
        now: n,
      },
      { type: 'APPROVE', textVersion: context.textVersion, actor, now: n },
      {
        type: 'APPROVE',
        text: `Правка губернатора ${context.textVersion}`,
        textVersion: context.textVersion,
        actor,
        now: n,
      },
      { type: 'RETURN_TO_EDITOR', comment: 'Короче', actor, now: n },
      { type: 'REJECT', comment: 'Не публикуем', actor, now: n },
      { type: 'PUBLISH', actor, now: n },
      { type: 'PUBLISHED', actor, now: n },
      { type: 'CANCEL', reason: 'Неактуально', actor, now: n },
      { type: 'DEADLINE_PASSED', actor, now: new Date(tick + 3 * 86_400_000).toISOString() },
    )
  }
  return out
}

const input = { departmentId: 'dep-a', urgent: false }
const start = () => initialPostState(machine, input)

/**
 * The graph groups posts by state, not by text version: re-aim the events that name the text
 * ("approve what I see", "change the text") at the post as it stands on this path.
 */
function reify(event: PostEvent, state: StoredPostState): PostEvent {
  if (event.type === 'APPROVE') return { ...event, textVersion: state.context.textVersion }
  if (event.type === 'SEND_TO_GOVERNOR' && event.textVersion !== undefined)
    return { ...event, textVersion: state.context.textVersion }
  if (event.type === 'DETACH_MEDIA')
    return { ...event, mediaId: state.context.media[0]?.id ?? 'none' }
  if (event.type === 'REASSIGN')
    return { ...event, departmentId: state.context.departmentId === 'dep-a' ? 'dep-b' : 'dep-a' }
  if (event.type === 'EDIT_TEXT')
    return { ...event, text: `Текст ${state.context.textVersion + 1}` }
  if (event.type === 'SUBMIT_DRAFT') {
    // "the assigned department submits", whichever department that is on this path
    const actor =
      event.actor.departmentId === 'dep-a' || event.actor.departmentId === 'dep-b'
        ? { ...event.actor, departmentId: state.context.departmentId }
        : event.actor
    return { ...event, actor, text: `Материал ${state.context.textVersion + 1}` }
  }
  return event
}

function drive(events: readonly PostEvent[]): StoredPostState {
  let state = start()
  for (const raw of events) {
    const e = reify(raw, state)
    const verdict = applyEvent(machine, state, e)
    if (!verdict.ok) throw new Error(`refused ${e.type} by ${e.actor.role} in ${state.value}`)
    state = verdict.state
  }
  return state
}

/** Drives the machine to `target` by the shortest accepted path. */
function reach(target: PostStateValue): StoredPostState {
  // Prefer a post that has a text and its original department: the usual case.
  const candidates = shortestPaths.filter((p) => p.state.value === target)
  const path =
    candidates.find(
      (p) => p.state.context.text !== '' && p.state.context.departmentId === 'dep-a',
    ) ?? candidates[0]
  if (!path) throw new Error(`unreachable: ${target}`)
  return drive(
    path.steps
      .map((s: { event: PostEvent }) => s.event)
      .filter((e: PostEvent) => (e.type as string) !== 'xstate.init'),
  )
}

const graphOptions = {
  input,
  events: (snapshot: { context: StoredPostState['context'] }) => eventsFor(snapshot.context),
  serializeState: (s: { value: unknown; context: StoredPostState['context'] }) =>
    JSON.stringify([
      s.value,
      s.context.text !== '',
      s.context.approval !== null,
      s.context.clock?.overdueAt != null,
    ]),
}

const shortestPaths = getShortestPaths(machine, graphOptions as any) as any[]

describe('model: every state is reachable, every simple path can be driven', () => {
  it('reaches every state', () => {
    const reached = new Set(shortestPaths.map((p) => p.state.value))
    expect([...reached].sort()).toEqual([...postStates].sort())
  })

  it(
    'drives every simple path and checks the invariants at each step',
    { timeout: 120_000 },
    () => {
      const paths = getSimplePaths(machine, graphOptions as any) as any[]
      expect(paths.length).toBeGreaterThan(50)
      for (const path of paths) {
        let state = start()
        for (const step of path.steps) {
          if (step.event.type === 'xstate.init') continue
          const event = reify(step.event, state)
          const verdict = applyEvent(machine, state, event)
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

function checkInvariants(
  before: StoredPostState,
  event: PostEvent,
  after: StoredPostState,
  effects: readonly string[],
) {
  const { context } = after
  // The machine declares its side effects, and they match what happened: a new content version
  // exactly when the version moved, ledger rows exactly when the post starts going out.
  expect(effects.includes('recordTextVersion')).toBe(
    after.context.textVersion !== before.context.textVersion,
  )
  expect(effects.includes('enqueuePublications')).toBe(
    after.value === 'publishing' && before.value !== 'publishing',
  )
  // What a person sees is what they act on: the screen's text is the text the event acted on.
  if ('text' in event && event.text !== undefined) {
    expect(context.text).toBe(event.text.trim())
    if (event.type === 'APPROVE')
      expect(context.approval?.hash).toBe(
        hashContent({ text: event.text.trim(), media: before.context.media }),
      )
  }
  // An event carrying the version its screen showed is accepted only on that version.
  if ('textVersion' in event && event.textVersion !== undefined)
    expect(event.textVersion).toBe(before.context.textVersion)
  // Nothing reaches publishing unless the governor approved exactly this text.
  if (after.value === 'publishing' || after.value === 'published') {
    expect(context.approval?.hash).toBe(hashContent(context))
    expect(context.approval?.textVersion).toBe(context.textVersion)
  }
  // Any change of text after approval needs a new approval.
  if (before.context.approval && after.context.textVersion !== before.context.textVersion) {
    expect(after.context.approval).toBeNull()
    expect(after.value).toBe('awaitingGovernor')
  }
  // Only the governor approves.
  if (after.context.approval && after.context.approval !== before.context.approval) {
    expect(event.type).toBe('APPROVE')
    expect(event.actor.role).toBe('governor')
  }
  // Only the assigned department submits.
  if (event.type === 'SUBMIT_DRAFT') {
    expect(event.actor.role).toBe('department')
    expect(event.actor.departmentId).toBe(before.context.departmentId)
  }
}

describe('who may send what: (state × event × role) against the hand-written table', () => {
  for (const stateValue of postStates) {
    for (const kind of actorKinds) {
      it(`${stateValue} · ${kind}`, () => {
        const state = reach(stateValue)
        const expected = postEventTypes.filter((t) => MAY[stateValue][t]?.includes(kind))
        expect(allowedEvents(machine, state, actors[kind])).toEqual(expected)
      })
    }
  }
})

describe('rules in detail', () => {
  it('starts a regular department clock of one working day', () => {
    const s = drive([
      { type: 'SEND_REQUEST', actor: actors.editor, now: '2026-12-01T15:00:00+05:00' },
    ])
    expect(s.context.clock).toMatchObject({
      kind: 'regular',
      dueAt: '2026-12-02T10:00:00.000Z',
      number: 1,
    })
  })

  it('starts a three-hour clock for an urgent instruction', () => {
    let s = initialPostState(machine, { departmentId: 'dep-a', urgent: true })
    const v = applyEvent(machine, s, {
      type: 'SEND_REQUEST',
      actor: actors.editor,
      now: '2026-12-05T11:00:00+05:00',
    })
    expect(v.ok).toBe(true)
    if (v.ok) s = v.state
    expect(s.context.clock).toMatchObject({ kind: 'urgent', dueAt: '2026-12-05T09:00:00.000Z' })
  })

  it('records overdue once per clock, and a return starts a new clock', () => {
    let s = drive([
      { type: 'SEND_REQUEST', actor: actors.editor, now: '2026-12-01T15:00:00+05:00' },
    ])
    const early = applyEvent(machine, s, {
      type: 'DEADLINE_PASSED',
      actor: actors.system,
      now: '2026-12-02T14:59:00+05:00',
    })
    expect(early).toEqual({ ok: false, reason: 'notAllowedNow' })
    const late = applyEvent(machine, s, {
      type: 'DEADLINE_PASSED',
      actor: actors.system,
      now: '2026-12-02T15:00:00+05:00',
    })
    expect(late.ok).toBe(true)
    if (late.ok) s = late.state
    expect(s.context.clock?.overdueAt).toBe('2026-12-02T15:00:00+05:00')
    expect(
      applyEvent(machine, s, {
        type: 'DEADLINE_PASSED',
        actor: actors.system,
        now: '2026-12-02T16:00:00+05:00',
      }).ok,
    ).toBe(false)
    s = applyOk(s, {
      type: 'SUBMIT_DRAFT',
      text: 'Поздно, но есть',
      actor: actors.deptOwn,
      now: '2026-12-02T16:00:00+05:00',
    })
    s = applyOk(s, {
      type: 'RETURN_TO_DEPARTMENT',
      comment: 'Нужны сроки',
      actor: actors.editor,
      now: '2026-12-02T16:30:00+05:00',
    })
    expect(s.context.clock).toMatchObject({
      number: 2,
      overdueAt: null,
      dueAt: '2026-12-03T11:30:00.000Z',
    })
  })

  it('approves only the text the governor saw', () => {
    const s = reach('awaitingGovernor')
    const stale = applyEvent(machine, s, {
      type: 'APPROVE',
      textVersion: s.context.textVersion - 1,
      actor: actors.governor,
      now: now(),
    })
    expect(stale.ok).toBe(false)
  })

  it('a text edit after approval sends the post back to the governor', () => {
    const s = reach('approved')
    const edited = applyOk(s, {
      type: 'EDIT_TEXT',
      text: 'Исправлена опечатка',
      actor: actors.editor,
      now: now(),
    })
    expect(edited.value).toBe('awaitingGovernor')
    expect(edited.context.approval).toBeNull()
    expect(
      applyEvent(machine, edited, { type: 'PUBLISH', actor: actors.editor, now: now() }),
    ).toEqual({
      ok: false,
      reason: 'notAllowedNow',
    })
  })

  it('schedules a publication and lets the system fire it when due, not before', () => {
    let s = reach('approved')
    s = applyOk(s, {
      type: 'PUBLISH',
      at: '2026-12-10T12:00:00+05:00',
      actor: actors.editor,
      now: '2026-12-09T12:00:00+05:00',
    })
    expect(s).toMatchObject({
      value: 'approved',
      context: { scheduledAt: '2026-12-10T12:00:00+05:00' },
    })
    expect(
      applyEvent(machine, s, {
        type: 'PUBLISH',
        actor: actors.system,
        now: '2026-12-10T11:59:00+05:00',
      }).ok,
    ).toBe(false)
    s = applyOk(s, { type: 'PUBLISH', actor: actors.system, now: '2026-12-10T12:00:00+05:00' })
    expect(s.value).toBe('publishing')
  })

  it('refuses a role that may never send an event as forbidden, others as not now', () => {
    const s = reach('awaitingGovernor')
    expect(
      applyEvent(machine, s, {
        type: 'APPROVE',
        textVersion: s.context.textVersion,
        actor: actors.editor,
        now: now(),
      }),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    })
    expect(applyEvent(machine, s, sampleEvent('SEND_REQUEST', actors.editor, now()))).toEqual({
      ok: false,
      reason: 'notAllowedNow',
    })
  })
})

describe('invariants hold on random event sequences', () => {
  it('whatever anyone sends, in any order (most of it refused)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (choices) => {
        let state = start()
        for (const c of choices) {
          const options = eventsFor(state.context)
          const event = options[c % options.length]!
          const verdict = applyEvent(machine, state, event)
          if (!verdict.ok) continue
          checkInvariants(state, event, verdict.state, verdict.effects)
          state = verdict.state
        }
      }),
      { numRuns: 300 },
    )
  })

  it('random walks among the events the machine accepts reach every state', () => {
    const reached = new Set<string>()
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        (urgent, choices) => {
          let state = initialPostState(machine, {
            departmentId: 'dep-a',
            urgent,
            channels: ['telegram', 'vk'],
          })
          for (const c of choices) {
            const accepted = walkEvents(state).filter((e) => applyEvent(machine, state, e).ok)
            if (accepted.length === 0) break
            const event = accepted[c % accepted.length]!
            const verdict = applyEvent(machine, state, event)
            if (!verdict.ok) throw new Error('accepted, then refused')
            cover(state, event)
            checkInvariants(state, event, verdict.state, verdict.effects)
            state = verdict.state
            reached.add(state.value)
          }
        },
      ),
      { numRuns: 400, seed: 20261127 },
    )
    expect([...reached].sort()).toEqual([...postStates].sort())
  })
})

/** Events for the random walk: everything people send, plus the clock and schedule moving on. */
function walkEvents(state: StoredPostState): PostEvent[] {
  const later = new Date(tick + 2 * 86_400_000).toISOString()
  return [
    ...eventsFor(state.context).map((e) => reify(e, state)),
    { type: 'PUBLISH', at: later, actor: actors.editor, now: now() },
    {
      type: 'PUBLISH',
      actor: actors.system,
      now: state.context.scheduledAt ?? now(),
    },
    { type: 'PUBLISHED', links: [], actor: actors.system, now: now() },
    {
      type: 'EDIT_TEXT',
      text: `Правка ${state.context.textVersion + 1}`,
      actor: actors.governor,
      now: now(),
    },
  ]
}

/** The machine's (state, event, branch) count, as ARCHITECTURE.md states it. */
const TRANSITIONS = 34

describe('transition coverage', () => {
  it('the tests above take every (state, event, branch) of the machine', () => {
    const missing = [...allTransitions].filter((t) => !covered.has(t)).sort()
    expect(missing).toEqual([])
    expect(covered.size).toBe(allTransitions.size)
    expect(allTransitions.size).toBe(TRANSITIONS) // stated in ARCHITECTURE.md
  })
})

function applyOk(state: StoredPostState, event: PostEvent): StoredPostState {
  const v = applyEvent(machine, state, event)
  if (!v.ok) throw new Error(`refused ${event.type}: ${v.reason}`)
  return v.state
}

describe('channel limits gate the governor', () => {
  it('a text too long for Telegram cannot be sent up or approved', () => {
    let s = initialPostState(machine, { departmentId: null, urgent: false, channels: ['telegram'] })
    s = applyOk(s, { type: 'WRITE_IN_HOUSE', actor: actors.editor, now: now() })
    s = applyOk(s, { type: 'EDIT_TEXT', text: 'Ю'.repeat(4097), actor: actors.editor, now: now() })
    expect(allowedEvents(machine, s, actors.editor)).not.toContain('SEND_TO_GOVERNOR')
    s = applyOk(s, { type: 'EDIT_TEXT', text: 'Ю'.repeat(4096), actor: actors.editor, now: now() })
    s = applyOk(s, { type: 'SEND_TO_GOVERNOR', actor: actors.editor, now: now() })
    s = applyOk(s, {
      type: 'EDIT_TEXT',
      text: 'Ю'.repeat(5000),
      actor: actors.governor,
      now: now(),
    })
    expect(allowedEvents(machine, s, actors.governor)).not.toContain('APPROVE')
  })
})

describe('what a person sees is what they act on', () => {
  it('the governor approves the text on his screen, saved with the approval in one step', () => {
    const s = reach('awaitingGovernor')
    const onScreen = `${s.context.text} Берегите себя!`
    const approved = applyOk(s, {
      type: 'APPROVE',
      text: onScreen,
      textVersion: s.context.textVersion,
      actor: actors.governor,
      now: now(),
    })
    expect(approved.value).toBe('approved')
    expect(approved.context.text).toBe(onScreen)
    expect(approved.context.textVersion).toBe(s.context.textVersion + 1)
    expect(approved.context.approval).toMatchObject({
      hash: hashContent({ text: onScreen, media: s.context.media }),
      textVersion: s.context.textVersion + 1,
    })
  })

  it('approving an unchanged screen makes no new version', () => {
    const s = reach('awaitingGovernor')
    const approved = applyOk(s, {
      type: 'APPROVE',
      text: s.context.text,
      textVersion: s.context.textVersion,
      actor: actors.governor,
      now: now(),
    })
    expect(approved.context.textVersion).toBe(s.context.textVersion)
  })

  it('a screen edited from an older version is refused and nothing changes', () => {
    const s = reach('awaitingGovernor')
    for (const type of ['APPROVE', 'SEND_TO_GOVERNOR', 'SUBMIT_DRAFT'] as const) {
      const verdict = applyEvent(machine, s, {
        type,
        text: 'Старый экран',
        textVersion: s.context.textVersion - 1,
        actor: actors.governor,
        now: now(),
      } as PostEvent)
      expect(verdict.ok).toBe(false)
    }
  })

  it('the editor sends up the text on her screen', () => {
    const s = reach('editing')
    const sent = applyOk(s, {
      type: 'SEND_TO_GOVERNOR',
      text: 'Текст, который она видит',
      textVersion: s.context.textVersion,
      actor: actors.editor,
      now: now(),
    })
    expect(sent.value).toBe('awaitingGovernor')
    expect(sent.context.text).toBe('Текст, который она видит')
  })

  it('limits are judged on the screen text, not the saved one', () => {
    let s = initialPostState(machine, { departmentId: null, urgent: false, channels: ['telegram'] })
    s = applyOk(s, { type: 'WRITE_IN_HOUSE', actor: actors.editor, now: now() })
    s = applyOk(s, { type: 'EDIT_TEXT', text: 'Короткий', actor: actors.editor, now: now() })
    const tooLong = applyEvent(machine, s, {
      type: 'SEND_TO_GOVERNOR',
      text: 'Ю'.repeat(4097),
      textVersion: s.context.textVersion,
      actor: actors.editor,
      now: now(),
    })
    expect(tooLong.ok).toBe(false)
  })
})

describe('actions stay visible, disabled with the reason', () => {
  it('sending up a text too long for a Telegram caption says by how much to cut', () => {
    let s = initialPostState(machine, { departmentId: null, urgent: false, channels: ['telegram'] })
    s = applyOk(s, { type: 'WRITE_IN_HOUSE', actor: actors.editor, now: now() })
    s = applyOk(s, {
      type: 'ATTACH_MEDIA',
      media: { id: 'm1', name: 'a.jpg', mime: 'image/jpeg', bytes: 10, sha256: 'h' },
      actor: actors.editor,
      now: now(),
    })
    const actions = availableActionsOnScreen(machine, s, actors.editor, 'Ю'.repeat(1136))
    expect(actions.find((a) => a.type === 'SEND_TO_GOVERNOR')).toEqual({
      type: 'SEND_TO_GOVERNOR',
      enabled: false,
      reason: 'Текст длиннее подписи к фото в Telegram (1\u00a0024 знака): сократите на 112 знаков',
    })
    const empty = availableActionsOnScreen(machine, s, actors.editor, '  ')
    expect(empty.find((a) => a.type === 'SEND_TO_GOVERNOR')?.reason).toBe(
      'Сначала напишите текст поста',
    )
    const fine = availableActionsOnScreen(machine, s, actors.editor, 'Готово')
    expect(fine.find((a) => a.type === 'SEND_TO_GOVERNOR')?.enabled).toBe(true)
  })

  it('the governor’s approve is disabled with the reason when his edit is too long', () => {
    const reached = reach('awaitingGovernor')
    const s = { ...reached, context: { ...reached.context, channels: ['telegram' as const] } }
    const long = availableActionsOnScreen(machine, s, actors.governor, 'Ю'.repeat(5000))
    expect(long.find((a) => a.type === 'APPROVE')).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/сократите на 904 знака$/),
    })
  })

  it('never offers another role’s action, nor another department’s', () => {
    const s = reach('awaitingDepartment')
    expect(availableActions(machine, s, actors.deptOther)).toEqual([])
    expect(availableActions(machine, s, actors.governor)).toEqual([])
    for (const kind of actorKinds) {
      const enabled = availableActions(machine, s, actors[kind])
        .filter((a) => a.enabled)
        .map((a) => a.type)
      expect(enabled).toEqual(allowedEvents(machine, s, actors[kind]))
    }
  })
})
