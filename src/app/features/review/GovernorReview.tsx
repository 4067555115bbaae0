import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { PostDetailDto, UserDto } from '../../../shared/api/contract'
import { ActionButton } from '../../components/ActionButton'
import { Countdown } from '../../components/Countdown'
import { TextEditor } from '../../components/TextEditor'
import { WordDiff } from '../../components/WordDiff'
import { MediaPanel } from '../../components/MediaPanel'
import { CommentAction } from '../../components/CommentAction'
import { StateBadge, UrgentBadge } from '../../components/Badges'
import { useDepartmentName } from '../../lib/departments'
import { toast } from '../../components/Toasts'
import { usePostDraft } from '../../lib/drafts'
import {
  toldAlready,
  usePendingEvent,
  useRefusedWhileAway,
  type PostEventVariables,
} from '../../lib/offline'
import { isConflict, useActions, usePostEvent } from '../../lib/post-actions'
import { postDetailQuery } from '../../lib/queries'
import { NotFound } from '../../components/NotFound'

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
  // The post he has (kept on the tablet) stays on screen when a later read finds no connection.
  if (post) return <Review post={post} me={me} />
  return <NotFound message={error.message} />
}

function Review({ post, me }: { post: PostDetailDto; me: UserDto }) {
  const [, navigate] = useLocation()
  // The one draft of this screen: the text box, the diff and the approve button all read it.
  const draft = usePostDraft(post, me)
  const actions = useActions(post, me, draft.text)
  const act = usePostEvent(post.id)
  // His decision on this post still on its way, from this page or one before a reload.
  const pending = usePendingEvent(post.id)
  const depName = useDepartmentName()
  const [showDiff, setShowDiff] = useState(false)
  const [refused, setRefused] = useState<string | null>(null)
  // A decision made without a connection and refused on its way (the post changed meanwhile).
  const away = useRefusedWhileAway(post.id)
  const awayText = (away?.variables?.payload as { text?: string } | undefined)?.text
  const material = post.departmentMaterial?.text
  const sentUp = post.sentToGovernor?.text
  const canEdit = actions.has('EDIT_TEXT')
  const edited = canEdit && draft.dirty && draft.text.trim() !== post.text.trim()
  const done = (message: string, v: PostEventVariables) => {
    draft.clear()
    // a decision that waited for a connection has been announced wherever he is now
    if (!toldAlready(v)) toast(message, 'success')
    navigate('/review')
  }
  const approve = () => {
    setRefused(null)
    act.mutate(
      {
        payload: { type: 'APPROVE', textVersion: draft.baseTextVersion, text: draft.text },
        expectedVersion: draft.baseVersion,
      },
      {
        onSuccess: (_, v) => done(`Пост «${post.title}» утверждён`, v),
        onError: (e) => {
          if (isConflict(e)) setRefused(e.message)
        },
      },
    )
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

      {!canEdit && (
        <p role="note" className="rounded-lg bg-slate-100 px-4 py-3 text-base text-slate-800">
          {readOnlyNote(post)}
        </p>
      )}
      <div className="card p-5">
        <TextEditor
          detail={post}
          draft={draft}
          canEdit={canEdit}
          large
          label={canEdit ? 'Текст поста — можно править прямо здесь' : 'Текст поста'}
          saveLabel="Сохранить мои правки"
        />
      </div>

      {(post.context.media ?? []).length > 0 && (
        <div className="card p-5">
          <MediaPanel detail={post} canAttach={false} canDetach={actions.has('DETACH_MEDIA')} />
        </div>
      )}

      {(material !== undefined || sentUp !== undefined || edited) && (
        <div className="card p-5">
          <button
            type="button"
            className="btn-secondary"
            aria-expanded={showDiff || edited}
            onClick={() => setShowDiff((s) => !s)}
          >
            {showDiff ? 'Скрыть изменения' : 'Что изменилось'}
          </button>
          {(showDiff || edited) && (
            <div className="mt-4 space-y-4 text-base">
              <div>
                <h2 className="mb-1 font-semibold">Ваши правки к тексту ЦСМ</h2>
                <WordDiff before={sentUp ?? post.text} after={draft.text} />
              </div>
              {showDiff && material !== undefined && sentUp !== undefined && (
                <div>
                  <h2 className="mb-1 font-semibold">Правки ЦСМ к материалу департамента</h2>
                  <WordDiff before={material} after={sentUp} />
                </div>
              )}
            </div>
          )}
        </div>
      )}

      {actions.size > 0 && (
        <div className="card space-y-3 p-5">
          {pending?.waiting && (
            <p role="status" className="rounded-lg bg-sky-50 px-4 py-3 ring-1 ring-sky-300">
              <strong>Ждёт отправки.</strong> Нет связи: ваше решение сохранено на планшете и уйдёт,
              как только связь появится. Если пост за это время изменят, ничего не будет утверждено
              — вы увидите оба текста.
            </p>
          )}
          {away && !pending && (
            <div
              role="alert"
              className="space-y-2 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-300"
            >
              <p>
                Пока не было связи, пост изменился: ваше решение не отправлено, ничего не
                утверждено. Сравните тексты и решите заново.
              </p>
              {awayText !== undefined && (
                <div className="rounded bg-white p-3">
                  <p className="mb-1 text-sm text-slate-600">Ваш текст → текст сейчас:</p>
                  <WordDiff before={awayText} after={post.text} />
                </div>
              )}
            </div>
          )}
          {refused && !away && (
            <p role="alert" className="rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-300">
              Ничего не утверждено. {refused}
            </p>
          )}
          <ActionButton
            action={actions.get('APPROVE')}
            busy={!!pending || (draft.dirty && draft.textMovedOn)}
            className="btn-success min-h-14 w-full text-lg"
            onClick={approve}
          >
            {edited ? 'Утвердить с моими правками' : 'Утвердить'}
          </ActionButton>
          <div className="flex flex-wrap gap-3">
            {actions.get('RETURN_TO_EDITOR')?.enabled && (
              <CommentAction
                label="Вернуть в ЦСМ"
                prompt={
                  edited
                    ? 'Что поправить? Ваши несохранённые правки останутся у вас и в ЦСМ не уйдут.'
                    : 'Что поправить?'
                }
                confirm="Вернуть в ЦСМ"
                quick={QUICK_RETURNS}
                busy={!!pending}
                onSubmit={(comment) =>
                  act.mutate(
                    {
                      payload: { type: 'RETURN_TO_EDITOR', comment },
                      expectedVersion: post.version,
                    },
                    { onSuccess: (_, v) => done('Пост возвращён в ЦСМ', v) },
                  )
                }
              />
            )}
            {actions.get('REJECT')?.enabled && (
              <CommentAction
                label="Отклонить"
                tone="danger"
                prompt="Почему пост не будет опубликован?"
                confirm="Отклонить пост"
                busy={!!pending}
                onSubmit={(comment) =>
                  act.mutate(
                    { payload: { type: 'REJECT', comment }, expectedVersion: post.version },
                    { onSuccess: (_, v) => done('Пост отклонён', v) },
                  )
                }
              />
            )}
          </div>
        </div>
      )}
    </div>
  )
}

/** Why the text cannot be changed now, and what happens next. */
function readOnlyNote(post: PostDetailDto): string {
  switch (post.state) {
    case 'draft':
    case 'awaitingDepartment':
    case 'editing':
      return 'Пост готовит ЦСМ, править его сейчас нельзя. Он придёт к вам на утверждение.'
    case 'publishing':
      return 'Пост утверждён и публикуется, править его уже нельзя.'
    case 'published':
      return 'Пост опубликован. Ссылки на него — в разделе «Опубликовано».'
    case 'cancelled':
      return 'Пост отменён.'
    case 'rejected':
      return 'Вы отклонили этот пост.'
    default:
      return 'Править этот пост сейчас нельзя.'
  }
}
