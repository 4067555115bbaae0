import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { channelLabels, type Channel } from '../../../domain/channels'
import type { PostDetailDto, UserDto } from '../../../shared/api/contract'
import { PostCountdown } from '../../components/PostCountdown'
import { HistoryTimeline } from '../../components/History'
import { ActionButton } from '../../components/ActionButton'
import { NotFound } from '../../components/NotFound'
import { ChannelList, ChannelName } from '../../components/ChannelName'
import { TextEditor } from '../../components/TextEditor'
import { VersionsPanel } from '../../components/VersionsPanel'
import { MediaPanel } from '../../components/MediaPanel'
import { CommentAction } from '../../components/CommentAction'
import { ErrorNote } from '../../components/ErrorNote'
import { Section } from '../../components/Section'
import { StateBadge, UrgentBadge } from '../../components/Badges'
import { client } from '../../lib/api'
import { useDepartmentName } from '../../lib/departments'
import { formatDeadline, formatFull, regionInputToIso } from '../../lib/format'
import { usePostDraft } from '../../lib/drafts'
import { useActions, usePostEvent } from '../../lib/post-actions'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { channelsQuery, postDetailQuery } from '../../lib/queries'
import { PublicationsPanel } from './PublicationsPanel'
import { linkLabel } from '../../lib/links'

export default function EditorPostPage({ id, me }: { id: string; me: UserDto }) {
  const { data: post, error, isPending } = useQuery(postDetailQuery(id))
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  return <EditorPost post={post} me={me} />
}

function EditorPost({ post, me }: { post: PostDetailDto; me: UserDto }) {
  // The one draft of this screen: the text box, the counters and «Отправить губернатору».
  const draft = usePostDraft(post, me)
  const actions = useActions(post, me, draft.text)
  const act = usePostEvent(post.id)
  const depName = useDepartmentName()
  const [reassignTo, setReassignTo] = useState('')
  const [publishAt, setPublishAt] = useState('')
  const send = (payload: Parameters<typeof act.mutate>[0]['payload']) =>
    act.mutate({ payload, expectedVersion: post.version })
  const material = post.departmentMaterial
  const materialVersion = material && post.versions.find((v) => v.number === material.textVersion)
  const lastComment = post.context.comments.at(-1)
  const edited = draft.dirty && draft.text.trim() !== post.text.trim()
  const waitingForLinks = post.state === 'publishing' && post.publicationTrouble
  const anyAction = [...actions.values()].length > 0

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
            Каналы: <ChannelList channels={post.channels} />
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
        </div>

        {material && materialVersion && (
          <Section title="Материал департамента">
            <p className="text-xs text-slate-600">
              {material.byName}, {formatFull(material.at)}
            </p>
            <p className="mt-2 whitespace-pre-wrap">{material.text}</p>
            {materialVersion.media.length > 0 && (
              <ul className="mt-3 flex flex-wrap gap-3" aria-label="Фото департамента">
                {materialVersion.media.map((m) => (
                  <li key={m.id}>
                    <img
                      src={client.media[':id'].$url({ param: { id: m.id } }).href}
                      alt={m.name}
                      className="h-20 w-20 rounded-lg object-cover ring-1 ring-slate-200"
                    />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}

        <Section title="Текст и фото">
          <TextEditor
            key={post.id}
            detail={post}
            draft={draft}
            canEdit={actions.has('EDIT_TEXT')}
            saveLabel="Сохранить текст"
          />
          <div className="mt-4">
            <MediaPanel
              detail={post}
              canAttach={!!actions.get('ATTACH_MEDIA')?.enabled}
              canDetach={!!actions.get('DETACH_MEDIA')?.enabled}
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
        <div className="card sticky top-[calc(var(--top,0px)+1rem)] space-y-3 p-4">
          <h2 className="font-semibold">Действия</h2>
          {!anyAction && !waitingForLinks && (
            <p className="text-sm text-slate-600">{idleText(post)}</p>
          )}
          {waitingForLinks && (
            <p className="text-sm text-amber-900">
              Пост ждёт вас в разделе «Публикация по каналам»: укажите ссылки на опубликованные
              посты или повторите отправку.
            </p>
          )}
          <ActionButton
            action={actions.get('SEND_REQUEST')}
            busy={act.isPending}
            className="btn-primary w-full"
            onClick={() => send({ type: 'SEND_REQUEST' })}
          >
            Отправить запрос департаменту
          </ActionButton>
          <ActionButton
            action={actions.get('SEND_TO_GOVERNOR')}
            busy={act.isPending || (draft.dirty && draft.textMovedOn)}
            className="btn-primary w-full"
            onClick={() =>
              act.mutate(
                {
                  payload: {
                    type: 'SEND_TO_GOVERNOR',
                    text: draft.text,
                    textVersion: draft.baseTextVersion,
                  },
                  expectedVersion: draft.baseVersion,
                },
                { onSuccess: () => draft.clear() },
              )
            }
          >
            {edited ? 'Сохранить и отправить губернатору' : 'Отправить губернатору'}
          </ActionButton>
          {actions.get('PUBLISH')?.enabled && (
            <PublishControls
              post={post}
              busy={act.isPending}
              publishAt={publishAt}
              setPublishAt={setPublishAt}
              onPublish={(at) => send(at ? { type: 'PUBLISH', at } : { type: 'PUBLISH' })}
            />
          )}
          {actions.get('PUBLISH') && !actions.get('PUBLISH')!.enabled && (
            <ActionButton
              action={actions.get('PUBLISH')}
              className="btn-success w-full"
              onClick={() => {}}
            >
              Опубликовать
            </ActionButton>
          )}
          <ActionButton
            action={actions.get('WRITE_IN_HOUSE')}
            busy={act.isPending}
            className="btn-secondary w-full"
            onClick={() => send({ type: 'WRITE_IN_HOUSE' })}
          >
            Написать силами ЦСМ
          </ActionButton>
          {actions.get('RETURN_TO_DEPARTMENT')?.enabled && (
            <CommentAction
              label="Вернуть департаменту"
              prompt="Что доработать? (департамент получит новый срок)"
              confirm="Вернуть"
              busy={act.isPending}
              onSubmit={(comment) => send({ type: 'RETURN_TO_DEPARTMENT', comment })}
            />
          )}
          {actions.get('REASSIGN')?.enabled && (
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
          {actions.get('CANCEL')?.enabled && (
            <CommentAction
              label="Отменить"
              tone="danger"
              prompt="Причина отмены"
              confirm="Отменить пост"
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
                    <ChannelName channel={l.channel as Channel} />:{' '}
                    <a
                      className="text-brand-700 underline"
                      href={l.url}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {linkLabel(l.url)}
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

function idleText(post: PostDetailDto): string {
  switch (post.state) {
    case 'awaitingDepartment':
      return 'Ждём материал департамента.'
    case 'awaitingGovernor':
      return 'Пост у губернатора: ждём его решения.'
    case 'publishing':
      return 'Пост публикуется: ссылки появятся здесь.'
    case 'published':
      return 'Пост опубликован.'
    case 'cancelled':
      return 'Пост отменён.'
    case 'rejected':
      return 'Губернатор отклонил пост.'
    default:
      return 'Сейчас ваших действий нет.'
  }
}

/**
 * «Опубликовать»: says before it is pressed which channels will not be sent automatically
 * (not configured), and asks to confirm publishing to the rest with those left for by hand.
 */
function PublishControls({
  post,
  busy,
  publishAt,
  setPublishAt,
  onPublish,
}: {
  post: PostDetailDto
  busy: boolean
  publishAt: string
  setPublishAt: (v: string) => void
  onPublish: (at?: string) => void
}) {
  const { data: modes } = useQuery(channelsQuery)
  const [confirming, setConfirming] = useState<'now' | 'later' | null>(null)
  const byHand = post.channels.filter((c) => c === 'manual' || modes?.get(c) === 'notConfigured')
  const automatic = post.channels.filter((c) => !byHand.includes(c))
  const handNames = byHand
    .map((c) => (c === 'manual' ? 'ручная публикация' : `${channelLabels[c]} (канал не настроен)`))
    .join(', ')
  const go = (when: 'now' | 'later') => {
    if (byHand.length > 0 && confirming !== when) return setConfirming(when)
    setConfirming(null)
    onPublish(when === 'later' ? regionInputToIso(publishAt)! : undefined)
  }
  return (
    <div className="space-y-2 rounded-lg bg-emerald-50 p-3">
      {byHand.length > 0 && (
        <p className="text-sm text-amber-950">
          Без автоматической отправки: {handNames}. Опубликуйте там сами и укажите ссылку на пост.
        </p>
      )}
      {confirming ? (
        <div role="alertdialog" aria-label="Подтвердите публикацию" className="space-y-2">
          <p className="text-sm font-medium">
            {automatic.length > 0
              ? `Опубликовать в: ${automatic.map((c) => channelLabels[c]).join(', ')}. `
              : 'Автоматически не уйдёт ни в один канал. '}
            Без автоматической отправки: {handNames}.
          </p>
          <button
            type="button"
            className="btn-success w-full"
            disabled={busy}
            onClick={() => go(confirming)}
          >
            {automatic.length > 0 ? 'Опубликовать, остальные — вручную' : 'Публиковать вручную'}
          </button>
          <button
            type="button"
            className="btn-secondary w-full"
            onClick={() => setConfirming(null)}
          >
            Отмена
          </button>
        </div>
      ) : (
        <>
          <button className="btn-success w-full" onClick={() => go('now')} disabled={busy}>
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
            disabled={!publishAt || busy}
            onClick={() => go('later')}
          >
            Запланировать
          </button>
        </>
      )}
      {post.scheduledAt && (
        <p className="text-sm">Запланировано на {formatDeadline(post.scheduledAt)}</p>
      )}
    </div>
  )
}
