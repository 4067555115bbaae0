import type { Actor } from '../roles'
import type { QualityRule } from '../quality/types'

/** Why a comment needs no answer (it leaves the clock). */
export const noAnswerReasons = ['thanks', 'spam', 'abuse', 'offTopic', 'duplicate'] as const
export type NoAnswerReason = (typeof noAnswerReasons)[number]

/**
 * The checker's verdict on the text an event carries. The server runs the checker and puts
 * its result on the event (as it puts the actor): the client's word is never taken for it.
 */
export interface CheckVerdict {
  blocking: QualityRule[]
}

/**
 * What each event carries besides its type. SUBMIT_ANSWER and APPROVE_ANSWER act on the text
 * on the person's screen (`text`), edited from `textVersion`.
 */
export type CommentEventPayload =
  | { type: 'TRIAGE'; departmentId: string; priority: boolean }
  | { type: 'DISMISS'; reason: NoAnswerReason; note?: string }
  | {
      type: 'SUBMIT_ANSWER'
      text: string
      interim?: boolean
      textVersion?: number
      check?: CheckVerdict
    }
  | { type: 'EDIT_ANSWER'; text: string }
  | { type: 'RETURN_TO_DEPARTMENT'; comment: string }
  | { type: 'REASSIGN'; departmentId: string }
  | {
      type: 'APPROVE_ANSWER'
      textVersion: number
      text?: string
      /** The SMC's written reason for letting a blocking issue through. */
      override?: string
      check?: CheckVerdict
    }
  | { type: 'POSTED'; links?: Array<{ network: string; url: string }> }
  | { type: 'WITHDRAWN' }
  | { type: 'DEADLINE_PASSED' }

export type CommentEventType = CommentEventPayload['type']

export const commentEventTypes: readonly CommentEventType[] = [
  'TRIAGE',
  'DISMISS',
  'SUBMIT_ANSWER',
  'EDIT_ANSWER',
  'RETURN_TO_DEPARTMENT',
  'REASSIGN',
  'APPROVE_ANSWER',
  'POSTED',
  'WITHDRAWN',
  'DEADLINE_PASSED',
]

/** Every event as the machine sees it: who sends it (overwritten by the server) and when. */
export type CommentEvent = CommentEventPayload & { actor: Actor; now: string }
