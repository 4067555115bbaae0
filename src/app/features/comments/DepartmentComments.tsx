import { useQuery } from '@tanstack/react-query'
import { Link } from 'wouter'
import { commentStateLabels } from '../../../domain/comment-lifecycle/wording'
import type { UserDto } from '../../../shared/api/contract'
import { useDepartmentName } from '../../lib/departments'
import { formatFull } from '../../lib/format'
import { CommentClock } from './CommentClock'
import { commentListQuery } from './queries'

/** A department's comments to answer: overdue first, then by clock (the server's order). */
export default function DepartmentComments({ me }: { me: UserDto }) {
  const { data, isPending, error } = useQuery(commentListQuery())
  const depName = useDepartmentName()
  const waiting = data?.items.filter((c) => c.state === 'withDepartment') ?? []
  const rest = data?.items.filter((c) => c.state !== 'withDepartment') ?? []

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Комментарии жителей</h1>
        <p className="text-sm text-slate-600">{depName(me.departmentId, true)}</p>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      <section aria-labelledby="to-answer" className="space-y-3">
        <h2 id="to-answer" className="text-lg font-semibold">
          Ждут ответа ({waiting.length})
        </h2>
        {data && waiting.length === 0 && (
          <p className="card p-5 text-slate-600">
            Комментариев, ждущих ответа, нет. Новые появятся здесь, как только ЦСМ их направит.
          </p>
        )}
        <ul className="space-y-3">
          {waiting.map((c) => (
            <li
              key={c.id}
              className={`card relative flex flex-wrap items-center gap-4 p-5 focus-within:ring-2 focus-within:ring-brand-600 hover:bg-slate-50 ${c.overdue ? 'ring-2 ring-red-400' : ''}`}
            >
              <div className="min-w-64 flex-1 space-y-1">
                {c.priority && (
                  <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                    Приоритетный
                  </span>
                )}
                {/* the link covers its whole card (::after): the row opens wherever it is tapped */}
                <Link
                  href={`/comments/${c.id}`}
                  className="block text-lg font-semibold text-brand-700 after:absolute after:inset-0 after:rounded-xl hover:underline focus:outline-none"
                >
                  {c.authorName}
                </Link>
                <p className="line-clamp-2 text-sm text-slate-700">{c.text}</p>
              </div>
              <CommentClock
                comment={c}
                kind={c.clockKind ?? undefined}
                startedAt={c.clockStartedAt}
                size="lg"
              />
            </li>
          ))}
        </ul>
      </section>
      {rest.length > 0 && (
        <section aria-labelledby="answered" className="space-y-3">
          <h2 id="answered" className="text-lg font-semibold">
            Остальные комментарии
          </h2>
          <ul className="card divide-y divide-slate-100">
            {rest.map((c) => (
              <li
                key={c.id}
                className="relative flex flex-wrap items-center gap-3 p-4 focus-within:ring-2 focus-within:ring-brand-600 hover:bg-slate-50"
              >
                <Link
                  href={`/comments/${c.id}`}
                  className="font-medium text-brand-700 after:absolute after:inset-0 hover:underline focus:outline-none"
                >
                  {c.authorName}
                </Link>
                <span className="line-clamp-1 flex-1 text-sm text-slate-600">{c.text}</span>
                <span className="text-sm text-slate-700">{commentStateLabels[c.state]}</span>
                <span className="text-xs text-slate-500">{formatFull(c.registeredAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
