import { and, assertEvent, assign, enqueueActions, setup } from 'xstate'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Actor } from '../roles'
import type { Channel } from '../channels'
import { channelProblems } from '../publishing/format'
import type { PostEvent } from './event-types'
import type { MediaRef } from './media'

export type { MediaRef }

import { postStates, stateLabels, type PostStateValue } from './states'

export { postStates, stateLabels, type PostStateValue }

/** The department's clock: one per request sent (a return or reassignment starts a new one). */
export interface DepartmentClock {
  number: number
  kind: 'regular' | 'urgent'
  departmentId: string
  startedAt: string
  dueAt: string
  provisional: boolean
  /** When DEADLINE_PASSED was recorded for this clock; set once. */
  overdueAt: string | null
  /** When the department answered; null while it has not. */
  answeredAt: string | null
}

export interface PostComment {
  kind: 'returnToDepartment' | 'returnToEditor' | 'reject' | 'cancel'
  text: string
  by: string
  role: Actor['role']
  at: string
}

export interface PostContext {
  departmentId: string | null
  urgent: boolean
  text: string
  /** 0 until the first text; +1 on every change of text. */
  textVersion: number
  approval: { hash: string; textVersion: number; by: string; at: string } | null
  clock: DepartmentClock | null
  comments: PostComment[]
  /** A publication scheduled by the editor for later; the server fires PUBLISH then. */
  scheduledAt: string | null
  publishedAt: string | null
  links: Array<{ channel: string; url: string }>
  /** Where the post will go: their length limits gate sending it up and approving it. */
  channels: Channel[]
  /** Images; part of the content version, like the text. */
  media: MediaRef[]
}

export interface PostInput {
  departmentId: string | null
  urgent: boolean
  channels?: Channel[]
  text?: string
}

/** What the machine needs from outside: the deadline rules (the calendar lives elsewhere). */
export interface LifecycleDeps {
  departmentDeadline(kind: 'regular' | 'urgent', start: Date): { dueAt: Date; provisional: boolean }
}

export const MAX_MEDIA_PER_POST = 10

/**
 * What the governor approves: the text and the images, as one SHA-256. Any change to either
 * changes it, so nothing reaches a channel that he did not see.
 */
export function hashContent(content: { text: string; media?: readonly MediaRef[] }): string {
  const media = (content.media ?? []).map((m) => m.sha256).join(',')
  return hashText(media ? `${content.text}\u0000${media}` : content.text)
}

export function hashText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)))
}

/**
 * The text an event acts on: the one on the person's screen when the event carries it
 * (SUBMIT_DRAFT, EDIT_TEXT, and optionally SEND_TO_GOVERNOR and APPROVE), else the saved one.
 */
export function screenText(context: Pick<PostContext, 'text'>, event: { type: string }): string {
  const text = (event as { text?: unknown }).text
  return typeof text === 'string' ? text.trim() : context.text
}

const by =
  (role: Actor['role']) =>
  ({ event }: { event: PostEvent }) =>
    event.actor.role === role

/**
 * The post lifecycle: the one rulebook of what may happen to a post, and who may make it happen.
 * The server runs it to accept or refuse events; the browser runs it to show allowed actions.
 */
export function createPostMachine(deps: LifecycleDeps) {
  const newClock = (
    context: PostContext,
    event: PostEvent,
    departmentId: string,
  ): DepartmentClock => {
    const kind = context.urgent ? 'urgent' : 'regular'
    const { dueAt, provisional } = deps.departmentDeadline(kind, new Date(event.now))
    return {
      number: (context.clock?.number ?? 0) + 1,
      kind,
      departmentId,
      startedAt: event.now,
      dueAt: dueAt.toISOString(),
      provisional,
      overdueAt: null,
      answeredAt: null,
    }
  }
  const comment = (kind: PostComment['kind'], text: string, event: PostEvent): PostComment => ({
    kind,
    text,
    by: event.actor.id,
    role: event.actor.role,
    at: event.now,
  })

  // Any state before publishing may be cancelled by the SMC, with a reason.
  const cancel = {
    guard: 'byEditor',
    target: '#post.cancelled',
    actions: ['recordComment', 'stopClock'],
  } as const

  return setup({
    types: {
      context: {} as PostContext,
      events: {} as PostEvent,
      input: {} as PostInput,
    },
    guards: {
      // who acts
      byEditor: by('editor'),
      byGovernor: by('governor'),
      bySystem: by('system'),
      byAssignedDepartment: ({ context, event }) =>
        event.actor.role === 'department' &&
        !!context.departmentId &&
        event.actor.departmentId === context.departmentId,
      // what the post is like
      hasDepartment: ({ context }) => context.departmentId !== null,
      approvalCoversText: ({ context }) =>
        context.approval !== null &&
        context.approval.textVersion === context.textVersion &&
        context.approval.hash === hashContent(context),
      isScheduled: ({ context }) => context.scheduledAt !== null,
      // what the event carries (payload checks; ignored when listing allowed events)
      textChanged: ({ context, event }) =>
        'text' in event && event.text !== undefined && event.text.trim() !== context.text.trim(),
      isOtherDepartment: ({ context, event }) =>
        event.type === 'REASSIGN' && event.departmentId !== context.departmentId,
      // The screen the person acted on showed the current text (or an edit of it).
      seesCurrentText: ({ context, event }) =>
        !('textVersion' in event) ||
        event.textVersion === undefined ||
        event.textVersion === context.textVersion,
      hasText: ({ context, event }) => screenText(context, event) !== '',
      roomForMedia: ({ context }) => (context.media ?? []).length < MAX_MEDIA_PER_POST,
      hasThatMedia: ({ context, event }) =>
        event.type === 'DETACH_MEDIA' && (context.media ?? []).some((m) => m.id === event.mediaId),
      fitsChannels: ({ context, event }) =>
        channelProblems(screenText(context, event), context.channels ?? [], context.media ?? [])
          .length === 0,
      isForLater: ({ event }) =>
        event.type === 'PUBLISH' &&
        !!event.at &&
        new Date(event.at).getTime() > new Date(event.now).getTime(),
      scheduleIsDue: ({ context, event }) =>
        context.scheduledAt !== null &&
        new Date(context.scheduledAt).getTime() <= new Date(event.now).getTime(),
      clockRunsOut: ({ context, event }) =>
        context.clock !== null &&
        context.clock.overdueAt === null &&
        new Date(context.clock.dueAt).getTime() <= new Date(event.now).getTime(),
    },
    actions: {
      startClock: assign(({ context, event }) => ({
        clock: newClock(context, event, context.departmentId!),
      })),
      reassign: assign(({ event }) => {
        assertEvent(event, 'REASSIGN')
        return { departmentId: event.departmentId }
      }),
      stopClock: assign(({ context, event }) => ({
        clock: context.clock && {
          ...context.clock,
          answeredAt: context.clock.answeredAt ?? event.now,
        },
      })),
      setText: assign(({ context, event }) => {
        assertEvent(event, ['SUBMIT_DRAFT', 'EDIT_TEXT'])
        return { text: event.text.trim(), textVersion: context.textVersion + 1 }
      }),
      /** The text on the person's screen becomes a new version before the transition acts on it. */
      takeScreenText: enqueueActions(({ context, event, enqueue }) => {
        const text = screenText(context, event)
        if (text === context.text) return
        enqueue.assign({ text, textVersion: context.textVersion + 1 })
        enqueue('recordTextVersion')
      }),
      // Side effects, named here and carried out by the server in the transition's transaction:
      // the machine says what must happen, the server knows how (see PostService).
      /** A new content version (text and images) exists: keep it in the version history. */
      recordTextVersion: () => {},
      /** The post goes out: one ledger row per channel for the approved version. */
      enqueuePublications: () => {},
      addMedia: assign(({ context, event }) => {
        assertEvent(event, 'ATTACH_MEDIA')
        return {
          media: [...(context.media ?? []), event.media],
          textVersion: context.textVersion + 1,
        }
      }),
      removeMedia: assign(({ context, event }) => {
        assertEvent(event, 'DETACH_MEDIA')
        return {
          media: (context.media ?? []).filter((m) => m.id !== event.mediaId),
          textVersion: context.textVersion + 1,
        }
      }),
      recordApproval: assign(({ context, event }) => ({
        approval: {
          hash: hashContent(context),
          textVersion: context.textVersion,
          by: event.actor.id,
          at: event.now,
        },
      })),
      dropApproval: assign({ approval: null, scheduledAt: null }),
      recordComment: assign(({ context, event }) => {
        assertEvent(event, ['RETURN_TO_DEPARTMENT', 'RETURN_TO_EDITOR', 'REJECT', 'CANCEL'])
        const c =
          event.type === 'RETURN_TO_DEPARTMENT'
            ? comment('returnToDepartment', event.comment, event)
            : event.type === 'RETURN_TO_EDITOR'
              ? comment('returnToEditor', event.comment, event)
              : event.type === 'REJECT'
                ? comment('reject', event.comment, event)
                : comment('cancel', event.reason, event)
        return { comments: [...context.comments, c] }
      }),
      schedule: assign(({ event }) => {
        assertEvent(event, 'PUBLISH')
        return { scheduledAt: event.at ?? null }
      }),
      startPublishing: assign({ scheduledAt: null }),
      recordPublished: assign(({ event }) => {
        assertEvent(event, 'PUBLISHED')
        return { publishedAt: event.now, links: event.links ?? [] }
      }),
      recordOverdue: assign(({ context, event }) => ({
        clock: context.clock && { ...context.clock, overdueAt: event.now },
      })),
    },
  }).createMachine({
    id: 'post',
    initial: 'draft',
    // `input` is absent when XState builds the throwaway actor behind every pure `transition()`
    // call; reading it then threw, and each event paid for an Error and its stack trace.
    context: ({ input }: { input: PostInput | undefined }) => ({
      departmentId: input?.departmentId ?? null,
      channels: input?.channels ?? [],
      media: [],
      urgent: input?.urgent ?? false,
      text: input?.text?.trim() ?? '',
      textVersion: input?.text?.trim() ? 1 : 0,
      approval: null,
      clock: null,
      comments: [],
      scheduledAt: null,
      publishedAt: null,
      links: [],
    }),
    states: {
      draft: {
        on: {
          CANCEL: cancel,
          SEND_REQUEST: {
            guard: and(['byEditor', 'hasDepartment']),
            target: 'awaitingDepartment',
            actions: 'startClock',
          },
          WRITE_IN_HOUSE: { guard: 'byEditor', target: 'editing' },
          REASSIGN: { guard: and(['byEditor', 'isOtherDepartment']), actions: 'reassign' },
        },
      },
      awaitingDepartment: {
        on: {
          CANCEL: cancel,
          ATTACH_MEDIA: {
            guard: and(['byAssignedDepartment', 'roomForMedia']),
            actions: ['addMedia', 'recordTextVersion'],
          },
          DETACH_MEDIA: {
            guard: and(['byAssignedDepartment', 'hasThatMedia']),
            actions: ['removeMedia', 'recordTextVersion'],
          },
          SUBMIT_DRAFT: {
            guard: and(['byAssignedDepartment', 'seesCurrentText']),
            target: 'editing',
            actions: ['setText', 'recordTextVersion', 'stopClock'],
          },
          REASSIGN: {
            guard: and(['byEditor', 'isOtherDepartment']),
            target: 'awaitingDepartment',
            reenter: true,
            actions: ['stopClock', 'reassign', 'startClock'],
          },
          WRITE_IN_HOUSE: { guard: 'byEditor', target: 'editing', actions: 'stopClock' },
          DEADLINE_PASSED: { guard: and(['bySystem', 'clockRunsOut']), actions: 'recordOverdue' },
        },
      },
      editing: {
        on: {
          CANCEL: cancel,
          EDIT_TEXT: {
            guard: and(['byEditor', 'textChanged']),
            actions: ['setText', 'recordTextVersion'],
          },
          ATTACH_MEDIA: {
            guard: and(['byEditor', 'roomForMedia']),
            actions: ['addMedia', 'recordTextVersion'],
          },
          DETACH_MEDIA: {
            guard: and(['byEditor', 'hasThatMedia']),
            actions: ['removeMedia', 'recordTextVersion'],
          },
          RETURN_TO_DEPARTMENT: {
            guard: and(['byEditor', 'hasDepartment']),
            target: 'awaitingDepartment',
            actions: ['recordComment', 'startClock'],
          },
          REASSIGN: {
            guard: and(['byEditor', 'isOtherDepartment']),
            target: 'awaitingDepartment',
            actions: ['reassign', 'startClock'],
          },
          SEND_TO_GOVERNOR: {
            guard: and(['byEditor', 'seesCurrentText', 'hasText', 'fitsChannels']),
            target: 'awaitingGovernor',
            actions: 'takeScreenText',
          },
        },
      },
      awaitingGovernor: {
        on: {
          CANCEL: cancel,
          EDIT_TEXT: {
            guard: and(['byGovernor', 'textChanged']),
            actions: ['setText', 'recordTextVersion'],
          },
          APPROVE: {
            guard: and(['byGovernor', 'seesCurrentText', 'hasText', 'fitsChannels']),
            target: 'approved',
            // His edits on screen are saved first, so the approval's hash covers exactly them.
            actions: ['takeScreenText', 'recordApproval'],
          },
          DETACH_MEDIA: {
            guard: and(['byGovernor', 'hasThatMedia']),
            actions: ['removeMedia', 'recordTextVersion'],
          },
          RETURN_TO_EDITOR: { guard: 'byGovernor', target: 'editing', actions: 'recordComment' },
          REJECT: { guard: 'byGovernor', target: 'rejected', actions: 'recordComment' },
        },
      },
      approved: {
        on: {
          CANCEL: cancel,
          // Nothing changes after approval without a new approval.
          EDIT_TEXT: [
            {
              guard: and(['byGovernor', 'textChanged']),
              target: 'awaitingGovernor',
              actions: ['setText', 'recordTextVersion', 'dropApproval'],
            },
            {
              guard: and(['byEditor', 'textChanged']),
              target: 'awaitingGovernor',
              actions: ['setText', 'recordTextVersion', 'dropApproval'],
            },
          ],
          ATTACH_MEDIA: {
            guard: and(['byEditor', 'roomForMedia']),
            target: 'awaitingGovernor',
            actions: ['addMedia', 'recordTextVersion', 'dropApproval'],
          },
          DETACH_MEDIA: {
            guard: and(['byEditor', 'hasThatMedia']),
            target: 'awaitingGovernor',
            actions: ['removeMedia', 'recordTextVersion', 'dropApproval'],
          },
          RETURN_TO_EDITOR: {
            guard: 'byGovernor',
            target: 'editing',
            actions: ['recordComment', 'dropApproval'],
          },
          PUBLISH: [
            { guard: and(['byEditor', 'approvalCoversText', 'isForLater']), actions: 'schedule' },
            {
              guard: and(['byEditor', 'approvalCoversText']),
              target: 'publishing',
              actions: ['startPublishing', 'enqueuePublications'],
            },
            {
              guard: and(['bySystem', 'approvalCoversText', 'isScheduled', 'scheduleIsDue']),
              target: 'publishing',
              actions: ['startPublishing', 'enqueuePublications'],
            },
          ],
        },
      },
      publishing: {
        on: {
          // The publication ledger decides: every channel sent (or confirmed by the editor).
          PUBLISHED: { guard: 'bySystem', target: 'published', actions: 'recordPublished' },
        },
      },
      published: { type: 'final' },
      cancelled: { type: 'final' },
      rejected: { type: 'final' },
    },
  })
}

export type PostMachine = ReturnType<typeof createPostMachine>
