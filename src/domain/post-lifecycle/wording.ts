import { personLabel, type ActorRole } from '../roles'
import type { PostEventType } from './event-types'
import type { PostStateValue } from './machine'

/**
 * How Viza tells what happened to a post, in Russian (docs/copy-ru.md): facts in the past,
 * impersonal, with the person after a dash — the system does not know anyone's gender.
 */
export interface WhatHappened {
  event: PostEventType | 'CREATED'
  fromState: PostStateValue | null
  toState: PostStateValue
  actorName: string
  actorRole: ActorRole
}

/** The history's line for an event: a fact, in the past tense. */
export function historyFact(e: Omit<WhatHappened, 'actorName'>): string {
  switch (e.event) {
    case 'CREATED':
      return e.actorRole === 'governor' ? 'Поручение дано' : 'Запрос создан'
    case 'SEND_REQUEST':
      return 'Запрос отправлен департаменту'
    case 'WRITE_IN_HOUSE':
      return 'Взято в работу ЦСМ'
    case 'SUBMIT_DRAFT':
      return 'Материал получен'
    case 'RETURN_TO_DEPARTMENT':
      return 'Возвращено департаменту на доработку'
    case 'REASSIGN':
      return 'Передано другому департаменту'
    case 'EDIT_TEXT':
      return e.fromState === 'approved' ? 'Текст изменён после утверждения' : 'Текст изменён'
    case 'ATTACH_MEDIA':
      return 'Фото добавлено'
    case 'DETACH_MEDIA':
      return 'Фото убрано'
    case 'SEND_TO_GOVERNOR':
      return 'Отправлено губернатору'
    case 'APPROVE':
      return 'Утверждено'
    case 'RETURN_TO_EDITOR':
      return 'Возвращено в ЦСМ'
    case 'REJECT':
      return 'Отклонено'
    case 'PUBLISH':
      return e.toState === 'publishing' ? 'Публикация начата' : 'Публикация запланирована'
    case 'PUBLISHED':
      return 'Опубликовано'
    case 'CANCEL':
      return 'Отменено'
    case 'DEADLINE_PASSED':
      return 'Срок истёк'
  }
}

/** «Текст изменён — Анна Соколова, ЦСМ»; the system's own facts stand alone. */
export function historyLine(e: WhatHappened): string {
  const fact = historyFact(e)
  return e.actorRole === 'system' ? fact : `${fact} — ${personLabel(e.actorName, e.actorRole)}`
}

/**
 * A short notice of what someone else did, for the person who receives it. A department is
 * told who asks for what; everyone else reads the fact, the post and who did it.
 */
export function liveNotice(e: WhatHappened & { title: string }, recipient: ActorRole): string {
  const t = `«${e.title}»`
  if (recipient === 'department') {
    switch (e.event) {
      case 'SEND_REQUEST':
        return `Новый запрос от ЦСМ: ${t}`
      case 'RETURN_TO_DEPARTMENT':
        return `ЦСМ вернул материал на доработку: ${t}`
      case 'REASSIGN':
        return `Запрос передан другому департаменту: ${t}`
      case 'CANCEL':
        return `Запрос отменён: ${t}`
      case 'DEADLINE_PASSED':
        return `Срок по запросу истёк: ${t}`
      case 'PUBLISHED':
        return `Пост опубликован: ${t}`
    }
  }
  if (e.event === 'CREATED' && e.actorRole === 'governor')
    return `Новое поручение губернатора: ${t}`
  if (e.event === 'SEND_TO_GOVERNOR' && recipient === 'governor')
    return `Пост ждёт вашего решения: ${t}`
  const fact = historyFact(e)
  return e.actorRole === 'system'
    ? `${fact}: ${t}`
    : `${fact}: ${t} — ${personLabel(e.actorName, e.actorRole)}`
}
