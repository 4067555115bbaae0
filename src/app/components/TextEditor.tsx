import { useId, useState } from 'react'
import type { Channel } from '../../domain/channels'
import type { PostEventPayload } from '../../domain/post-lifecycle/event-types'
import type { PostDetailDto, UserDto } from '../../shared/api/contract'
import { useDraft } from '../lib/drafts'
import { isConflict, usePostEvent } from '../lib/post-actions'
import { ChannelCounters } from './ChannelCounters'
import { WordDiff } from './WordDiff'

/**
 * The post's text, editable when the machine allows this person to edit. Unsaved text lives in
 * a draft; a save expects the version the person started from, so a concurrent change by
 * someone else shows up as a conflict with both texts, never as a silent overwrite.
 */
export function TextEditor({
  detail,
  me,
  eventType = 'EDIT_TEXT',
  canEdit,
  label = 'Текст публикации',
  saveLabel = 'Сохранить текст',
  large = false,
  onSaved,
}: {
  detail: PostDetailDto
  me: UserDto
  eventType?: 'EDIT_TEXT' | 'SUBMIT_DRAFT'
  canEdit: boolean
  label?: string
  saveLabel?: string
  large?: boolean
  onSaved?: (updated: PostDetailDto) => void
}) {
  const id = useId()
  const draft = useDraft(`${detail.id}:${me.id}`, detail.text, detail.version)
  const mutation = usePostEvent(detail.id)
  const [conflictWith, setConflictWith] = useState<PostDetailDto | null>(null)
  const stale = draft.dirty && draft.textMovedOn

  const save = (expectedVersion: number) => {
    const payload: PostEventPayload = { type: eventType, text: draft.text }
    mutation.mutate(
      { payload, expectedVersion },
      {
        onSuccess: (updated) => {
          draft.clear()
          setConflictWith(null)
          onSaved?.(updated)
        },
        onError: (e) => {
          if (isConflict(e)) setConflictWith((e.details as { post: PostDetailDto }).post)
        },
      },
    )
  }

  return (
    <div className="space-y-3">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea
        id={id}
        className={`field ${large ? 'min-h-80 text-lg leading-relaxed' : 'min-h-56'}`}
        value={draft.text}
        onChange={(e) => draft.setText(e.target.value)}
        readOnly={!canEdit}
        aria-describedby={`${id}-hint`}
      />
      <div id={`${id}-hint`}>
        <ChannelCounters text={draft.text} channels={detail.channels as Channel[]} />
      </div>
      {(conflictWith || stale) && (
        <div
          role="alert"
          className="space-y-2 rounded-lg bg-amber-50 p-4 text-sm ring-1 ring-amber-300"
        >
          <p className="font-semibold">
            Пока вы редактировали, публикацию изменил другой участник (теперь версия{' '}
            {(conflictWith ?? detail).version}). Ваш текст сохранён здесь и не потерян.
          </p>
          <p>Что изменилось в их версии по сравнению с вашей:</p>
          <div className="rounded bg-white p-3">
            <WordDiff before={draft.text} after={(conflictWith ?? detail).text} />
          </div>
          <div className="flex flex-wrap gap-2">
            {canEdit && (
              <button
                type="button"
                className="btn-primary"
                onClick={() => {
                  draft.rebase((conflictWith ?? detail).version)
                  save((conflictWith ?? detail).version)
                }}
              >
                Сохранить мой текст поверх
              </button>
            )}
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                draft.clear()
                setConflictWith(null)
              }}
            >
              Взять их версию
            </button>
          </div>
        </div>
      )}
      {canEdit && (
        <div className="flex items-center gap-3">
          <button
            type="button"
            className="btn-primary"
            disabled={!draft.dirty || mutation.isPending || !draft.text.trim() || stale}
            onClick={() => save(draft.baseVersion)}
          >
            {mutation.isPending ? 'Сохраняем…' : saveLabel}
          </button>
          {draft.dirty && !stale && (
            <span className="text-sm text-slate-600">
              Есть несохранённые изменения (черновик хранится в браузере)
            </span>
          )}
        </div>
      )}
    </div>
  )
}

export function useTextDraftState(detail: PostDetailDto, me: UserDto) {
  return useDraft(`${detail.id}:${me.id}`, detail.text, detail.version)
}
