import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'wouter'
import {
  checkerRuleLabels,
  commentColumns,
  commentOutcomeLabels,
  formatFigure,
} from '../../../domain/analytics/columns'
import type { CommentDrillFigure } from '../../../shared/api/analytics-contract'
import { formatDeadline } from '../../lib/format'
import { ChartControls, DepartmentsTable } from './DepartmentsTable'
import { useSortedDepartments } from './sortable-departments'
import { binLabel, bucketLabel, DistributionChart, RateChart, type ChartNouns } from './charts'
import {
  commentListQuery,
  commentsReportQuery,
  type CommentDrillFilter,
  type PeriodFilter,
} from './queries'

/** Which comments a column's figure counts, for the drill-down. */
const drillOf: Record<string, Pick<CommentDrillFilter, 'figure' | 'kind'>> = {
  registered: { figure: 'received' },
  onTime: { figure: 'onTime' },
  late: { figure: 'late' },
  open: { figure: 'open' },
  withdrawn: { figure: 'withdrawn' },
  onTimeRate: { figure: 'received' },
  median: { figure: 'answered', kind: 'comment' },
  p90: { figure: 'answered', kind: 'comment' },
  priority: { figure: 'received', kind: 'commentPriority' },
  priorityMedian: { figure: 'answered', kind: 'commentPriority' },
  priorityP90: { figure: 'answered', kind: 'commentPriority' },
  interim: { figure: 'interim' },
  finalMedian: { figure: 'final' },
  overdue: { figure: 'overdue' },
  overridden: { figure: 'overridden' },
  returns: { figure: 'returned' },
}

const figureNames: Record<CommentDrillFigure, string> = {
  received: 'все комментарии',
  onTime: 'ответы в срок',
  late: 'с опозданием',
  open: 'ждут ответа, срок не истёк',
  withdrawn: 'снятые',
  answered: 'комментарии с ответом',
  interim: 'с промежуточным ответом',
  final: 'окончательные ответы после промежуточных',
  overdue: 'с зафиксированной просрочкой',
  overridden: 'ответы с обходом проверки',
  returned: 'возвращённые департаменту',
}

const commentNouns: ChartNouns = {
  column: 'Комментариев',
  decided: 'с комментариями, по которым ясно, в срок ли ответ',
  none: 'За период нет комментариев, по которым уже ясно, в срок ли ответ.',
}

const ru = (iso: string) => iso.split('-').reverse().join('.')

const networkNames: Record<string, string> = { vk: 'ВКонтакте', ok: 'Одноклассники' }

/**
 * Citizens' comments for the same period: a sortable table of departments (each figure opens
 * the comments behind it), the on-time rate by week or month and the distribution of the
 * first answer's working hours. Its own chunk, loaded when the tab is opened.
 */
export default function CommentsAnalytics({ period }: { period: PeriodFilter }) {
  const [chartDepartment, setChartDepartment] = useState('')
  const [by, setBy] = useState<'week' | 'month'>('week')
  const [drill, setDrill] = useState<(CommentDrillFilter & { caption: string }) | null>(null)
  const report = useQuery(commentsReportQuery(period))
  const chartReport = useQuery({
    ...commentsReportQuery({ ...period, department: chartDepartment }),
    enabled: chartDepartment !== '',
  })
  const charts = chartDepartment ? chartReport.data : report.data

  const sorted = useSortedDepartments(report.data?.departments, commentColumns)

  const open = (
    f: Omit<CommentDrillFilter, 'from' | 'to'> & { from?: string; to?: string },
    caption: string,
  ) => setDrill({ ...period, ...f, caption })
  const depName = (id: string) =>
    report.data?.departments.find((d) => d.departmentId === id)?.shortName ?? id

  if (report.isPending) return <p role="status">Считаем показатели по комментариям…</p>
  if (report.error)
    return (
      <p role="alert" className="card border-red-300 p-4 text-red-800">
        {report.error.message}
      </p>
    )
  const data = report.data
  return (
    <div className="space-y-6">
      <section aria-labelledby="comments-table-title" className="space-y-3">
        <h2 id="comments-table-title" className="text-lg font-semibold">
          Ответы на комментарии жителей, {ru(data.period.from)} – {ru(data.period.to)}
        </h2>
        <p className="text-sm text-slate-600" data-testid="comments-calendar-version">
          Календарь: {data.calendar.label}. Срок ответа — в рабочих часах от регистрации комментария
          (приоритетные — отдельно); окончательный ответ после промежуточного — в рабочих часах от
          публикации промежуточного. Просрочка считается один раз на каждый срок. Нажмите на число,
          чтобы увидеть комментарии за ним.
        </p>
        <DepartmentsTable
          testId="comments-table"
          caption="Ответы департаментов на комментарии жителей за период; заголовки столбцов сортируют таблицу"
          columns={commentColumns}
          sorted={sorted}
          total={data.total}
          noun="комментарии"
          onDrill={(key, label, d) =>
            open(
              { ...drillOf[key]!, ...(d && { department: d.departmentId }) },
              `${d ? d.shortName : 'Все департаменты'}: ${label}`,
            )
          }
        />
      </section>

      {drill && (
        <CommentDrillDown filter={drill} onClose={() => setDrill(null)} depName={depName} />
      )}

      <section aria-labelledby="comments-charts-title" className="space-y-4">
        <div className="flex flex-wrap items-center gap-4">
          <h2 id="comments-charts-title" className="text-lg font-semibold">
            Графики по комментариям
          </h2>
          <ChartControls
            departments={data.departments}
            department={chartDepartment}
            onDepartment={setChartDepartment}
            by={by}
            onBy={setBy}
            groupLabel="Шаг графика по комментариям"
          />
        </div>
        {charts && (
          <div className="grid gap-6 lg:grid-cols-2">
            <div className="card p-4">
              <h3 className="mb-2 font-semibold">Доля ответов на комментарии в срок</h3>
              <RateChart
                buckets={charts.trend[by]}
                nouns={commentNouns}
                title={`Доля ответов на комментарии в срок ${by === 'week' ? 'по неделям' : 'по месяцам'}`}
                onSelect={(b) =>
                  open(
                    {
                      figure: 'received',
                      from: b.from,
                      to: b.to,
                      department: chartDepartment || undefined,
                    },
                    `${chartDepartment ? depName(chartDepartment) : 'Все департаменты'}: комментарии за ${bucketLabel(b)}`,
                  )
                }
              />
            </div>
            <div className="card p-4">
              <h3 className="mb-2 font-semibold">Время первого ответа на комментарии</h3>
              <DistributionChart
                bins={charts.distribution.comment.bins}
                unit={charts.distribution.comment.unit}
                title="Распределение времени первого ответа на комментарии"
                onSelect={(i) =>
                  open(
                    {
                      figure: 'answered',
                      kind: 'comment',
                      bin: i,
                      department: chartDepartment || undefined,
                    },
                    `Время ответа на комментарии: ${binLabel(charts.distribution.comment.bins[i]!, charts.distribution.comment.unit)}`,
                  )
                }
              />
            </div>
            {charts.total.response.commentPriority.count > 0 && (
              <div className="card p-4">
                <h3 className="mb-2 font-semibold">Время ответа на приоритетные комментарии</h3>
                <DistributionChart
                  bins={charts.distribution.commentPriority.bins}
                  unit={charts.distribution.commentPriority.unit}
                  title="Распределение времени ответа на приоритетные комментарии"
                  onSelect={(i) =>
                    open(
                      {
                        figure: 'answered',
                        kind: 'commentPriority',
                        bin: i,
                        department: chartDepartment || undefined,
                      },
                      `Приоритетные, время ответа: ${binLabel(charts.distribution.commentPriority.bins[i]!, charts.distribution.commentPriority.unit)}`,
                    )
                  }
                />
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  )
}

const hours = (h: number | null) => (h === null ? '—' : `${formatFigure(h, 'hours')} раб. ч`)

function CommentDrillDown({
  filter,
  onClose,
  depName,
}: {
  filter: CommentDrillFilter & { caption: string }
  onClose: () => void
  depName: (id: string) => string
}) {
  const { caption, ...query } = filter
  const { data, isPending, error } = useQuery(commentListQuery(query))
  return (
    <section
      aria-labelledby="comments-drill-title"
      className="card space-y-3 p-4"
      data-testid="comments-drill-down"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="comments-drill-title" className="text-lg font-semibold">
          {caption} — {figureNames[filter.figure]}
          {data && <span className="ml-2 text-slate-600">({data.items.length})</span>}
        </h2>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Закрыть список
        </button>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && data.items.length === 0 && <p>Комментариев нет.</p>}
      {data && data.items.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left">
                <th className="px-2 py-1">Комментарий</th>
                <th className="px-2 py-1">Департамент</th>
                <th className="px-2 py-1">Поступил</th>
                <th className="px-2 py-1">Срок</th>
                <th className="px-2 py-1">Первый ответ</th>
                <th className="px-2 py-1">Итог</th>
                <th className="px-2 py-1 text-right">Время ответа</th>
                <th className="px-2 py-1">Окончательный ответ</th>
                <th className="px-2 py-1">Отметки</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr
                  key={`${r.commentId}-${r.departmentId}`}
                  className="border-b border-slate-100 align-top"
                >
                  <td className="max-w-md px-2 py-1">
                    {/* a real link: Enter, a middle click or «open in a new tab» all work */}
                    <Link
                      href={`/comments/${r.commentId}`}
                      className="text-brand-700 underline"
                      data-testid="comment-link"
                    >
                      «{r.text}»
                    </Link>
                    <span className="block text-xs text-slate-600">
                      {r.authorName}, {networkNames[r.network] ?? r.network}
                      {r.kind === 'commentPriority' && (
                        <span className="ml-1 text-red-800">приоритетный</span>
                      )}
                    </span>
                  </td>
                  <td className="px-2 py-1">{depName(r.departmentId) || r.departmentName}</td>
                  <td className="px-2 py-1 whitespace-nowrap">{formatDeadline(r.receivedAt)}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {formatDeadline(r.dueAt)}
                    {r.provisional && <span className="ml-1 text-xs text-amber-800">(предв.)</span>}
                  </td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {r.firstAnsweredAt ? formatDeadline(r.firstAnsweredAt) : '—'}
                    {r.interimPostedAt && (
                      <span className="block text-xs text-slate-600">промежуточный</span>
                    )}
                  </td>
                  <td className="px-2 py-1">{commentOutcomeLabels[r.outcome]}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{hours(r.responseHours)}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {r.finalDueAt ? (
                      <>
                        {r.finalAnsweredAt ? formatDeadline(r.finalAnsweredAt) : 'ещё нет'}
                        <span className="block text-xs text-slate-600">
                          срок {formatDeadline(r.finalDueAt)}
                          {r.finalResponseHours !== null && `, ${hours(r.finalResponseHours)}`}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="px-2 py-1">
                    <ul className="space-y-1">
                      {r.overdue > 0 && <li>Просрочка зафиксирована</li>}
                      {r.returns > 0 && (
                        <li>Возвращён: {r.returnReasons.map((x) => `«${x}»`).join(', ')}</li>
                      )}
                      {r.overrides.map((o) => (
                        <li key={o.at}>
                          Проверка обойдена (
                          {o.rules.map((x) => checkerRuleLabels[x] ?? x).join(', ')}): «{o.reason}»
                        </li>
                      ))}
                    </ul>
                    {r.overdue === 0 && r.returns === 0 && r.overrides.length === 0 && '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
