import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { PostDetailDto, UserDto } from '../../../shared/api/contract'
import { ActionButton } from '../../components/ActionButton'
import { PostCountdown } from '../../components/PostCountdown'
import { TextEditor } from '../../components/TextEditor'
import { MediaPanel } from '../../components/MediaPanel'
import { Section } from '../../components/Section'
import { StateBadge, UrgentBadge } from '../../components/Badges'
import { toast } from '../../components/Toasts'
import { usePostDraft } from '../../lib/drafts'
import { formatFull } from '../../lib/format'
import { isConflict, useActions, usePostEvent } from '../../lib/post-actions'
import { postDetailQuery, postVersionQuery } from '../../lib/queries'
import { NotFound } from '../../components/NotFound'

export default function DepartmentPostPage({ id, me }: { id: string; me: UserDto }) {
  const { data: post, error, isPending } = useQuery(postDetailQuery(id))
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  return <DepartmentPost post={post} me={me} />
}

function DepartmentPost({ post, me }: { post: PostDetailDto; me: UserDto }) {
  // The one draft of this screen: what is typed is what «Отправить материал» sends.
  const draft = usePostDraft(post, me)
  const actions = useActions(post, me, draft.text)
  const act = usePostEvent(post.id)
  const [refused, setRefused] = useState<string | null>(null)
  const submit = actions.get('SUBMIT_DRAFT')
  const returned = [...post.context.comments].reverse().find((c) => c.kind === 'returnToDepartment')
  const submissions = post.history.filter((h) => h.event === 'SUBMIT_DRAFT')
  const sent = submissions
    .map((h) => ({ h, v: post.versions.find((v) => v.number === h.textVersion) }))
    .filter((x) => x.v)
  const empty = !draft.text.trim()

  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <div className="card space-y-3 p-6">
        <div className="flex flex-wrap gap-2">
          <StateBadge state={post.state} />
          {post.urgent && <UrgentBadge />}
        </div>
        <h1 className="text-2xl font-bold">{post.title}</h1>
        <p className="whitespace-pre-wrap text-slate-800">
          <span className="font-semibold">Что нужно: </span>
          {post.brief}
        </p>
        <PostCountdown post={post} size="lg" purpose="на подготовку материала" />
        {returned && post.state === 'awaitingDepartment' && (
          <p className="rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-300">
            <strong>ЦСМ вернул материал на доработку:</strong> «{returned.text}»
          </p>
        )}
      </div>
      {submit ? (
        <Section title="Ваш материал">
          <TextEditor
            detail={post}
            draft={draft}
            canEdit
            label="Текст для поста (факты, даты, цифры — без канцелярита)"
          />
          <div className="mt-4">
            <MediaPanel
              detail={post}
              canAttach={!!actions.get('ATTACH_MEDIA')?.enabled}
              canDetach={!!actions.get('DETACH_MEDIA')?.enabled}
            />
          </div>
          <div className="mt-5 space-y-2">
            {refused && (
              <p role="alert" className="rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-300">
                Материал не отправлен. {refused}
              </p>
            )}
            <ActionButton
              action={
                empty ? { ...submit, enabled: false, reason: 'Сначала напишите текст' } : submit
              }
              busy={act.isPending || (draft.dirty && draft.textMovedOn)}
              className="btn-primary min-h-12 text-base"
              onClick={() => {
                setRefused(null)
                act.mutate(
                  {
                    payload: {
                      type: 'SUBMIT_DRAFT',
                      text: draft.text,
                      textVersion: draft.baseTextVersion,
                    },
                    expectedVersion: draft.baseVersion,
                  },
                  {
                    onSuccess: () => {
                      draft.clear()
                      toast('Материал отправлен в ЦСМ', 'success')
                    },
                    onError: (e) => isConflict(e) && setRefused(e.message),
                  },
                )
              }}
            >
              Отправить материал в ЦСМ
            </ActionButton>
          </div>
        </Section>
      ) : (
        <p className="card p-5 text-slate-700">
          Материал у ЦСМ. Если его вернут на доработку, запрос снова появится во входящих.
        </p>
      )}
      {sent.length > 0 && (
        <Section title="Что вы отправляли">
          <ol className="space-y-3">
            {sent.map(({ h, v }) => (
              <li key={h.id} className="rounded-lg bg-slate-50 p-3">
                <div className="text-xs text-slate-600">
                  {h.actorName}, {formatFull(h.at)}
                </div>
                <SubmittedText post={post} number={v!.number} />
                {v!.media.length > 0 && (
                  <p className="mt-1 text-xs text-slate-600">Фото: {v!.media.length}</p>
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}
    </div>
  )
}

/** A submitted text: the last one comes with the post, earlier ones are fetched when shown. */
function SubmittedText({ post, number }: { post: PostDetailDto; number: number }) {
  const known =
    post.departmentMaterial?.textVersion === number
      ? post.departmentMaterial.text
      : number === post.textVersion
        ? post.text
        : undefined
  const { data, error } = useQuery({
    ...postVersionQuery(post.id, number),
    enabled: known === undefined,
  })
  const text = known ?? data?.text
  if (error) {
    return (
      <p role="alert" className="mt-1 text-sm text-red-700">
        Не удалось загрузить текст: {error.message}
      </p>
    )
  }
  if (text === undefined) {
    return (
      <p role="status" className="mt-1 text-sm text-slate-600">
        Загружаю текст…
      </p>
    )
  }
  return <p className="mt-1 whitespace-pre-wrap">{text}</p>
}
