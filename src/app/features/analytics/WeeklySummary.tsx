import { useQuery } from '@tanstack/react-query'
import type { WeeklySummaryRowDto } from '../../../shared/api/analytics-contract'
import { formatFigure } from '../../../domain/analytics/columns'
import { weeklyQuery } from './queries'

const dayMonth = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
})
const day = (iso: string) => dayMonth.format(new Date(`${iso}T12:00:00Z`))

/**
 * The governor's weekly summary on his tablet: last week's three best and three worst
 * departments. Its own small chunk, loaded only when he opens it (no charts, no tables).
 */
export default function WeeklySummary() {
  const { data, isPending, error } = useQuery(weeklyQuery)
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-bold">Итоги недели</h1>
      {isPending && <p role="status">Загрузка…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && (
        <>
          <p className="text-lg text-slate-700">
            Ответы департаментов на запросы ЦСМ с {day(data.period.from)} по {day(data.period.to)}.
          </p>
          {data.ranked === 0 ? (
            <p className="card p-6 text-lg">
              На прошлой неделе не было запросов, по которым уже ясно, ответили ли в срок.
            </p>
          ) : (
            <div className="grid gap-6 md:grid-cols-2">
              <Ranking title="Лучше всех" rows={data.best} tone="good" />
              {data.worst.length > 0 && <Ranking title="Хуже всех" rows={data.worst} tone="bad" />}
            </div>
          )}
          <section className="card space-y-3 p-5" aria-label="Ответы на комментарии жителей">
            <h2 className="text-xl font-semibold">Ответы на комментарии жителей</h2>
            {data.comments.onTimeRate === null ? (
              <p className="text-lg">
                На прошлой неделе не было комментариев, по которым уже ясно, ответили ли в срок.
              </p>
            ) : (
              <p className="text-lg">
                В срок — <strong>{formatFigure(data.comments.onTimeRate, 'rate')}</strong> (
                {data.comments.onTime} из {data.comments.onTime + data.comments.late}), просрочек —{' '}
                {data.comments.overdue}
              </p>
            )}
            {data.comments.latest.length > 0 && (
              <>
                <h3 className="font-semibold text-red-800">Чаще опаздывали с ответом</h3>
                <ol className="space-y-2">
                  {data.comments.latest.map((r) => (
                    <li
                      key={r.departmentId}
                      className="flex items-baseline justify-between gap-4 text-lg"
                    >
                      <span>{r.shortName}</span>
                      <span className="text-right tabular-nums">
                        <strong>{formatFigure(r.onTimeRate, 'rate')}</strong>
                        <span className="block text-sm text-slate-600">
                          в срок {r.onTime} из {r.onTime + r.late}
                        </span>
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        </>
      )}
    </div>
  )
}

function Ranking({
  title,
  rows,
  tone,
}: {
  title: string
  rows: WeeklySummaryRowDto[]
  tone: 'good' | 'bad'
}) {
  return (
    <section className="card space-y-3 p-5" aria-label={title}>
      <h2
        className={`text-xl font-semibold ${tone === 'good' ? 'text-emerald-800' : 'text-red-800'}`}
      >
        {title}
      </h2>
      <ol className="space-y-3">
        {rows.map((r) => (
          <li key={r.departmentId} className="flex items-baseline justify-between gap-4 text-lg">
            <span>{r.shortName}</span>
            <span className="text-right tabular-nums">
              <strong>{formatFigure(r.onTimeRate, 'rate')}</strong>
              <span className="block text-sm text-slate-600">
                в срок {r.onTime} из {r.onTime + r.late}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  )
}
