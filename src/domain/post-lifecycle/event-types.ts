import type { Actor } from '../roles'
import type { MediaRef } from './media'

/**
 * What each event carries besides its type (the payload a client may send).
 *
 * SUBMIT_DRAFT, SEND_TO_GOVERNOR and APPROVE act on the text on the person's screen: `text` is
 * that text (saved with the event, in the same transition), `textVersion` the version it was
 * edited from. A screen edited from an older version is refused, never applied to newer text.
 */
export type PostEventPayload =
  | { type: 'SEND_REQUEST' }
  | { type: 'WRITE_IN_HOUSE' }
  | { type: 'SUBMIT_DRAFT'; text: string; textVersion?: number }
  | { type: 'RETURN_TO_DEPARTMENT'; comment: string }
  | { type: 'REASSIGN'; departmentId: string }
  | { type: 'EDIT_TEXT'; text: string }
  | { type: 'ATTACH_MEDIA'; media: MediaRef }
  | { type: 'DETACH_MEDIA'; mediaId: string }
  | { type: 'SEND_TO_GOVERNOR'; text?: string; textVersion?: number }
  | { type: 'APPROVE'; textVersion: number; text?: string }
  | { type: 'RETURN_TO_EDITOR'; comment: string }
  | { type: 'REJECT'; comment: string }
  | { type: 'PUBLISH'; at?: string }
  | { type: 'PUBLISHED'; links?: Array<{ channel: string; url: string }> }
  | { type: 'CANCEL'; reason: string }
  | { type: 'DEADLINE_PASSED' }

export type PostEventType = PostEventPayload['type']

/** Every event type, in the order actions are offered to people. */
export const postEventTypes: readonly PostEventType[] = [
  'SEND_REQUEST',
  'WRITE_IN_HOUSE',
  'SUBMIT_DRAFT',
  'RETURN_TO_DEPARTMENT',
  'REASSIGN',
  'EDIT_TEXT',
  'ATTACH_MEDIA',
  'DETACH_MEDIA',
  'SEND_TO_GOVERNOR',
  'APPROVE',
  'RETURN_TO_EDITOR',
  'REJECT',
  'PUBLISH',
  'PUBLISHED',
  'CANCEL',
  'DEADLINE_PASSED',
]

/** An event as the machine receives it: who sent it and when, on the server's clock. */
export type PostEvent = PostEventPayload & { actor: Actor; now: string }

export const eventLabels: Record<PostEventType, string> = {
  SEND_REQUEST: 'Отправить запрос',
  WRITE_IN_HOUSE: 'Написать в ЦСМ',
  SUBMIT_DRAFT: 'Отправить материал',
  RETURN_TO_DEPARTMENT: 'Вернуть департаменту',
  REASSIGN: 'Передать другому департаменту',
  EDIT_TEXT: 'Сохранить текст',
  ATTACH_MEDIA: 'Добавить фото',
  DETACH_MEDIA: 'Убрать фото',
  SEND_TO_GOVERNOR: 'Отправить губернатору',
  APPROVE: 'Утвердить',
  RETURN_TO_EDITOR: 'Вернуть в ЦСМ',
  REJECT: 'Отклонить',
  PUBLISH: 'Опубликовать',
  PUBLISHED: 'Опубликован во всех каналах',
  CANCEL: 'Отменить',
  DEADLINE_PASSED: 'Срок истёк',
}
