import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { PostDetailDto, UserDto } from '../../../shared/api/contract'
import { Countdown } from '../../components/Countdown'
import { TextEditor, useTextDraftState } from '../../components/TextEditor'
import { WordDiff } from '../../components/WordDiff'
import { MediaPanel } from '../../components/MediaPanel'
import { CommentAction, StateBadge, UrgentBadge, useDepartmentName } from '../../components/bits'
import { toast } from '../../components/Toasts'
import { useAllowed, usePostEvent } from '../../lib/post-actions'
import { postDetailQuery } from '../../lib/queries'
import { NotFound } from '../post/EditorPostPage'

const QUICK_RETURNS = [
  'Короче',
  'Проще, без канцелярита',
  'Добавить цифры и сроки',
  'Проверить факты',
  'Другой заголовок',
]

/** The governor reads, edits the text himself, and approves, returns or rejects in one tap. */
export default function GovernorReview({ id, me }: { id: string; me: UserDto }) {
  const { data: post, error, isPending } = useQuery(postDetailQuery(id))
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  return <Review post={post} me={me} />
}

function Review({ post, me }: { post: PostDetailDto; me: UserDto }) {
  const [, navigate] = useLocation()
  const allowed = useAllowed(post, me)
  const act = usePostEvent(post.id)
  const draft = useTextDraftState(post, me)
  const depName = useDepartmentName()
  const [showDiff, setShowDiff] = useState(false)
  const departmentDraft = post.versions.find((v) => v.authorRole === 'department')
  const sentToGovernor = [...post.history]
    .reverse()
    .find((h) => h.toState === 'awaitingGovernor' && h.fromState !== 'awaitingGovernor')
  const smcVersion = post.versions
    .filter(
      (v) => v.authorRole !== 'governor' && (!sentToGovernor || v.createdAt <= sentToGovernor.at),
    )
    .at(-1)
  const done = (message: string) => {
    toast(message, 'success')
    navigate('/review')
  }

  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <Link href="/review" className="inline-flex min-h-11 items-center text-brand-700 underline">
        ← Очередь
      </Link>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <StateBadge state={post.state} />
          {post.urgent && <UrgentBadge />}
          <span>{depName(post.departmentId)}</span>
        </div>
        <h1 className="text-3xl leading-tight font-bold">{post.title}</h1>
        {post.plannedAt && (
          <Countdown
            dueAt={post.plannedAt}
            unit="hours"
            calendar={null}
            purpose="до плановой публикации"
          />
        )}
      </header>

      <div className="card p-5">
        <TextEditor
          detail={post}
          me={me}
          canEdit={allowed.has('EDIT_TEXT')}
          large
          label="Текст поста — можно править прямо здесь"
          saveLabel="Сохранить мои правки"
        />
      </div>

      {(post.context.media ?? []).length > 0 && (
        <div className="card p-5">
          <MediaPanel detail={post} canAttach={false} canDetach={allowed.has('DETACH_MEDIA')} />
        </div>
      )}

      {(departmentDraft || smcVersion) && (
        <div className="card p-5">
          <button
            type="button"
            className="btn-secondary"
            aria-expanded={showDiff}
            onClick={() => setShowDiff((s) => !s)}
          >
            {showDiff ? 'Скрыть изменения' : 'Что изменилось'}
          </button>
          {showDiff && (
            <div className="mt-4 space-y-4 text-base">
              {departmentDraft && smcVersion && (
                <div>
                  <h2 className="mb-1 font-semibold">Правки ЦСМ к материалу департамента</h2>
                  <WordDiff before={departmentDraft.text} after={smcVersion.text} />
                </div>
              )}
              <div>
                <h2 className="mb-1 font-semibold">Ваши правки к тексту ЦСМ</h2>
                <WordDiff before={(smcVersion ?? departmentDraft)!.text} after={draft.text} />
              </div>
            </div>
          )}
        </div>
      )}

      <div className="card space-y-3 p-5">
        {allowed.has('APPROVE') && (
          <button
            type="button"
            className="btn-success min-h-14 w-full text-lg"
            disabled={act.isPending || draft.dirty}
            onClick={() =>
              act.mutate(
                {
                  payload: { type: 'APPROVE', textVersion: post.textVersion },
                  expectedVersion: post.version,
                },
                { onSuccess: () => done(`Пост «${post.title}» утверждён`) },
              )
            }
          >
            Утвердить этот текст
          </button>
        )}
        {draft.dirty && allowed.has('APPROVE') && (
          <p className="text-sm text-amber-900">
            Сначала сохраните свои правки: утверждается сохранённый текст.
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          {allowed.has('RETURN_TO_EDITOR') && (
            <CommentAction
              label="Вернуть в ЦСМ"
              prompt="Что поправить?"
              confirm="Вернуть в ЦСМ"
              quick={QUICK_RETURNS}
              busy={act.isPending}
              onSubmit={(comment) =>
                act.mutate(
                  { payload: { type: 'RETURN_TO_EDITOR', comment }, expectedVersion: post.version },
                  { onSuccess: () => done('Пост возвращён в ЦСМ') },
                )
              }
            />
          )}
          {allowed.has('REJECT') && (
            <CommentAction
              label="Отклонить"
              tone="danger"
              prompt="Почему пост не будет опубликован?"
              confirm="Отклонить пост"
              busy={act.isPending}
              onSubmit={(comment) =>
                act.mutate(
                  { payload: { type: 'REJECT', comment }, expectedVersion: post.version },
                  { onSuccess: () => done('Пост отклонён') },
                )
              }
            />
          )}
        </div>
      </div>
    </div>
  )
}
