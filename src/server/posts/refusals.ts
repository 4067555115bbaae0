/**
 * How the post service says no: the errors and their Russian wording, in one place, so the
 * commands read as the rules they apply.
 */
import {
  applyEvent,
  eventLabels,
  stateLabels,
  type PostEvent,
  type PostEventType,
  type PostMachine,
  type PostStateValue,
  type StoredPostState,
} from '../../domain/post-lifecycle'
import { roleLabels, type Actor } from '../../domain/roles'
import { ApiError } from '../lib/errors'

/** One wording for "missing" and "not yours": a 404 never reveals that a post exists. */
export const POST_NOT_FOUND = 'Пост не найден или у вас нет к нему доступа'

export const versionConflict = (details?: Record<string, unknown>) =>
  new ApiError(
    409,
    'version_conflict',
    'Пост уже изменил другой участник: посмотрите, что изменилось',
    details,
  )

export const textChanged = (details: Record<string, unknown>) =>
  new ApiError(
    409,
    'text_changed',
    'Пока вы смотрели на текст, его изменил другой участник. Ваш текст не потерян: сравните его с новым.',
    details,
  )

export function refusalText(actor: Actor, type: PostEventType) {
  return `Роль «${roleLabels[actor.role]}» не может выполнять действие «${eventLabels[type]}»`
}

export function notNowText(type: PostEventType, state: PostStateValue) {
  return `Действие «${eventLabels[type]}» сейчас недоступно: публикация в состоянии «${stateLabels[state].toLowerCase()}»`
}

/**
 * Refused only because the person's screen showed an older text version: the same event on
 * the current version would be accepted. That is a conflict to show (409), not a rule (422).
 */
export function staleScreen(
  machine: PostMachine,
  state: StoredPostState,
  event: PostEvent,
): boolean {
  if (!('textVersion' in event) || event.textVersion === undefined) return false
  if (event.textVersion === state.context.textVersion) return false
  return applyEvent(machine, state, { ...event, textVersion: state.context.textVersion }).ok
}
