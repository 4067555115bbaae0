import { z } from 'zod'
import type { PostEventPayload } from './event-types'

const text = z
  .string()
  .trim()
  .min(1, 'Текст не может быть пустым')
  .max(20_000, 'Текст длиннее 20 000 знаков')
const comment = z
  .string()
  .trim()
  .min(1, 'Нужен комментарий')
  .max(2_000, 'Комментарий длиннее 2 000 знаков')
/** The text version a screen was edited from. */
const textVersion = z.number().int().nonnegative().max(1_000_000)
const isoInstant = z.iso.datetime({
  offset: true,
  message: 'Время в формате ISO 8601 со смещением',
})

/**
 * ATTACH_MEDIA is not here on purpose: images arrive through the upload endpoint, which stores
 * the bytes and computes their hash before it sends the event.
 *
 * What a client may send as an event: the payload only. The actor and the time are added by
 * the server from the session and its clock, never taken from the body.
 */
export const postEventPayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SEND_REQUEST') }),
  z.object({ type: z.literal('WRITE_IN_HOUSE') }),
  z.object({ type: z.literal('SUBMIT_DRAFT'), text, textVersion: textVersion.optional() }),
  z.object({ type: z.literal('RETURN_TO_DEPARTMENT'), comment }),
  z.object({ type: z.literal('REASSIGN'), departmentId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('EDIT_TEXT'), text }),
  z.object({ type: z.literal('DETACH_MEDIA'), mediaId: z.string().min(1).max(64) }),
  z.object({
    type: z.literal('SEND_TO_GOVERNOR'),
    text: text.optional(),
    textVersion: textVersion.optional(),
  }),
  z.object({ type: z.literal('APPROVE'), textVersion, text: text.optional() }),
  z.object({ type: z.literal('RETURN_TO_EDITOR'), comment }),
  z.object({ type: z.literal('REJECT'), comment }),
  z.object({ type: z.literal('PUBLISH'), at: isoInstant.optional() }),
  z.object({
    type: z.literal('PUBLISHED'),
    links: z
      .array(
        z.object({
          channel: z.string().max(32),
          url: z.url({ protocol: /^https?$/, message: 'Ссылка должна быть адресом' }),
        }),
      )
      .max(10)
      .optional(),
  }),
  z.object({ type: z.literal('CANCEL'), reason: comment }),
  z.object({ type: z.literal('DEADLINE_PASSED') }),
]) satisfies z.ZodType<PostEventPayload>
