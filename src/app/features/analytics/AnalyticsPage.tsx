import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { Link } from 'wouter'
import { figureColumns, formatFigure, outcomeLabels } from '../../../domain/analytics/columns'
import type { TrendBucket } from '../../../domain/analytics/figures'
import { addDays, toRegion } from '../../../domain/calendar/region'
import type { DrillFigure } from '../../../shared/api/analytics-contract'
import type { UserDto } from '../../../shared/api/contract'
import { formatDeadline } from '../../lib/format'
import { ChartControls, DepartmentsTable } from './DepartmentsTable'
import { useSortedDepartments } from './sortable-departments'
import { binLabel, bucketLabel, DistributionChart, RateChart } from './charts'
import {
  exportUrl,
  reportQuery,
  requestsQuery,
  type DrillFilter,
  type PeriodFilter,
} from './queries'

/** Which requests a column's figure counts, for the drill-down. */
const drillOf: Record<string, Pick<DrillFilter, 'figure' | 'kind'>> = {
  received: { figure: 'received' },
  onTime: { figure: 'onTime' },
  late: { figure: 'late' },
  open: { figure: 'open' },
  withdrawn: { figure: 'withdrawn' },
  onTimeRate: { figure: 'received' },
  regularMedian: { figure: 'answered', kind: 'regular' },
  regularP90: { figure: 'answered', kind: 'regular' },
  urgent: { figure: 'received', kind: 'urgent' },
  urgentMedian: { figure: 'answered', kind: 'urgent' },
  urgentP90: { figure: 'answered', kind: 'urgent' },
  returns: { figure: 'returned' },
  returnsPerRequest: { figure: 'returned' },
}

const figureNames: Record<DrillFigure, string> = {
  received: 'все запросы',
  onTime: 'ответы в срок',
  late: 'с опозданием',
  open: 'в работе',
  withdrawn: 'снятые запросы',
  returned: 'возвращённые на доработку',
  answered: 'запросы с ответом',
}

// The comments' tab is its own chunk: loaded when it is opened.
const CommentsAnalytics = lazy(() => import('./CommentsAnalytics'))

const today = () => toRegion(new Date()).date
function presets() {
  const d = today()
  const monthStart = `${d.slice(0, 8)}01`
  const prevMonthEnd = addDays(monthStart, -1)
  const prevMonthStart = `${prevMonthEnd.slice(0, 8)}01`
  const y = Number(d.slice(0, 4))
  const m = Number(d.slice(5, 7))
  const quarterStart =
    m > 2
      ? `${y}-${String(m - 2).padStart(2, '0')}-01`
      : `${y - 1}-${String(m + 10).padStart(2, '0')}-01`
  return [
    { label: 'Этот месяц', from: monthStart, to: d },
    { label: 'Прошлый месяц', from: prevMonthStart, to: prevMonthEnd },
    { label: 'Три месяца', from: quarterStart, to: d },
    { label: 'С начала года', from: `${y}-01-01`, to: d },
  ]
}

const ru = (iso: string) => iso.split('-').reverse().join('.')

/**
 * Department discipline for the SMC and the admin: a sortable table of departments (each
 * figure opens the requests behind it), the on-time rate by week or month, the distribution of
 * response times, and the CSV/XLSX export of the same table.
 */
export default function AnalyticsPage({ me }: { me: UserDto }) {
  const initial = presets()[2]!
  const [period, setPeriod] = useState<PeriodFilter>({ from: initial.from, to: initial.to })
  const [draft, setDraft] = useState(period)
  const [chartDepartment, setChartDepartment] = useState('')
  const [by, setBy] = useState<'week' | 'month'>('week')
  const [drill, setDrill] = useState<(DrillFilter & { caption: string }) | null>(null)
  const [view, setView] = useState<'requests' | 'comments'>('requests')

  const report = useQuery({ ...reportQuery(period), enabled: view === 'requests' })
  const chartReport = useQuery({
    ...reportQuery({ ...period, department: chartDepartment }),
    enabled: chartDepartment !== '',
  })
  const charts = chartDepartment ? chartReport.data : report.data

  const sorted = useSortedDepartments(report.data?.departments, figureColumns)

  const open = (
    f: Omit<DrillFilter, 'from' | 'to'> & { from?: string; to?: string },
    caption: string,
  ) => setDrill({ ...period, ...f, caption })
  const depName = (id: string) =>
    report.data?.departments.find((d) => d.departmentId === id)?.shortName ?? id

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Дисциплина департаментов</h1>
          <p className="text-slate-600">
            Запросы материалов для постов и ответы на комментарии жителей: сколько ответов пришло в
            срок, как быстро, сколько раз их возвращали на доработку.
          </p>
        </div>
      </div>

      <form
        className="card flex flex-wrap items-end gap-4 p-4"
        onSubmit={(e) => {
          e.preventDefault()
          if (draft.from && draft.to) setPeriod({ from: draft.from, to: draft.to })
        }}
      >
        <label className="space-y-1">
          <span className="label">С</span>
          <input
            type="date"
            className="field"
            value={draft.from}
            max={draft.to}
            required
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label className="space-y-1">
          <span className="label">По</span>
          <input
            type="date"
            className="field"
            value={draft.to}
            min={draft.from}
            required
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          Показать
        </button>
        <div className="flex flex-wrap gap-2" role="group" aria-label="Быстрый выбор периода">
          {presets().map((p) => (
            <button
              key={p.label}
              type="button"
              className="btn btn-secondary"
              aria-pressed={p.from === period.from && p.to === period.to}
              onClick={() => {
                setDraft({ from: p.from, to: p.to })
                setPeriod({ from: p.from, to: p.to })
                setDrill(null)
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
      </form>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex gap-1" role="group" aria-label="Что показать">
          {(
            [
              ['requests', 'Запросы материалов'],
              ['comments', 'Комментарии жителей'],
            ] as const
          ).map(([v, label]) => (
            <button
              key={v}
              type="button"
              className="btn btn-secondary"
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <a className="btn btn-secondary" href={exportUrl(period, 'xlsx')} download>
            Скачать XLSX
          </a>
          <a className="btn btn-secondary" href={exportUrl(period, 'csv')} download>
            Скачать CSV
          </a>
        </div>
      </div>

      {view === 'comments' && (
        <Suspense fallback={<p role="status">Загрузка…</p>}>
          <CommentsAnalytics period={period} />
        </Suspense>
      )}

      {view === 'requests' && report.isPending && <p role="status">Считаем показатели…</p>}
      {view === 'requests' && report.error && (
        <p role="alert" className="card border-red-300 p-4 text-red-800">
          {report.error.message}
        </p>
      )}

      {view === 'requests' && report.data && (
        <>
          <section aria-labelledby="table-title" className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="table-title" className="text-lg font-semibold">
                Запросы материалов, {ru(report.data.period.from)} – {ru(report.data.period.to)}
              </h2>
            </div>
            <p className="text-sm text-slate-600" data-testid="calendar-version">
              Календарь: {report.data.calendar.label}. Обычные запросы — в рабочих часах, поручения
              губернатора — в часах. Нажмите на число, чтобы увидеть запросы за ним.
            </p>
            <DepartmentsTable
              testId="departments-table"
              caption="Показатели департаментов за период; заголовки столбцов сортируют таблицу"
              columns={figureColumns}
              sorted={sorted}
              total={report.data.total}
              noun="запросы"
              onDrill={(key, label, d) =>
                open(
                  { ...drillOf[key]!, ...(d && { department: d.departmentId }) },
                  `${d ? d.shortName : 'Все департаменты'}: ${label}`,
                )
              }
            />
          </section>

          {drill && (
            <DrillDown
              filter={drill}
              canOpenPosts={me.role === 'editor'}
              onClose={() => setDrill(null)}
              depName={depName}
            />
          )}

          <section aria-labelledby="charts-title" className="space-y-4">
            <div className="flex flex-wrap items-center gap-4">
              <h2 id="charts-title" className="text-lg font-semibold">
                Графики
              </h2>
              <ChartControls
                departments={report.data.departments}
                department={chartDepartment}
                onDepartment={setChartDepartment}
                by={by}
                onBy={setBy}
                groupLabel="Шаг графика"
              />
            </div>
            {charts && (
              <div className="grid gap-6 lg:grid-cols-2">
                <div className="card p-4">
                  <h3 className="mb-2 font-semibold">Доля ответов в срок</h3>
                  <RateChart
                    buckets={charts.trend[by]}
                    title={`Доля ответов в срок ${by === 'week' ? 'по неделям' : 'по месяцам'}`}
                    onSelect={(b: TrendBucket) =>
                      open(
                        {
                          figure: 'received',
                          from: b.from,
                          to: b.to,
                          department: chartDepartment || undefined,
                        },
                        `${chartDepartment ? depName(chartDepartment) : 'Все департаменты'}: запросы за ${bucketLabel(b)}`,
                      )
                    }
                  />
                </div>
                <div className="card p-4">
                  <h3 className="mb-2 font-semibold">Время ответа на обычные запросы</h3>
                  <DistributionChart
                    bins={charts.distribution.regular.bins}
                    unit={charts.distribution.regular.unit}
                    title="Распределение времени ответа на обычные запросы"
                    onSelect={(i) =>
                      open(
                        {
                          figure: 'answered',
                          kind: 'regular',
                          bin: i,
                          department: chartDepartment || undefined,
                        },
                        `Время ответа: ${binLabel(charts.distribution.regular.bins[i]!, charts.distribution.regular.unit)}`,
                      )
                    }
                  />
                </div>
                {charts.total.response.urgent.count > 0 && (
                  <div className="card p-4">
                    <h3 className="mb-2 font-semibold">Время ответа на поручения губернатора</h3>
                    <DistributionChart
                      bins={charts.distribution.urgent.bins}
                      unit={charts.distribution.urgent.unit}
                      title="Распределение времени ответа на поручения губернатора"
                      onSelect={(i) =>
                        open(
                          {
                            figure: 'answered',
                            kind: 'urgent',
                            bin: i,
                            department: chartDepartment || undefined,
                          },
                          `Поручения, время ответа: ${binLabel(charts.distribution.urgent.bins[i]!, charts.distribution.urgent.unit)}`,
                        )
                      }
                    />
                  </div>
                )}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  )
}

function DrillDown({
  filter,
  canOpenPosts,
  onClose,
  depName,
}: {
  filter: DrillFilter & { caption: string }
  canOpenPosts: boolean
  onClose: () => void
  depName: (id: string) => string
}) {
  const { caption, ...query } = filter
  const { data, isPending, error } = useQuery(requestsQuery(query))
  return (
    <section aria-labelledby="drill-title" className="card space-y-3 p-4" data-testid="drill-down">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="drill-title" className="text-lg font-semibold">
          {caption} — {figureNames[filter.figure]}
          {data && <span className="ml-2 text-slate-600">({data.items.length})</span>}
        </h2>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Закрыть список
        </button>
      </div>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && data.items.length === 0 && <p>Запросов нет.</p>}
      {data && data.items.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left">
                <th className="px-2 py-1">Пост</th>
                <th className="px-2 py-1">Департамент</th>
                <th className="px-2 py-1">Запрос получен</th>
                <th className="px-2 py-1">Срок</th>
                <th className="px-2 py-1">Первый ответ</th>
                <th className="px-2 py-1">Итог</th>
                <th className="px-2 py-1 text-right">Время ответа</th>
                <th className="px-2 py-1">Возвраты</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr
                  key={`${r.postId}-${r.departmentId}`}
                  className="border-b border-slate-100 align-top"
                >
                  <td className="px-2 py-1">
                    {canOpenPosts ? (
                      <Link href={`/posts/${r.postId}`} className="text-brand-700 underline">
                        {r.title}
                      </Link>
                    ) : (
                      r.title
                    )}
                    {r.kind === 'urgent' && (
                      <span className="ml-1 text-xs text-red-800">поручение</span>
                    )}
                  </td>
                  <td className="px-2 py-1">{depName(r.departmentId) || r.departmentName}</td>
                  <td className="px-2 py-1 whitespace-nowrap">{formatDeadline(r.receivedAt)}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {formatDeadline(r.dueAt)}
                    {r.provisional && <span className="ml-1 text-xs text-amber-800">(предв.)</span>}
                  </td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {r.firstAnsweredAt ? formatDeadline(r.firstAnsweredAt) : '—'}
                  </td>
                  <td className="px-2 py-1">{outcomeLabels[r.outcome]}</td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {r.responseHours === null
                      ? '—'
                      : `${formatFigure(r.responseHours, 'hours')} ${r.responseUnit === 'hours' ? 'ч' : 'раб. ч'}`}
                  </td>
                  <td className="px-2 py-1">
                    {r.returns > 0
                      ? `${r.returns}: ${r.returnReasons.map((x) => `«${x}»`).join(', ')}`
                      : '—'}
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
