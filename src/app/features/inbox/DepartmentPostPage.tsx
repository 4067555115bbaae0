import { useQuery } from '@tanstack/react-query'
import type { UserDto } from '../../../shared/api/contract'
import { PostCountdown } from '../../components/PostCountdown'
import { TextEditor } from '../../components/TextEditor'
import { MediaPanel } from '../../components/MediaPanel'
import { Section, StateBadge, UrgentBadge } from '../../components/bits'
import { toast } from '../../components/Toasts'
import { formatFull } from '../../lib/format'
import { useAllowed } from '../../lib/post-actions'
import { postDetailQuery } from '../../lib/queries'
import { NotFound } from '../post/EditorPostPage'

export default function DepartmentPostPage({ id, me }: { id: string; me: UserDto }) {
  const { data: post, error, isPending } = useQuery(postDetailQuery(id))
  const allowed = useAllowed(post, me)
  if (isPending) return <p role="status">Загрузка…</p>
  if (error) return <NotFound message={error.message} />
  const returned = [...post.context.comments].reverse().find((c) => c.kind === 'returnToDepartment')
  const mine = post.versions.filter((v) => v.authorRole === 'department' && v.text.trim() !== '')

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
      {allowed.has('SUBMIT_DRAFT') ? (
        <Section title="Ваш материал">
          <TextEditor
            detail={post}
            me={me}
            eventType="SUBMIT_DRAFT"
            canEdit
            label="Текст для поста (факты, даты, цифры — без канцелярита)"
            saveLabel="Отправить материал в ЦСМ"
            onSaved={() => toast('Материал отправлен в ЦСМ', 'success')}
          />
          <div className="mt-4">
            <MediaPanel
              detail={post}
              canAttach={allowed.has('ATTACH_MEDIA')}
              canDetach={allowed.has('DETACH_MEDIA')}
            />
          </div>
        </Section>
      ) : (
        <p className="card p-5 text-slate-700">
          Материал у ЦСМ. Если его вернут на доработку, запрос снова появится во входящих.
        </p>
      )}
      {mine.length > 0 && (
        <Section title="Что вы отправляли">
          <ol className="space-y-3">
            {mine.map((v) => (
              <li key={v.number} className="rounded-lg bg-slate-50 p-3">
                <div className="text-xs text-slate-600">
                  {v.authorName}, {formatFull(v.createdAt)}
                </div>
                <p className="mt-1 whitespace-pre-wrap">{v.text}</p>
                {v.media.length > 0 && (
                  <p className="mt-1 text-xs text-slate-600">Фото: {v.media.length}</p>
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}
    </div>
  )
}
