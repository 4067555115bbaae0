import type { Figures, Outcome } from './figures'

/**
 * The columns of the departments table, in one place for the screen, the CSV and the XLSX, so
 * the three cannot disagree on what a column is. `value` is the raw number (a rate is a
 * fraction, a time is hours); null means «nothing to show» (no request decided, none answered).
 */
export interface FigureColumn {
  key: string
  label: string
  /** How the number is shown: a count, a share, hours. */
  format: 'count' | 'rate' | 'hours' | 'ratio'
  value(f: Figures): number | null
}

export const figureColumns: readonly FigureColumn[] = [
  { key: 'received', label: 'Запросов', format: 'count', value: (f) => f.received },
  { key: 'onTime', label: 'В срок', format: 'count', value: (f) => f.onTime },
  { key: 'late', label: 'С опозданием', format: 'count', value: (f) => f.late },
  { key: 'open', label: 'В работе', format: 'count', value: (f) => f.open },
  { key: 'withdrawn', label: 'Сняты', format: 'count', value: (f) => f.withdrawn },
  { key: 'onTimeRate', label: 'Доля в срок', format: 'rate', value: (f) => f.onTimeRate },
  {
    key: 'regularMedian',
    label: 'Медиана ответа, раб. ч',
    format: 'hours',
    value: (f) => f.response.regular.median,
  },
  {
    key: 'regularP90',
    label: '90-й процентиль, раб. ч',
    format: 'hours',
    value: (f) => f.response.regular.p90,
  },
  { key: 'urgent', label: 'Срочных', format: 'count', value: (f) => f.urgent },
  {
    key: 'urgentMedian',
    label: 'Медиана срочных, ч',
    format: 'hours',
    value: (f) => f.response.urgent.median,
  },
  {
    key: 'urgentP90',
    label: '90-й процентиль срочных, ч',
    format: 'hours',
    value: (f) => f.response.urgent.p90,
  },
  { key: 'returns', label: 'Возвратов', format: 'count', value: (f) => f.returns },
  {
    key: 'returnsPerRequest',
    label: 'Возвратов на запрос',
    format: 'ratio',
    value: (f) => f.returnsPerRequest,
  },
]

const decimal1 = new Intl.NumberFormat('ru-RU', {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
})
const decimal2 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 })
const integer = new Intl.NumberFormat('ru-RU')

/**
 * A figure as text, the same on screen and in the CSV: «66,7 %», «8,5», «0,13», «—» for none.
 * Hours keep two decimals (36 seconds), enough to check a figure against the drill-down.
 */
export function formatFigure(value: number | null, format: FigureColumn['format']): string {
  if (value === null) return '—'
  switch (format) {
    case 'count':
      return integer.format(value)
    case 'rate':
      return `${decimal1.format(value * 100)} %`
    case 'hours':
    case 'ratio':
      return decimal2.format(value)
  }
}

export const outcomeLabels: Record<Outcome, string> = {
  onTime: 'в срок',
  late: 'с опозданием',
  open: 'в работе',
  withdrawn: 'снят',
}
