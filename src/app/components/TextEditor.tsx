import { useId, useState } from 'react'
import type { PostDetailDto } from '../../shared/api/contract'
import type { PostDraft } from '../lib/drafts'
import { isConflict, usePostEvent } from '../lib/post-actions'
import { ChannelCounters } from './ChannelCounters'
import { WordDiff } from './WordDiff'

/**
 * The post's text, editable when the machine allows this person to edit. What is typed lives
 * in the screen's one draft (`usePostDraft`), which every other part of the screen reads too:
 * the action buttons act on it, the diffs compare it. A save expects the version the person
 * started from, so a concurrent change shows both texts, never a silent overwrite.
 */
export function TextEditor({
  detail,
  draft,
  canEdit,
  label = 'Текст поста',
  saveLabel,
  large = false,
}: {
  detail: PostDetailDto
  draft: PostDraft
  canEdit: boolean
  label?: string
  /** Shows a "save the text" button (EDIT_TEXT) with this label. */
  saveLabel?: string
  large?: boolean
}) {
  const id = useId()
  const mutation = usePostEvent(detail.id)
  const [conflictWith, setConflictWith] = useState<PostDetailDto | null>(null)
  const stale = draft.dirty && draft.textMovedOn
  const theirs = conflictWith ?? detail

  const save = (expectedVersion: number) => {
    mutation.mutate(
      { payload: { type: 'EDIT_TEXT', text: draft.text }, expectedVersion },
      {
        onSuccess: () => {
          draft.clear()
          setConflictWith(null)
        },
        onError: (e) => {
          if (isConflict(e) && e.currentPost) setConflictWith(e.currentPost)
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
        className={`field ${large ? 'min-h-80 text-lg leading-relaxed' : 'min-h-56'} ${canEdit ? '' : 'bg-slate-50'}`}
        value={draft.text}
        onChange={(e) => draft.setText(e.target.value)}
        readOnly={!canEdit}
        aria-describedby={`${id}-hint`}
      />
      <div id={`${id}-hint`}>
        <ChannelCounters
          text={draft.text}
          channels={detail.channels}
          withImages={(detail.context.media ?? []).length > 0}
        />
      </div>
      {(conflictWith || stale) && (
        <div
          role="alert"
          className="space-y-2 rounded-lg bg-amber-50 p-4 text-sm ring-1 ring-amber-300"
        >
          <p className="font-semibold">
            Пока вы редактировали, текст изменил другой участник. Ваш текст сохранён здесь и не
            потерян.
          </p>
          <p>Что изменилось в их версии по сравнению с вашей:</p>
          <div className="rounded bg-white p-3">
            <WordDiff before={draft.text} after={theirs.text} />
          </div>
          <div className="flex flex-wrap gap-2">
            {canEdit && (
              <button
                type="button"
                className="btn-primary"
                onClick={() => {
                  draft.rebase(theirs.version)
                  save(theirs.version)
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
      {canEdit && saveLabel && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className="btn-secondary"
            disabled={!draft.dirty || mutation.isPending || !draft.text.trim() || stale}
            onClick={() => save(draft.baseVersion)}
          >
            {mutation.isPending ? 'Сохраняем…' : saveLabel}
          </button>
          {draft.dirty && !stale && (
            <span className="text-sm text-slate-600">
              Есть несохранённые правки (черновик хранится в браузере)
            </span>
          )}
        </div>
      )}
    </div>
  )
}
