import { useQuery } from '@tanstack/react-query'
import { Link } from 'wouter'
import type { UserDto } from '../../../shared/api/contract'
import { PostCountdown } from '../../components/PostCountdown'
import { StateBadge, UrgentBadge } from '../../components/Badges'
import { useDepartmentName } from '../../lib/departments'
import { formatFull } from '../../lib/format'
import { postListQuery } from '../../lib/queries'

/** A department contact's inbox: only its own requests, the most urgent first, big clocks. */
export default function DepartmentInbox({ me }: { me: UserDto }) {
  const { data, isPending, error } = useQuery(postListQuery({}))
  const depName = useDepartmentName()
  const waiting = data?.items.filter((p) => p.state === 'awaitingDepartment') ?? []
  const rest =
    data?.items.filter((p) => p.state !== 'awaitingDepartment' && p.state !== 'draft') ?? []

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Запросы ЦСМ</h1>
        <p className="text-sm text-slate-600">{depName(me.departmentId, true)}</p>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      <section aria-labelledby="waiting" className="space-y-3">
        <h2 id="waiting" className="text-lg font-semibold">
          Ждут вашего материала ({waiting.length})
        </h2>
        {data && waiting.length === 0 && (
          <p className="card p-5 text-slate-600">Новых запросов нет.</p>
        )}
        <ul className="space-y-3">
          {waiting.map((p) => (
            <li
              key={p.id}
              className={`card flex flex-wrap items-center gap-4 p-5 ${p.overdue ? 'ring-2 ring-red-400' : ''}`}
            >
              <div className="min-w-64 flex-1 space-y-1">
                <div className="flex flex-wrap gap-2">{p.urgent && <UrgentBadge />}</div>
                <Link
                  href={`/posts/${p.id}`}
                  className="text-lg font-semibold text-brand-700 hover:underline"
                >
                  {p.title}
                </Link>
                <p className="line-clamp-2 text-sm text-slate-700">{p.brief}</p>
              </div>
              <PostCountdown post={p} size="lg" purpose="на подготовку материала" />
            </li>
          ))}
        </ul>
      </section>
      {rest.length > 0 && (
        <section aria-labelledby="sent" className="space-y-3">
          <h2 id="sent" className="text-lg font-semibold">
            Отправлено
          </h2>
          <ul className="card divide-y divide-slate-100">
            {rest.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <Link
                  href={`/posts/${p.id}`}
                  className="flex-1 font-medium text-brand-700 hover:underline"
                >
                  {p.title}
                </Link>
                <StateBadge state={p.state} />
                <span className="text-xs text-slate-600">{formatFull(p.updatedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
