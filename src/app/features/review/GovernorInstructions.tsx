import { useQuery } from '@tanstack/react-query'
import { Link } from 'wouter'
import type { PostSummaryDto } from '../../../shared/api/contract'
import { PostCountdown } from '../../components/PostCountdown'
import { StateBadge } from '../../components/Badges'
import { useDepartmentName } from '../../lib/departments'
import { Elapsed } from '../../components/Elapsed'
import { formatFull } from '../../lib/format'
import { postListQuery } from '../../lib/queries'

const ACTIVE = [
  'draft',
  'awaitingDepartment',
  'editing',
  'awaitingGovernor',
  'approved',
  'publishing',
]

/** Where the governor's instruction is now, in a few words: who holds it. */
function holder(p: PostSummaryDto, depName: (id: string | null) => string): string {
  switch (p.state) {
    case 'awaitingDepartment':
      return `у департамента: ${depName(p.departmentId)}`
    case 'draft':
      return 'запрос департаменту ЦСМ ещё не отправил'
    case 'editing':
      return 'у ЦСМ: готовят пост'
    case 'awaitingGovernor':
      return 'у вас на утверждении'
    case 'approved':
    case 'publishing':
      return 'у ЦСМ: публикуют'
    case 'published':
      return p.publishedAt ? `опубликован ${formatFull(p.publishedAt)}` : 'опубликован'
    case 'cancelled':
      return 'отменён'
    case 'rejected':
      return 'отклонён'
  }
}

/** «Мои поручения»: each urgent instruction he gave, where it stands, its clock, who holds it. */
export default function GovernorInstructions() {
  const { data, isPending, error } = useQuery(postListQuery({ mine: 'true' }))
  const depName = useDepartmentName()
  const items = [...(data?.items ?? [])].sort(
    (a, b) =>
      Number(ACTIVE.includes(b.state)) - Number(ACTIVE.includes(a.state)) ||
      b.createdAt.localeCompare(a.createdAt),
  )
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold">Мои поручения</h1>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && items.length === 0 && (
        <p className="card p-6 text-lg text-slate-700">
          Поручений пока нет. Данные вами поручения появятся здесь с таймером.
        </p>
      )}
      <ul className="space-y-4">
        {items.map((p) => (
          <li key={p.id}>
            <Link
              href={`/posts/${p.id}`}
              className="card block space-y-2 p-5 hover:ring-2 hover:ring-brand-600"
            >
              <div className="flex flex-wrap items-center gap-2 text-sm">
                {/* his instruction is not a draft to him: the SMC has it, the request not yet sent */}
                <StateBadge
                  state={p.state}
                  label={p.state === 'draft' ? 'Передано в ЦСМ' : undefined}
                />
                <span className="text-slate-700">{holder(p, depName)}</span>
              </div>
              <h2 className="text-xl font-semibold text-slate-900">{p.title}</h2>
              {p.deadlineAt ? (
                <PostCountdown post={p} purpose="у департамента" />
              ) : (
                ACTIVE.includes(p.state) && (
                  <Elapsed since={p.createdAt} className="text-base text-slate-700">
                    {(words) => `поручение дано ${words} назад`}
                  </Elapsed>
                )
              )}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
