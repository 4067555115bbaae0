import { REGION_TIME_ZONE } from '../calendar/region'
import { channelLabels } from '../channels'
import { pluralRu } from '../ru'
import { personLabel } from '../roles'
import type { UserRole } from '../roles'
import { UNTITLED_COMMENT } from './comment-rules'
import type { NotificationFacts } from './rules'

/** A notification as a person reads it, in every channel: a headline, lines, and where to go. */
export interface NotificationMessage {
  /** One line: the e-mail subject, the push title, the notification centre's headline. */
  title: string
  /** Further lines: who asks, by when, the comment. */
  body: string
  /** The screen it opens, inside Viza (`/posts/…`); channels prefix VIZA_PUBLIC_URL. */
  path: string
}

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: REGION_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})

/** «ср, 2 дек., 15:00» in the region's time, whatever the server's zone. */
/** The digest lists this many posts, then says how many more. */
const DIGEST_LINES = 10

export const formatWhen = (iso: string) => dateTime.format(new Date(iso))

export interface MessageNames {
  /** The display name of whoever caused it («Анна Соколова»); the system has none. */
  actorName: string
  /** The department's short name («Депздрав»), when there is one. */
  departmentName: string | null
}

/**
 * The Russian text of a notification for one recipient (docs/copy-ru.md): who asks for what
 * by when; a named person after a dash, since nobody's gender is known.
 */
export function notificationMessage(
  n: NotificationFacts,
  names: MessageNames,
  recipient: UserRole,
): NotificationMessage {
  const t = `«${n.title}»`
  const by = personLabel(names.actorName, n.actorRole)
  const due = n.dueAt ? `до ${formatWhen(n.dueAt)}` : null
  const lines: string[] = []
  let title: string
  const urgentMark = n.urgent ? 'Срочно. ' : ''
  switch (n.kind) {
    case 'newRequest':
      title = n.urgent
        ? `Срочный запрос по поручению губернатора: ${t}${due ? ` — ${due}` : ''}`
        : `Новый запрос от ЦСМ: ${t}${due ? ` — ${due}` : ''}`
      lines.push(`Запрашивает — ${by}.`)
      break
    case 'requestReturned':
      title = `${urgentMark}ЦСМ вернул материал на доработку: ${t}${due ? ` — ${due}` : ''}`
      lines.push(`Возвращено — ${by}.`)
      break
    case 'requestWithdrawn':
      title =
        n.event === 'REASSIGN'
          ? `Запрос передан другому департаменту: ${t}`
          : `Запрос отменён: ${t}`
      lines.push(`Готовить материал не нужно — ${by}.`)
      break
    case 'materialSubmitted':
      title = `Материал получен: ${t}${names.departmentName ? ` — ${names.departmentName}` : ''}`
      lines.push(`Отправлено — ${by}. Пост можно готовить.`)
      break
    case 'awaitingGovernor':
      title =
        recipient === 'governor' ? `Пост ждёт вашего решения: ${t}` : `Отправлено губернатору: ${t}`
      lines.push(`Отправлено — ${by}.`)
      break
    case 'governorDecision':
      title = `${decisionFact(n.event)}: ${t} — Губернатор`
      break
    case 'publicationTrouble': {
      const where = n.channel ? ` — ${channelLabels[n.channel]}` : ''
      if (n.event === 'PUBLICATION_FAILED') {
        title = `Публикация не прошла: ${t}${where}`
        if (n.reason) lines.push(`Причина: ${n.reason}`)
        lines.push('Повторите отправку или опубликуйте вручную и укажите ссылку на странице поста.')
      } else if (n.event === 'PUBLICATION_UNKNOWN') {
        title = `Неизвестно, вышел ли пост: ${t}${where}`
        if (n.reason) lines.push(`Причина: ${n.reason}`)
        lines.push('Проверьте канал и отметьте на странице поста, есть ли там пост.')
      } else {
        title = `Публикация требует внимания: ${t}`
        lines.push('Проверьте каналы на странице поста.')
      }
      break
    }
    case 'governorDigest': {
      const waiting = n.waiting ?? []
      const count = waiting.length
      title = `Ждут вашего решения: ${count} ${pluralRu(count, ['пост', 'поста', 'постов'])}`
      for (const w of waiting.slice(0, DIGEST_LINES))
        lines.push(w.since ? `«${w.title}» — с ${formatWhen(w.since)}` : `«${w.title}»`)
      if (count > DIGEST_LINES) lines.push(`И ещё ${count - DIGEST_LINES}.`)
      return { title, body: lines.join('\n'), path: '/' }
    }
    case 'reminder':
      title = `${reminderFact(n)}: ${t}${due ? ` — ${due}` : ''}`
      lines.push('Отправьте материал в ЦСМ до срока.')
      break
    case 'overdue':
      title = `Срок по запросу истёк: ${t}`
      if (n.dueAt) lines.push(`Срок был ${formatWhen(n.dueAt)}.`)
      if (names.departmentName) lines.push(`Департамент — ${names.departmentName}.`)
      break
    default:
      // citizens' comments have kinds of their own
      return commentMessage(n, names)
  }
  if (n.comment) lines.push(`Комментарий: ${n.comment}`)
  return { title, body: lines.join('\n'), path: pathOf(n) }
}

/** The screen a notification opens: the comment's or the post's (every role has both routes). */
const pathOf = (n: Pick<NotificationFacts, 'postId' | 'commentId'>) =>
  n.commentId ? `/comments/${n.commentId}` : `/posts/${n.postId}`

/**
 * A citizen's comment (issue 14): what the department must answer by when, what was taken off
 * it, what the SMC has to review. The comment is named by its opening words, in quotes.
 */
function commentMessage(n: NotificationFacts, names: MessageNames): NotificationMessage {
  // a comment without text is named, not quoted: nobody wrote «Комментарий без текста»
  const t = n.title === UNTITLED_COMMENT ? n.title : `«${n.title}»`
  const due = n.dueAt ? ` — до ${formatWhen(n.dueAt)}` : ''
  // a department's person is named with the department, not the role («…, Депздрав»)
  const by =
    n.actorRole === 'department' && names.departmentName && names.actorName.trim()
      ? `${names.actorName}, ${names.departmentName}`
      : personLabel(names.actorName, n.actorRole)
  const urgentMark = n.urgent ? 'Срочно. ' : ''
  const lines: string[] = []
  let title: string
  switch (n.kind) {
    case 'commentRouted':
      if (n.event === 'POSTED') {
        title = `Промежуточный ответ опубликован, нужен окончательный: ${t}${due}`
        lines.push('Подготовьте окончательный ответ жителю и отправьте его в ЦСМ до срока.')
      } else if (n.event === 'REASSIGN') {
        // priority is said once, in the word «приоритетный» (no «Срочно.» before it)
        title = n.urgent
          ? `Вам передан приоритетный комментарий жителя: ${t}${due}`
          : `ЦСМ передал вам комментарий жителя: ${t}${due}`
        lines.push(`Передано — ${by}.`)
      } else {
        title = n.urgent
          ? `Приоритетный комментарий жителя от ЦСМ: ${t}${due}`
          : `ЦСМ направил комментарий жителя: ${t}${due}`
        lines.push(`Направлено — ${by}.`)
      }
      break
    case 'commentWithdrawn':
      if (n.event === 'REASSIGN') {
        title = `Комментарий жителя передан другому департаменту: ${t}`
        lines.push(`Отвечать не нужно — ${by}.`)
      } else if (n.event === 'WITHDRAWN') {
        title = `Житель удалил комментарий: ${t}`
        lines.push('Отвечать не нужно.')
      } else {
        title = `Ответ на комментарий не нужен: ${t}`
        lines.push(`Отвечать не нужно — ${by}.`)
      }
      break
    case 'answerReturned':
      title = `${urgentMark}ЦСМ вернул ответ на доработку: ${t}${due}`
      lines.push(`Возвращено — ${by}.`)
      break
    case 'answerSubmitted': {
      const dep = names.departmentName ? ` — ${names.departmentName}` : ''
      title = n.interim
        ? `Промежуточный ответ на комментарий получен: ${t}${dep}`
        : `Ответ на комментарий получен: ${t}${dep}`
      lines.push(`Отправлено — ${by}. Ответ ждёт проверки ЦСМ.`)
      break
    }
    case 'commentReminder':
      title =
        n.event === 'REMINDER_HALF'
          ? `Прошла половина срока ответа жителю: ${t}${due}`
          : `Остался последний час на ответ жителю: ${t}${due}`
      lines.push('Отправьте ответ в ЦСМ до срока.')
      break
    default:
      title = `Срок ответа на комментарий истёк: ${t}`
      if (n.dueAt) lines.push(`Срок был ${formatWhen(n.dueAt)}.`)
      if (names.departmentName) lines.push(`Департамент — ${names.departmentName}.`)
      break
  }
  if (n.author) lines.push(`Автор комментария — ${n.author}.`)
  if (n.comment) lines.push(`Комментарий ЦСМ: ${n.comment}`)
  return { title, body: lines.join('\n'), path: pathOf(n) }
}

function decisionFact(event: NotificationFacts['event']) {
  if (event === 'APPROVE') return 'Утверждено'
  if (event === 'REJECT') return 'Отклонено'
  return 'Возвращено в ЦСМ'
}

function reminderFact(n: NotificationFacts) {
  if (n.event === 'REMINDER_HALF') return 'Прошла половина срока'
  return n.urgent ? 'Осталось 30 минут' : 'Остался последний час'
}
