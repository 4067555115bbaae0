import { useQuery } from '@tanstack/react-query'
import { useId, type ReactNode } from 'react'
import { Link, useSearch, useLocation } from 'wouter'
import { channelLabels } from '../../../domain/channels'
import { commentStateLabels } from '../../../domain/comment-lifecycle/wording'
import type { CommentSummaryDto } from '../../../shared/api/comments-contract'
import type { UserDto } from '../../../shared/api/contract'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { useDepartmentName } from '../../lib/departments'
import { formatFull } from '../../lib/format'
import { CommentClock } from './CommentClock'
import { commentCountsQuery, commentListQuery } from './queries'
import { Triage } from './Triage'
import { allowedOnSummary } from './allowed'

const OPEN = 'registered,withDepartment,inReview,posting'
const CLOSED = 'answered,noAnswerNeeded,withdrawn'

/**
 * The SMC's queue of citizens' comments: new ones to route first, then answers to review, then
 * what the departments are writing, then replies going out — each overdue first, then by clock
 * (the server's order). A department filter narrows every group; the counts are the server's.
 */
export default function SmcComments({ me }: { me: UserDto }) {
  const search = new URLSearchParams(useSearch())
  const [, navigate] = useLocation()
  const department = search.get('department') ?? ''
  const filterId = useId()
  const open = useQuery(commentListQuery({ state: OPEN, department }))
  const closed = useQuery(commentListQuery({ state: CLOSED, department }))
  const counts = useQuery(commentCountsQuery(department))
  const depName = useDepartmentName()
  const items = open.data?.items ?? []
  const of = (state: CommentSummaryDto['state']) => items.filter((c) => c.state === state)
  const n = (state: CommentSummaryDto['state']) => counts.data?.byState[state] ?? of(state).length

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Комментарии жителей</h1>
          <p className="text-sm text-slate-600">
            Новые: {n('registered')} · На проверке ЦСМ: {n('inReview')} · У департаментов:{' '}
            {n('withDepartment')} · Публикуются: {n('posting')}
            {counts.data && counts.data.overdue > 0 && (
              <span className="font-semibold text-red-800">
                {' '}
                · Просрочено: {counts.data.overdue}
              </span>
            )}
          </p>
        </div>
        <div className="w-64">
          <label htmlFor={filterId} className="label">
            Департамент
          </label>
          <DepartmentSelect
            id={filterId}
            value={department}
            onChange={(d) => navigate(d ? `/comments?department=${d}` : '/comments')}
            placeholder="Все департаменты"
          />
        </div>
      </div>
      {open.isPending && <p role="status">Загрузка…</p>}
      {open.error && <p role="alert">{open.error.message}</p>}

      <Group
        id="new"
        title={`Новые — направьте департаменту (${n('registered')})`}
        empty={
          department
            ? 'Новые комментарии ещё не направлены ни одному департаменту: уберите фильтр, чтобы их увидеть.'
            : 'Новых комментариев нет. Они появятся здесь сразу после регистрации — страницу обновлять не нужно.'
        }
        items={of('registered')}
        render={(c) => (
          <Card comment={c} depName={depName}>
            <Triage comment={c} allowed={allowedOnSummary(c, me)} compact />
          </Card>
        )}
      />
      <Group
        id="review"
        title={`Ответы на проверке ЦСМ (${n('inReview')})`}
        empty="Ответов на проверке нет."
        items={of('inReview')}
        render={(c) => (
          <Card comment={c} depName={depName} clock>
            <Link href={`/comments/${c.id}`} className="btn-primary inline-flex items-center">
              Проверить ответ
            </Link>
          </Card>
        )}
      />
      <Group
        id="departments"
        title={`Ждут ответа департаментов (${n('withDepartment')})`}
        empty="Сейчас департаменты ничего не пишут."
        items={of('withDepartment')}
        render={(c) => <Card comment={c} depName={depName} clock />}
      />
      <Group
        id="posting"
        title={`Ответы публикуются (${n('posting')})`}
        empty="Сейчас ничего не публикуется."
        items={of('posting')}
        render={(c) => (
          <Card comment={c} depName={depName}>
            {c.replyTrouble && (
              <p className="text-sm font-semibold text-amber-900">
                Нужно ваше действие: откройте и укажите, опубликован ли ответ
              </p>
            )}
          </Card>
        )}
      />
      <details className="card p-5">
        <summary className="cursor-pointer text-lg font-semibold">
          Закрытые (
          {(counts.data?.byState.answered ?? 0) +
            (counts.data?.byState.noAnswerNeeded ?? 0) +
            (counts.data?.byState.withdrawn ?? 0)}
          )
        </summary>
        <ul className="mt-3 divide-y divide-slate-100">
          {(closed.data?.items ?? []).map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-3 py-3">
              <Link href={`/comments/${c.id}`} className="font-medium text-brand-700 underline">
                {c.authorName}
              </Link>
              <span className="line-clamp-1 flex-1 text-sm text-slate-700">{c.text}</span>
              <span className="text-sm text-slate-700">{commentStateLabels[c.state]}</span>
              <span className="text-xs text-slate-600">{formatFull(c.registeredAt)}</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  )
}

function Group({
  id,
  title,
  empty,
  items,
  render,
}: {
  id: string
  title: string
  empty: string
  items: CommentSummaryDto[]
  render: (c: CommentSummaryDto) => ReactNode
}) {
  return (
    <section aria-labelledby={`group-${id}`} className="space-y-3">
      <h2 id={`group-${id}`} className="text-lg font-semibold">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="card p-5 text-slate-600">{empty}</p>
      ) : (
        <ul className="space-y-3">
          {items.map((c) => (
            <li key={c.id}>{render(c)}</li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Card({
  comment: c,
  depName,
  clock = false,
  children,
}: {
  comment: CommentSummaryDto
  depName: (id: string | null) => string
  clock?: boolean
  children?: ReactNode
}) {
  return (
    <article
      aria-label={`Комментарий: ${c.authorName}`}
      className={`card flex flex-wrap gap-4 p-5 ${c.overdue ? 'ring-2 ring-red-400' : ''}`}
    >
      <div className="min-w-64 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {c.priority && (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
              Приоритетный
            </span>
          )}
          {c.overdue && (
            <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">
              Просрочен
            </span>
          )}
          <span>{channelLabels[c.network]}</span>
          <span>· зарегистрирован {formatFull(c.registeredAt)}</span>
          {c.departmentId && <span>· {depName(c.departmentId)}</span>}
        </div>
        <Link
          href={`/comments/${c.id}`}
          className="block text-lg font-semibold text-brand-700 hover:underline"
        >
          {c.authorName}
        </Link>
        <p className="line-clamp-3 text-slate-800">{c.text}</p>
        {children && <div className="pt-2">{children}</div>}
      </div>
      {clock && (
        <CommentClock
          comment={c}
          kind={c.clockKind ?? undefined}
          startedAt={c.clockStartedAt}
          size="lg"
        />
      )}
    </article>
  )
}
