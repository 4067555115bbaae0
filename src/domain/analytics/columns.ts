import type { CommentFigures } from './comment-figures'
import type { Figures, Outcome } from './figures'

/**
 * The columns of the departments table, in one place for the screen, the CSV and the XLSX, so
 * the three cannot disagree on what a column is. `value` is the raw number (a rate is a
 * fraction, a time is hours); null means «nothing to show» (no request decided, none answered).
 */
export interface FigureColumn<F = Figures> {
  key: string
  label: string
  /** How the number is shown: a count, a share, hours. */
  format: 'count' | 'rate' | 'hours' | 'ratio'
  value(f: F): number | null
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

/**
 * The citizens' comments table, in one place for the screen and both exports. Times are the
 * first answer's (interim or final) in working hours; «окончательный» is the final answer
 * after an interim one, on its 7-working-day clock.
 */
export const commentColumns: readonly FigureColumn<CommentFigures>[] = [
  { key: 'registered', label: 'Комментариев', format: 'count', value: (f) => f.registered },
  { key: 'onTime', label: 'В срок', format: 'count', value: (f) => f.onTime },
  { key: 'late', label: 'С опозданием', format: 'count', value: (f) => f.late },
  { key: 'open', label: 'Без ответа', format: 'count', value: (f) => f.open },
  { key: 'withdrawn', label: 'Сняты', format: 'count', value: (f) => f.withdrawn },
  { key: 'onTimeRate', label: 'Доля в срок', format: 'rate', value: (f) => f.onTimeRate },
  {
    key: 'median',
    label: 'Медиана ответа, раб. ч',
    format: 'hours',
    value: (f) => f.response.comment.median,
  },
  {
    key: 'p90',
    label: '90-й процентиль, раб. ч',
    format: 'hours',
    value: (f) => f.response.comment.p90,
  },
  { key: 'priority', label: 'Приоритетных', format: 'count', value: (f) => f.priority },
  {
    key: 'priorityMedian',
    label: 'Медиана приоритетных, раб. ч',
    format: 'hours',
    value: (f) => f.response.commentPriority.median,
  },
  {
    key: 'priorityP90',
    label: '90-й процентиль приоритетных, раб. ч',
    format: 'hours',
    value: (f) => f.response.commentPriority.p90,
  },
  { key: 'interim', label: 'Промежуточных ответов', format: 'count', value: (f) => f.interim },
  {
    key: 'finalMedian',
    label: 'Окончательный ответ после промежуточного, медиана, раб. ч',
    format: 'hours',
    value: (f) => f.final.median,
  },
  { key: 'overdue', label: 'Просрочек', format: 'count', value: (f) => f.overdue },
  {
    key: 'overridden',
    label: 'Ответов с обходом проверки',
    format: 'count',
    value: (f) => f.overridden,
  },
  { key: 'returns', label: 'Возвратов', format: 'count', value: (f) => f.returns },
]

/** «66,7», and a whole «100» or «50» without a «,0». */
const percentDigits = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 })
const decimal2 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 })
const integer = new Intl.NumberFormat('ru-RU')

/**
 * A figure as text, the same on screen and in the CSV: «66,7 %», «100 %», «8,5», «0,13», «—»
 * for none. The space before «%» does not break, so the sign never wraps away from its number.
 * Hours keep two decimals (36 seconds), enough to check a figure against the drill-down.
 */
export function formatFigure(
  value: number | null,
  format: FigureColumn<unknown>['format'],
): string {
  if (value === null) return '—'
  switch (format) {
    case 'count':
      return integer.format(value)
    case 'rate':
      return `${percentDigits.format(value * 100)}\u00a0%`
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

/** The same outcomes, said of a citizen's comment. */
export const commentOutcomeLabels: Record<Outcome, string> = {
  onTime: 'в срок',
  late: 'с опозданием',
  open: 'без ответа',
  withdrawn: 'снят',
}

/** The answer checker's rules as the drill-down and the export name them. */
export const checkerRuleLabels: Record<string, string> = {
  greeting: 'приветствие',
  spelling: 'орфография',
  colloquial: 'разговорные слова',
  rudeness: 'грубость',
  hollow: 'пустые формулы',
  legislation: 'выдержки из законов',
  specifics: 'нет конкретики',
}

/** «Ошибка в названии посёлка (орфография)» */
export const overrideText = (o: { reason: string; rules: readonly string[] }) =>
  `${o.reason} (${o.rules.map((r) => checkerRuleLabels[r] ?? r).join(', ')})`
