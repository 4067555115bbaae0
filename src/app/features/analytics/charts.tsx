import { useId } from 'react'
import type { DistributionBin, TrendBucket } from '../../../domain/analytics/figures'
import { formatFigure } from '../../../domain/analytics/columns'
import { pluralRu } from '../../lib/format'

/*
 * Two small charts drawn as plain SVG (see docs/decisions/0004-hand-drawn-svg-charts.md: a library would cost
 * 15–110 KB gzip for two shapes, and the canvas ones are invisible to screen readers). Each
 * chart is an image with a title and a one-sentence summary (`role="img"`), followed by its
 * data as a table — the text alternative, and the keyboard's way to drill into a point. Colours
 * come from CSS classes, never inline style attributes (the CSP allows only 'self').
 */

const W = 640
const H = 220
const PAD = { left: 48, right: 12, top: 12, bottom: 30 }
const plotW = W - PAD.left - PAD.right
const plotH = H - PAD.top - PAD.bottom

const dayMonth = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`
export const bucketLabel = (b: { from: string; to: string }) =>
  b.from === b.to ? dayMonth(b.from) : `${dayMonth(b.from)}–${dayMonth(b.to)}`
const percent = (v: number | null) => formatFigure(v, 'rate')

/** What a chart counts, in the words its summary and data table need. */
export interface ChartNouns {
  /** «Запросов» / «Комментариев»: the data table's column. */
  column: string
  /** «с решёнными запросами» */
  decided: string
  /** «За период нет запросов, по которым уже ясно, в срок ли ответ.» */
  none: string
}
export const requestNouns: ChartNouns = {
  column: 'Запросов',
  decided: 'с решёнными запросами',
  none: 'За период нет запросов, по которым уже ясно, в срок ли ответ.',
}

export function RateChart({
  buckets,
  title,
  onSelect,
  nouns = requestNouns,
}: {
  buckets: readonly TrendBucket[]
  title: string
  onSelect: (b: TrendBucket) => void
  nouns?: ChartNouns
}) {
  const id = useId()
  const n = buckets.length
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1))
  const y = (rate: number) => PAD.top + (1 - rate) * plotH
  const decided = buckets.filter((b) => b.onTimeRate !== null)
  // A line only between neighbouring buckets that both have a rate: a gap is not a zero.
  const segments: string[] = []
  let current: string[] = []
  buckets.forEach((b, i) => {
    if (b.onTimeRate === null) {
      if (current.length > 1) segments.push(current.join(' '))
      current = []
    } else current.push(`${x(i).toFixed(1)},${y(b.onTimeRate).toFixed(1)}`)
  })
  if (current.length > 1) segments.push(current.join(' '))
  const every = Math.max(1, Math.ceil(n / 8))
  const rates = decided.map((b) => b.onTimeRate!)
  const summary = decided.length
    ? `${decided.length} из ${n} ${pluralRu(n, ['периода', 'периодов', 'периодов'])} ${nouns.decided}; доля в срок от ${percent(Math.min(...rates))} до ${percent(Math.max(...rates))}, в последнем — ${percent(decided[decided.length - 1]!.onTimeRate)}.`
    : nouns.none
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((r) => (
          <g key={r}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(r)}
              y2={y(r)}
              className="stroke-slate-200"
            />
            <text
              x={PAD.left - 6}
              y={y(r) + 4}
              textAnchor="end"
              className="fill-slate-600 text-[11px]"
            >
              {Math.round(r * 100)} %
            </text>
          </g>
        ))}
        {segments.map((points) => (
          <polyline
            key={points}
            points={points}
            fill="none"
            strokeWidth={2.5}
            className="stroke-brand-600"
          />
        ))}
        {buckets.map((b, i) => (
          <g key={b.from}>
            {b.onTimeRate !== null && (
              <circle
                cx={x(i)}
                cy={y(b.onTimeRate)}
                r={5}
                className="cursor-pointer fill-brand-600 stroke-white hover:fill-brand-800"
                strokeWidth={2}
                onClick={() => onSelect(b)}
              >
                <title>{`${bucketLabel(b)}: ${percent(b.onTimeRate)} в срок (${b.onTime} из ${b.onTime + b.late})`}</title>
              </circle>
            )}
            {i % every === 0 && (
              <text x={x(i)} y={H - 10} textAnchor="middle" className="fill-slate-600 text-[11px]">
                {dayMonth(b.from)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <details>
          <summary className="cursor-pointer text-sm text-brand-700">
            Таблица данных графика
          </summary>
          <table className="mt-2 text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="pr-4 font-medium">Период</th>
                <th className="pr-4 font-medium">{nouns.column}</th>
                <th className="pr-4 font-medium">В срок</th>
                <th className="pr-4 font-medium">С опозданием</th>
                <th className="font-medium">Доля в срок</th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.from}>
                  <td className="pr-4">
                    <button
                      type="button"
                      className="text-brand-700 underline"
                      onClick={() => onSelect(b)}
                    >
                      {bucketLabel(b)}
                    </button>
                  </td>
                  <td className="pr-4 tabular-nums">{b.received}</td>
                  <td className="pr-4 tabular-nums">{b.onTime}</td>
                  <td className="pr-4 tabular-nums">{b.late}</td>
                  <td className="tabular-nums">{percent(b.onTimeRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  )
}

export function binLabel(b: DistributionBin, unit: 'workingHours' | 'hours') {
  const u = unit === 'hours' ? 'ч' : 'раб. ч'
  if (b.from === 0 && b.to !== null) return `меньше ${b.to} ${u}`
  if (b.to === null) return `${b.from} ${u} и больше`
  return `${b.from}–${b.to} ${u}`
}

export function DistributionChart({
  bins,
  unit,
  title,
  onSelect,
}: {
  bins: readonly DistributionBin[]
  unit: 'workingHours' | 'hours'
  title: string
  onSelect: (index: number) => void
}) {
  const id = useId()
  const max = Math.max(1, ...bins.map((b) => b.count))
  const total = bins.reduce((s, b) => s + b.count, 0)
  const slot = plotW / bins.length
  const barW = slot * 0.7
  const y = (count: number) => PAD.top + (1 - count / max) * plotH
  const top = bins.reduce((best, b, i) => (b.count > bins[best]!.count ? i : best), 0)
  const summary = total
    ? `${total} ${pluralRu(total, ['ответ', 'ответа', 'ответов'])}; чаще всего — ${binLabel(bins[top]!, unit)} (${bins[top]!.count}).`
    : 'За период нет ответов.'
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + plotH}
          y2={PAD.top + plotH}
          className="stroke-slate-300"
        />
        {bins.map((b, i) => {
          const bx = PAD.left + i * slot + (slot - barW) / 2
          return (
            <g key={b.from}>
              <rect
                x={bx}
                y={y(b.count)}
                width={barW}
                height={PAD.top + plotH - y(b.count)}
                className="cursor-pointer fill-brand-600 hover:fill-brand-800"
                onClick={() => onSelect(i)}
              >
                <title>{`${binLabel(b, unit)}: ${b.count}`}</title>
              </rect>
              {b.count > 0 && (
                <text
                  x={bx + barW / 2}
                  y={y(b.count) - 4}
                  textAnchor="middle"
                  className="fill-slate-800 text-[12px]"
                >
                  {b.count}
                </text>
              )}
              <text
                x={bx + barW / 2}
                y={H - 10}
                textAnchor="middle"
                className="fill-slate-600 text-[11px]"
              >
                {binLabel(b, unit)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        <details>
          <summary className="cursor-pointer text-sm text-brand-700">
            Таблица данных графика
          </summary>
          <table className="mt-2 text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="pr-4 font-medium">Время ответа</th>
                <th className="font-medium">Ответов</th>
              </tr>
            </thead>
            <tbody>
              {bins.map((b, i) => (
                <tr key={b.from}>
                  <td className="pr-4">
                    <button
                      type="button"
                      className="text-brand-700 underline"
                      onClick={() => onSelect(i)}
                    >
                      {binLabel(b, unit)}
                    </button>
                  </td>
                  <td className="tabular-nums">{b.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  )
}
