import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'wouter'
import { channelLabels, type Channel } from '../../../domain/channels'
import type { PostDetailDto, UserDto } from '../../../shared/api/contract'
import { PostCountdown } from '../../components/PostCountdown'
import { HistoryTimeline } from '../../components/History'
import { TextEditor } from '../../components/TextEditor'
import { VersionsPanel } from '../../components/VersionsPanel'
import { MediaPanel } from '../../components/MediaPanel'
import {
  CommentAction,
  ErrorNote,
  Section,
  StateBadge,
  UrgentBadge,
  useDepartmentName,
} from '../../components/bits'
import { formatDeadline, formatFull } from '../../lib/format'
import { useAllowed, usePostEvent } from '../../lib/post-actions'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { postDetailQuery } from '../../lib/queries'
import { regionInputToIso } from '../requests/NewRequestPage'
import { PublicationsPanel } from './PublicationsPanel'

export default function EditorPostPage({ id, me }: { id: string; me: UserDto }) {
  const { data: post, error, isPending } = useQuery(postDetailQuery(id))
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  return <EditorPost post={post} me={me} />
}

export function NotFound({ message }: { message: string }) {
  return (
    <div className="card space-y-3 p-6">
      <h1 className="text-xl font-semibold">Публикация недоступна</h1>
      <p className="text-slate-700">{message}</p>
      <Link href="/" className="btn-secondary">
        На главную
      </Link>
    </div>
  )
}

function EditorPost({ post, me }: { post: PostDetailDto; me: UserDto }) {
  const allowed = useAllowed(post, me)
  const act = usePostEvent(post.id)
  const depName = useDepartmentName()
  const [reassignTo, setReassignTo] = useState('')
  const [publishAt, setPublishAt] = useState('')
  const send = (payload: Parameters<typeof act.mutate>[0]['payload']) =>
    act.mutate({ payload, expectedVersion: post.version })
  const departmentDraft = post.versions.find((v) => v.authorRole === 'department')
  const lastComment = post.context.comments.at(-1)

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
      <div className="space-y-5">
        <div className="card space-y-3 p-5">
          <div className="flex flex-wrap items-center gap-2">
            <StateBadge state={post.state} />
            {post.urgent && <UrgentBadge />}
            <span className="text-sm text-slate-600">{depName(post.departmentId, true)}</span>
          </div>
          <h1 className="text-2xl font-bold">{post.title}</h1>
          <p className="whitespace-pre-wrap text-slate-700">
            <span className="font-semibold">Что нужно: </span>
            {post.brief}
          </p>
          <p className="text-sm text-slate-600">
            Каналы: {post.channels.map((c) => channelLabels[c as Channel]).join(', ')}
            {post.plannedAt && <> · план публикации: {formatDeadline(post.plannedAt)}</>}
          </p>
          <PostCountdown post={post} size="lg" purpose="у департамента" />
          {lastComment &&
            (post.state === 'editing' ||
              post.state === 'rejected' ||
              post.state === 'cancelled') && (
              <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm ring-1 ring-amber-200">
                <strong>{lastComment.role === 'governor' ? 'Губернатор' : 'Комментарий'}:</strong> «
                {lastComment.text}»
              </p>
            )}
          {post.context.publishError && (
            <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              Ошибка публикации: {post.context.publishError}
            </p>
          )}
        </div>

        {departmentDraft && (
          <Section title="Материал департамента">
            <p className="text-xs text-slate-600">
              {departmentDraft.authorName}, {formatFull(departmentDraft.createdAt)}
            </p>
            <p className="mt-2 whitespace-pre-wrap">{departmentDraft.text}</p>
          </Section>
        )}

        <Section title="Текст поста">
          <TextEditor key={post.id} detail={post} me={me} canEdit={allowed.has('EDIT_TEXT')} />
          <div className="mt-4">
            <MediaPanel
              detail={post}
              canAttach={allowed.has('ATTACH_MEDIA')}
              canDetach={allowed.has('DETACH_MEDIA')}
            />
          </div>
          {post.state === 'approved' && (
            <p className="mt-2 text-sm text-amber-900">
              Текст утверждён губернатором. Любая правка отправит пост на повторное утверждение.
            </p>
          )}
        </Section>

        <PublicationsPanel detail={post} />

        <VersionsPanel post={post} />

        <Section title="История">
          <HistoryTimeline history={post.history} />
        </Section>
      </div>

      <aside className="space-y-3" aria-label="Действия">
        <div className="card sticky top-4 space-y-3 p-4">
          <h2 className="font-semibold">Действия</h2>
          {allowed.size === 0 && (
            <p className="text-sm text-slate-600">Сейчас ваших действий нет.</p>
          )}
          {allowed.has('SEND_REQUEST') && (
            <button
              className="btn-primary w-full"
              onClick={() => send({ type: 'SEND_REQUEST' })}
              disabled={act.isPending}
            >
              Отправить запрос департаменту
            </button>
          )}
          {allowed.has('SEND_TO_GOVERNOR') && (
            <button
              className="btn-primary w-full"
              onClick={() => send({ type: 'SEND_TO_GOVERNOR' })}
              disabled={act.isPending || !post.text.trim()}
            >
              Отправить губернатору
            </button>
          )}
          {allowed.has('PUBLISH') && (
            <div className="space-y-2 rounded-lg bg-emerald-50 p-3">
              <button
                className="btn-success w-full"
                onClick={() => send({ type: 'PUBLISH' })}
                disabled={act.isPending}
              >
                Опубликовать сейчас
              </button>
              <label htmlFor="publish-at" className="label">
                Или запланировать (время Югры)
              </label>
              <input
                id="publish-at"
                type="datetime-local"
                className="field"
                value={publishAt}
                onChange={(e) => setPublishAt(e.target.value)}
              />
              <button
                className="btn-secondary w-full"
                disabled={!publishAt || act.isPending}
                onClick={() => send({ type: 'PUBLISH', at: regionInputToIso(publishAt)! })}
              >
                Запланировать
              </button>
              {post.scheduledAt && (
                <p className="text-sm">Запланировано на {formatDeadline(post.scheduledAt)}</p>
              )}
            </div>
          )}
          {allowed.has('WRITE_IN_HOUSE') && (
            <button
              className="btn-secondary w-full"
              onClick={() => send({ type: 'WRITE_IN_HOUSE' })}
              disabled={act.isPending}
            >
              Написать силами ЦСМ
            </button>
          )}
          {allowed.has('RETURN_TO_DEPARTMENT') && (
            <CommentAction
              label="Вернуть департаменту"
              prompt="Что доработать? (департамент получит новый срок)"
              confirm="Вернуть"
              busy={act.isPending}
              onSubmit={(comment) => send({ type: 'RETURN_TO_DEPARTMENT', comment })}
            />
          )}
          {allowed.has('REASSIGN') && (
            <div className="space-y-2">
              <label htmlFor="reassign" className="label">
                Передать другому департаменту
              </label>
              <DepartmentSelect
                id="reassign"
                value={reassignTo}
                onChange={setReassignTo}
                placeholder="Выберите…"
                exclude={post.departmentId}
              />
              <button
                className="btn-secondary w-full"
                disabled={!reassignTo || act.isPending}
                onClick={() => send({ type: 'REASSIGN', departmentId: reassignTo })}
              >
                Передать
              </button>
            </div>
          )}
          {allowed.has('CANCEL') && (
            <CommentAction
              label="Отменить"
              tone="danger"
              prompt="Причина отмены"
              confirm="Отменить публикацию"
              busy={act.isPending}
              onSubmit={(reason) => send({ type: 'CANCEL', reason })}
            />
          )}
          {post.context.links.length > 0 && (
            <div className="text-sm">
              <h3 className="font-semibold">Ссылки</h3>
              <ul>
                {post.context.links.map((l) => (
                  <li key={l.url}>
                    <a
                      className="text-brand-700 underline"
                      href={l.url}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {l.url}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ErrorNote
            error={act.error && !(act.error as { status?: number }).status ? act.error : null}
          />
        </div>
      </aside>
    </div>
  )
}
