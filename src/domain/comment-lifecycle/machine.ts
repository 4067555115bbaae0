import { and, assertEvent, assign, enqueueActions, not, or, setup } from 'xstate'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Actor } from '../roles'
import type { CommentEvent, NoAnswerReason } from './event-types'

export const commentStates = [
  'registered',
  'withDepartment',
  'inReview',
  'posting',
  'answered',
  'noAnswerNeeded',
  'withdrawn',
] as const
export type CommentStateValue = (typeof commentStates)[number]

/** Which answer clock runs: the regular one, a priority message's, or the final answer's after an interim one. */
export type AnswerClockKind = 'regular' | 'priority' | 'final'

export interface AnswerClock {
  number: number
  kind: AnswerClockKind
  departmentId: string
  startedAt: string
  dueAt: string
  provisional: boolean
  /** When DEADLINE_PASSED was recorded for this clock; set once. */
  overdueAt: string | null
  answeredAt: string | null
}

export interface CommentNote {
  kind: 'returnToDepartment' | 'dismiss' | 'override'
  text: string
  by: string
  role: Actor['role']
  at: string
}

export interface AnswerApproval {
  hash: string
  textVersion: number
  interim: boolean
  by: string
  at: string
  /** The blocking checker rules the SMC let through, and why. */
  override: { reason: string; rules: string[] } | null
}

export interface CommentContext {
  /** When the comment was registered: the first answer clock counts from here. */
  registeredAt: string | null
  departmentId: string | null
  priority: boolean
  dismissal: { reason: NoAnswerReason; note: string } | null
  /** The answer being written (0 until the first text; +1 on every change). */
  text: string
  textVersion: number
  /** The answer in hand is an interim one (the final follows within the final clock). */
  interim: boolean
  approval: AnswerApproval | null
  clock: AnswerClock | null
  notes: CommentNote[]
  /** Set when an interim answer has been posted: the clock is then the final answer's. */
  interimPostedAt: string | null
  answeredAt: string | null
  links: Array<{ network: string; url: string }>
}

/** What the machine needs from outside: the answer deadline rules (the calendar lives elsewhere). */
export interface CommentLifecycleDeps {
  answerDeadline(kind: AnswerClockKind, start: Date): { dueAt: Date; provisional: boolean }
}

export const hashAnswer = (text: string) => bytesToHex(sha256(utf8ToBytes(text)))

/** The text an event acts on: the one on the person's screen when it carries one. */
export function screenAnswer(context: Pick<CommentContext, 'text'>, event: { type: string }) {
  const text = (event as { text?: unknown }).text
  return typeof text === 'string' ? text.trim() : context.text
}

const by =
  (role: Actor['role']) =>
  ({ event }: { event: CommentEvent }) =>
    event.actor.role === role

/**
 * The comment lifecycle: registered → routed to a department (clock) → answer submitted →
 * SMC review → posting → answered; «ответ не нужен» with a reason; an interim answer posts
 * and starts the final answer's clock. Built like the post machine: named guards and actions,
 * the clock and the deadline rules injected, the server authoritative.
 */
export function createCommentMachine(deps: CommentLifecycleDeps) {
  const clockFor = (context: CommentContext, event: CommentEvent, departmentId: string) => {
    const kind: AnswerClockKind =
      context.interimPostedAt !== null ? 'final' : context.priority ? 'priority' : 'regular'
    // The first clock starts at registration (the regulation), later ones when they are started.
    const startedAt =
      context.clock === null && context.registeredAt !== null ? context.registeredAt : event.now
    const { dueAt, provisional } = deps.answerDeadline(kind, new Date(startedAt))
    return {
      number: (context.clock?.number ?? 0) + 1,
      kind,
      departmentId,
      startedAt,
      dueAt: dueAt.toISOString(),
      provisional,
      overdueAt: null,
      answeredAt: null,
    } satisfies AnswerClock
  }
  const note = (kind: CommentNote['kind'], text: string, event: CommentEvent): CommentNote => ({
    kind,
    text,
    by: event.actor.id,
    role: event.actor.role,
    at: event.now,
  })

  return setup({
    types: {
      context: {} as CommentContext,
      events: {} as CommentEvent,
      input: {} as { registeredAt?: string } | undefined,
    },
    guards: {
      // who acts
      byEditor: by('editor'),
      bySystem: by('system'),
      byAssignedDepartment: ({ context, event }) =>
        event.actor.role === 'department' &&
        !!context.departmentId &&
        event.actor.departmentId === context.departmentId,
      // where the comment stands
      interimAllowed: ({ context }) => context.interimPostedAt === null,
      isInterimAnswer: ({ context }) => context.approval?.interim === true,
      // what the event carries (payload checks; relaxed when listing allowed events)
      wantsInterim: ({ event }) => event.type === 'SUBMIT_ANSWER' && event.interim === true,
      isOtherDepartment: ({ context, event }) =>
        event.type === 'REASSIGN' && event.departmentId !== context.departmentId,
      textChanged: ({ context, event }) =>
        event.type === 'EDIT_ANSWER' && event.text.trim() !== context.text,
      seesCurrentText: ({ context, event }) =>
        !('textVersion' in event) ||
        event.textVersion === undefined ||
        event.textVersion === context.textVersion,
      hasText: ({ context, event }) => screenAnswer(context, event) !== '',
      passesChecker: ({ event }) =>
        'check' in event && event.check !== undefined && event.check.blocking.length === 0,
      hasOverrideReason: ({ event }) =>
        event.type === 'APPROVE_ANSWER' && (event.override ?? '').trim() !== '',
      clockRunsOut: ({ context, event }) =>
        context.clock !== null &&
        context.clock.overdueAt === null &&
        context.clock.answeredAt === null &&
        new Date(context.clock.dueAt).getTime() <= new Date(event.now).getTime(),
    },
    actions: {
      route: assign(({ event }) => {
        assertEvent(event, 'TRIAGE')
        return { departmentId: event.departmentId, priority: event.priority }
      }),
      reassign: assign(({ event }) => {
        assertEvent(event, 'REASSIGN')
        return { departmentId: event.departmentId }
      }),
      startClock: assign(({ context, event }) => ({
        clock: clockFor(context, event, context.departmentId!),
      })),
      stopClock: assign(({ context, event }) => ({
        clock: context.clock && {
          ...context.clock,
          answeredAt: context.clock.answeredAt ?? event.now,
        },
      })),
      recordOverdue: assign(({ context, event }) => ({
        clock: context.clock && { ...context.clock, overdueAt: event.now },
      })),
      dismiss: assign(({ context, event }) => {
        assertEvent(event, 'DISMISS')
        return {
          dismissal: { reason: event.reason, note: event.note?.trim() ?? '' },
          notes: [...context.notes, note('dismiss', event.note?.trim() || event.reason, event)],
        }
      }),
      setAnswer: assign(({ context, event }) => {
        assertEvent(event, ['SUBMIT_ANSWER', 'EDIT_ANSWER'])
        const text = event.text.trim()
        const interim = event.type === 'SUBMIT_ANSWER' ? event.interim === true : context.interim
        if (text === context.text) return { interim }
        return { text, textVersion: context.textVersion + 1, interim }
      }),
      /** The SMC's screen text becomes a new version before the approval hashes it. */
      takeScreenText: enqueueActions(({ context, event, enqueue }) => {
        const text = screenAnswer(context, event)
        if (text === context.text) return
        enqueue.assign({ text, textVersion: context.textVersion + 1 })
        enqueue('recordTextVersion')
      }),
      recordApproval: assign(({ context, event }) => {
        assertEvent(event, 'APPROVE_ANSWER')
        const blocking = event.check?.blocking ?? []
        const override =
          blocking.length > 0
            ? { reason: (event.override ?? '').trim(), rules: [...blocking] }
            : null
        return {
          approval: {
            hash: hashAnswer(context.text),
            textVersion: context.textVersion,
            interim: context.interim,
            by: event.actor.id,
            at: event.now,
            override,
          },
          notes: override
            ? [...context.notes, note('override', override.reason, event)]
            : context.notes,
        }
      }),
      recordReturn: assign(({ context, event }) => {
        assertEvent(event, 'RETURN_TO_DEPARTMENT')
        return { notes: [...context.notes, note('returnToDepartment', event.comment, event)] }
      }),
      recordInterimPosted: assign(({ context, event }) => {
        assertEvent(event, 'POSTED')
        return {
          interimPostedAt: event.now,
          interim: false,
          approval: null,
          links: [...context.links, ...(event.links ?? [])],
        }
      }),
      recordAnswered: assign(({ context, event }) => {
        assertEvent(event, 'POSTED')
        return { answeredAt: event.now, links: [...context.links, ...(event.links ?? [])] }
      }),
      // Side effects, named here and carried out by the server in the transition's transaction.
      /** A new version of the answer's text exists: keep it in the version history. */
      recordTextVersion: () => {},
      /** The approved answer goes out: one ledger row per network for the approved version. */
      enqueueReply: () => {},
    },
  }).createMachine({
    id: 'comment',
    initial: 'registered',
    context: ({ input }) => ({
      registeredAt: input?.registeredAt ?? null,
      departmentId: null,
      priority: false,
      dismissal: null,
      text: '',
      textVersion: 0,
      interim: false,
      approval: null,
      clock: null,
      notes: [],
      interimPostedAt: null,
      answeredAt: null,
      links: [],
    }),
    states: {
      registered: {
        on: {
          TRIAGE: { guard: 'byEditor', target: 'withDepartment', actions: ['route', 'startClock'] },
          DISMISS: { guard: 'byEditor', target: 'noAnswerNeeded', actions: 'dismiss' },
          WITHDRAWN: { guard: 'bySystem', target: 'withdrawn' },
        },
      },
      withDepartment: {
        on: {
          SUBMIT_ANSWER: [
            {
              guard: and([
                'byAssignedDepartment',
                'seesCurrentText',
                'hasText',
                'passesChecker',
                not('wantsInterim'),
              ]),
              target: 'inReview',
              actions: ['setAnswer', 'recordTextVersion', 'stopClock'],
            },
            {
              guard: and([
                'byAssignedDepartment',
                'seesCurrentText',
                'hasText',
                'passesChecker',
                'wantsInterim',
                'interimAllowed',
              ]),
              target: 'inReview',
              actions: ['setAnswer', 'recordTextVersion'],
            },
          ],
          REASSIGN: {
            guard: and(['byEditor', 'isOtherDepartment']),
            target: 'withDepartment',
            reenter: true,
            actions: ['stopClock', 'reassign', 'startClock'],
          },
          DISMISS: {
            guard: 'byEditor',
            target: 'noAnswerNeeded',
            actions: ['stopClock', 'dismiss'],
          },
          DEADLINE_PASSED: { guard: and(['bySystem', 'clockRunsOut']), actions: 'recordOverdue' },
          WITHDRAWN: { guard: 'bySystem', target: 'withdrawn', actions: 'stopClock' },
        },
      },
      inReview: {
        on: {
          EDIT_ANSWER: {
            guard: and(['byEditor', 'textChanged']),
            actions: ['setAnswer', 'recordTextVersion'],
          },
          RETURN_TO_DEPARTMENT: {
            guard: 'byEditor',
            target: 'withDepartment',
            actions: ['recordReturn', 'startClock'],
          },
          REASSIGN: {
            guard: and(['byEditor', 'isOtherDepartment']),
            target: 'withDepartment',
            actions: ['reassign', 'startClock'],
          },
          APPROVE_ANSWER: {
            guard: and([
              'byEditor',
              'seesCurrentText',
              'hasText',
              or(['passesChecker', 'hasOverrideReason']),
            ]),
            target: 'posting',
            actions: ['takeScreenText', 'recordApproval', 'enqueueReply'],
          },
          // The interim answer's clock keeps running while the SMC reviews it.
          DEADLINE_PASSED: { guard: and(['bySystem', 'clockRunsOut']), actions: 'recordOverdue' },
          WITHDRAWN: { guard: 'bySystem', target: 'withdrawn', actions: 'stopClock' },
        },
      },
      posting: {
        on: {
          POSTED: [
            {
              guard: and(['bySystem', 'isInterimAnswer']),
              target: 'withDepartment',
              actions: ['stopClock', 'recordInterimPosted', 'startClock'],
            },
            { guard: 'bySystem', target: 'answered', actions: ['stopClock', 'recordAnswered'] },
          ],
        },
      },
      answered: { type: 'final' },
      noAnswerNeeded: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  })
}

export type CommentMachine = ReturnType<typeof createCommentMachine>
