import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { Link, useLocation, useSearch } from 'wouter'
import { stateLabels, type PostStateValue } from '../../../domain/post-lifecycle/machine'
import type { PostSummaryDto } from '../../../shared/api/contract'
import { Countdown } from '../../components/Countdown'
import { StateBadge, UrgentBadge } from '../../components/Badges'
import { useDepartmentName } from '../../lib/departments'
import { useCalendar } from '../../lib/calendar'
import { Elapsed } from '../../components/Elapsed'
import { formatDeadline, pluralRu, units } from '../../lib/format'
import { departmentsQuery, postListQuery, type PostFilters } from '../../lib/queries'

const IN_FLIGHT: PostStateValue[] = [
  'awaitingDepartment',
  'editing',
  'awaitingGovernor',
  'approved',
  'publishing',
  'draft',
]
const FINISHED: PostStateValue[] = ['published', 'cancelled', 'rejected']

/** The SMC's desk: every post in flight, grouped by stage, overdue first, filters in the URL. */
export default function EditorDashboard() {
  const search = useSearch()
  const [, navigate] = useLocation()
  const params = new URLSearchParams(search)
  const filters: PostFilters = {
    state: params.get('state') ?? IN_FLIGHT.join(','),
    department: params.get('department') ?? undefined,
    overdue: flag(params.get('overdue')),
    urgent: flag(params.get('urgent')),
    q: params.get('q') ?? undefined,
  }
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(search)
    if (value) next.set(key, value)
    else next.delete(key)
    navigate(`/dashboard${next.size ? `?${next}` : ''}`, { replace: true })
  }
  const { data, isPending, error } = useQuery(postListQuery(filters))
  const departments = useQuery(departmentsQuery)

  // The governor's instructions come first, whatever their stage; the rest by stage.
  const instructions = useMemo(
    () => (data?.items ?? []).filter((p) => p.urgent && IN_FLIGHT.includes(p.state)),
    [data],
  )
  const groups = useMemo(() => {
    const byState = new Map<PostStateValue, PostSummaryDto[]>()
    for (const p of data?.items ?? []) {
      if (p.urgent && IN_FLIGHT.includes(p.state)) continue
      const list = byState.get(p.state) ?? []
      list.push(p)
      byState.set(p.state, list)
    }
    return [...IN_FLIGHT, ...FINISHED]
      .filter((s) => byState.has(s))
      .map((s) => [s, byState.get(s)!] as const)
  }, [data])
  const overdueCount = data?.items.filter((p) => p.overdue).length ?? 0

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Посты в работе</h1>
          <p className="text-sm text-slate-600" aria-live="polite">
            {data ? `${data.total} ${pluralRu(data.total, units.post)}` : ' '}
            {overdueCount > 0 && (
              <span className="font-semibold text-red-700"> · просрочено: {overdueCount}</span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href={params.get('state') === 'published' ? '/dashboard' : '/dashboard?state=published'}
            className="btn-secondary"
          >
            {params.get('state') === 'published' ? 'В работе' : 'Опубликованные'}
          </Link>
          <Link href="/requests/new" className="btn-primary">
            + Новый запрос
          </Link>
        </div>
      </div>

      <form
        role="search"
        className="card grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="lg:col-span-2">
          <label htmlFor="q" className="label">
            Поиск по заголовку
          </label>
          <input
            id="q"
            type="search"
            className="field"
            defaultValue={filters.q}
            onChange={(e) => setFilter('q', e.target.value.trim() || null)}
            placeholder="Например, поликлиника"
          />
        </div>
        <div>
          <label htmlFor="f-state" className="label">
            Этап
          </label>
          <select
            id="f-state"
            className="field"
            value={params.get('state') ?? ''}
            onChange={(e) => setFilter('state', e.target.value || null)}
          >
            <option value="">Все в работе</option>
            {[...IN_FLIGHT, ...FINISHED].map((s) => (
              <option key={s} value={s}>
                {stateLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-dep" className="label">
            Департамент
          </label>
          <select
            id="f-dep"
            className="field"
            value={filters.department ?? ''}
            onChange={(e) => setFilter('department', e.target.value || null)}
          >
            <option value="">Все</option>
            {departments.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.shortName}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex flex-col justify-end gap-1 text-sm">
          <legend className="sr-only">Отметки</legend>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={filters.overdue === 'true'}
              onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : null)}
            />{' '}
            Только просроченные
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={filters.urgent === 'true'}
              onChange={(e) => setFilter('urgent', e.target.checked ? 'true' : null)}
            />{' '}
            Только поручения
          </label>
        </fieldset>
      </form>

      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && data.items.length === 0 && (
        <p className="card p-6 text-slate-600">Ничего не найдено.</p>
      )}

      {instructions.length > 0 && (
        <section aria-labelledby="g-instructions" className="space-y-2">
          <h2 id="g-instructions" className="flex items-center gap-2 text-lg font-semibold">
            Поручения губернатора{' '}
            <span className="rounded-full bg-red-100 px-2 text-sm text-red-900">
              {instructions.length}
            </span>
          </h2>
          <ul className="card divide-y divide-slate-100 ring-2 ring-red-200">
            {instructions.map((p) => (
              <PostRow key={p.id} p={p} />
            ))}
          </ul>
        </section>
      )}

      {groups.map(([state, posts]) => (
        <section key={state} aria-labelledby={`g-${state}`} className="space-y-2">
          <h2 id={`g-${state}`} className="flex items-center gap-2 text-lg font-semibold">
            {stateLabels[state]}{' '}
            <span className="rounded-full bg-slate-200 px-2 text-sm">{posts.length}</span>
          </h2>
          <ul className="card divide-y divide-slate-100">
            {posts.map((p) => (
              <PostRow key={p.id} p={p} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}

function StageClock({
  post,
  calendar,
}: {
  post: PostSummaryDto
  calendar: import('../../../domain/calendar/working-calendar').WorkingCalendar | null
}) {
  if (post.state === 'awaitingDepartment' && post.deadlineAt && post.deadlineUnit) {
    return (
      <Countdown
        dueAt={post.deadlineAt}
        startedAt={post.clockStartedAt}
        unit={post.deadlineUnit}
        calendar={calendar}
        purpose="у департамента"
        provisional={post.deadlineProvisional}
      />
    )
  }
  if (post.state === 'awaitingGovernor' && post.awaitingGovernorSince)
    return (
      <Elapsed
        since={post.awaitingGovernorSince}
        grammarCase="nominative"
        className="text-sm text-amber-900"
      >
        {(words) => `У губернатора ${words}`}
      </Elapsed>
    )
  if (post.scheduledAt)
    return (
      <span className="text-sm text-slate-700">
        Публикация запланирована на {formatDeadline(post.scheduledAt)}
      </span>
    )
  if (post.plannedAt)
    return <span className="text-sm text-slate-600">План: {formatDeadline(post.plannedAt)}</span>
  if (post.urgent)
    return (
      <Elapsed since={post.createdAt} className="text-sm text-red-800">
        {(words) => `поручение дано ${words} назад`}
      </Elapsed>
    )
  return null
}

/** One post in the desk's list: title, department, marks, and the clock of its stage. */
function PostRow({ p }: { p: PostSummaryDto }) {
  const cal = useCalendar()
  const depName = useDepartmentName()
  return (
    <li
      className={`flex flex-wrap items-center gap-4 px-4 py-3 ${p.overdue ? 'bg-red-50/60' : ''}`}
    >
      <div className="min-w-64 flex-1">
        <Link href={`/posts/${p.id}`} className="font-semibold text-brand-700 hover:underline">
          {p.title}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>{depName(p.departmentId)}</span>
          {p.urgent && <UrgentBadge />}
          <StateBadge state={p.state} />
          {p.publicationTrouble && (
            <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-950">
              Публикация требует внимания
            </span>
          )}
        </div>
        {p.lastReturn && (
          <p className="mt-1 text-sm text-amber-950">
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold">
              возвращён
            </span>{' '}
            {p.lastReturn.byName}: «{p.lastReturn.text}»
          </p>
        )}
      </div>
      <StageClock post={p} calendar={cal?.calendar ?? null} />
    </li>
  )
}

/** A yes/no filter from the address: anything else is no filter. */
const flag = (v: string | null) => (v === 'true' || v === 'false' ? v : undefined)
