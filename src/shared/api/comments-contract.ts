import { z } from 'zod'
import { commentStates, noAnswerReasons } from '../../domain/comment-lifecycle'
import { MAX_CHECKED_LENGTH } from '../../domain/quality/check'
import type { QualityIssue } from '../../domain/quality/types'

const text = (what: string, max: number) =>
  z
    .string({ message: `${what}: нужен текст` })
    .max(max, { message: `${what}: не длиннее ${max} знаков` })
const nonEmpty = (what: string, max: number) =>
  text(what, max).refine((s) => s.trim() !== '', { message: `${what}: напишите текст` })
const departmentId = z.string().min(1).max(64)

/** The payload of each comment event a client may send (never `check`: the server runs it). */
export const commentEventPayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('TRIAGE'), departmentId, priority: z.boolean().default(false) }),
  z.object({
    type: z.literal('DISMISS'),
    reason: z.enum(noAnswerReasons, { message: 'Укажите, почему ответ не нужен' }),
    note: text('Пояснение', 1000).optional(),
  }),
  z.object({
    type: z.literal('SUBMIT_ANSWER'),
    text: nonEmpty('Ответ', MAX_CHECKED_LENGTH),
    interim: z.boolean().optional(),
    textVersion: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('EDIT_ANSWER'), text: nonEmpty('Ответ', MAX_CHECKED_LENGTH) }),
  z.object({ type: z.literal('RETURN_TO_DEPARTMENT'), comment: nonEmpty('Комментарий', 2000) }),
  z.object({ type: z.literal('REASSIGN'), departmentId }),
  z.object({
    type: z.literal('APPROVE_ANSWER'),
    textVersion: z.number().int().nonnegative(),
    text: nonEmpty('Ответ', MAX_CHECKED_LENGTH).optional(),
    override: text('Причина', 2000).optional(),
  }),
])

export const commentEventBodySchema = z.intersection(
  commentEventPayloadSchema,
  z.object({ expectedVersion: z.number().int().nonnegative() }),
)
export type CommentEventBody = z.input<typeof commentEventBodySchema>

const commentStateList = z
  .string()
  .max(200)
  .refine((v) => v.split(',').every((s) => (commentStates as readonly string[]).includes(s)), {
    message: `Состояние: одно или несколько через запятую из ${commentStates.join(', ')}`,
  })

export const commentListQuerySchema = z.object({
  state: commentStateList.optional(),
  department: departmentId.optional(),
})

export const commentCountsQuerySchema = z.object({ department: departmentId.optional() })

export type {
  CommentCountsDto,
  CommentDetailDto,
  CommentHistoryDto,
  CommentSummaryDto,
} from './responses'

/** 422 `answer_blocked`: the checker's blocking issues, in `details.issues`. */
export interface AnswerBlockedDetails {
  issues: QualityIssue[]
}
