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
