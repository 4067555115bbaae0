import type { NoAnswerReason } from './event-types'
import type { CommentStateValue } from './machine'

/** Where a comment stands, in the screens' words. */
export const commentStateLabels: Record<CommentStateValue, string> = {
  registered: 'Зарегистрирован',
  withDepartment: 'Ждёт ответа департамента',
  inReview: 'Ответ на проверке ЦСМ',
  posting: 'Ответ отправляется',
  answered: 'Ответ опубликован',
  noAnswerNeeded: 'Ответ не нужен',
  withdrawn: 'Удалён автором',
}

export const noAnswerReasonLabels: Record<NoAnswerReason, string> = {
  thanks: 'Благодарность',
  spam: 'Спам',
  abuse: 'Оскорбления',
  offTopic: 'Не по теме',
  duplicate: 'Повтор',
}

/** What the history says was done (a fact, in the past); the person follows after a dash. */
export const commentHistoryLabels: Record<string, string> = {
  REGISTERED: 'Комментарий зарегистрирован',
  TRIAGE: 'Направлен департаменту',
  DISMISS: 'Отмечено: ответ не нужен',
  SUBMIT_ANSWER: 'Ответ отправлен в ЦСМ',
  EDIT_ANSWER: 'Ответ изменён в ЦСМ',
  RETURN_TO_DEPARTMENT: 'Ответ возвращён департаменту',
  REASSIGN: 'Передан другому департаменту',
  APPROVE_ANSWER: 'Ответ утверждён',
  POSTED: 'Ответ опубликован',
  WITHDRAWN: 'Комментарий удалён автором',
  DEADLINE_PASSED: 'Срок ответа пропущен',
}

/** Where a reply to a comment stands on its page, in the SMC's words. */
export const replyStateLabels = {
  queued: 'В очереди на отправку',
  sending: 'Отправляется',
  sent: 'Опубликован',
  failed: 'Не отправлен',
  unknown: 'Неизвестно, дошёл ли ответ',
  manual: 'Ответьте вручную',
} as const
