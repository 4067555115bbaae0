import { formatFigure, type FigureColumn } from '../../../domain/analytics/columns'
import type { SortedDepartments } from './sortable-departments'

interface DepartmentRow<F> {
  departmentId: string
  name: string
  shortName: string
  figures: F
}

/**
 * The sortable table of departments, requests' and comments' alike: a header that sorts
 * (`aria-sort`), a row per department and the total, every figure a button that opens the
 * work behind it (`onDrill` with the column and, for a department's row, its id). What differs
 * between the two is only what is passed: the columns, the figures and the noun of the buttons.
 */
export function DepartmentsTable<F extends { provisional: boolean }>({
  testId,
  caption,
  columns,
  sorted,
  total,
  noun,
  onDrill,
}: {
  testId: string
  caption: string
  columns: readonly FigureColumn<F>[]
  /** The departments' rows as `useSortedDepartments` orders them (its state is the page's). */
  sorted: SortedDepartments<DepartmentRow<F>>
  total: F
  /** What the figures' buttons show, in the accusative plural: «запросы», «комментарии». */
  noun: string
  onDrill: (key: string, label: string, department?: DepartmentRow<F>) => void
}) {
  const { rows, sort, sortBy, ariaSort } = sorted
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left align-bottom">
            <th scope="col" className="px-3 py-2" aria-sort={ariaSort('name')}>
              <button type="button" className="font-semibold" onClick={() => sortBy('name')}>
                Департамент
              </button>
            </th>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className="px-2 py-2 text-right"
                aria-sort={ariaSort(c.key)}
              >
                <button type="button" className="font-semibold" onClick={() => sortBy(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <FigureRow
              key={r.departmentId}
              id={r.departmentId}
              name={r.shortName}
              title={r.name}
              columns={columns}
              figures={r.figures}
              noun={noun}
              onDrill={(key, label) => onDrill(key, label, r)}
            />
          ))}
        </tbody>
        <tfoot>
          <FigureRow
            id="total"
            name="Итого"
            columns={columns}
            figures={total}
            noun={noun}
            onDrill={(key, label) => onDrill(key, label)}
          />
        </tfoot>
      </table>
    </div>
  )
}

function FigureRow<F extends { provisional: boolean }>({
  id,
  name,
  title,
  columns,
  figures,
  noun,
  onDrill,
}: {
  id: string
  name: string
  title?: string
  columns: readonly FigureColumn<F>[]
  figures: F
  noun: string
  onDrill: (key: string, label: string) => void
}) {
  return (
    <tr
      className={`border-b border-slate-100 ${id === 'total' ? 'font-semibold' : ''}`}
      data-department={id}
    >
      <th scope="row" className="px-3 py-2 text-left font-medium" title={title}>
        {name}
        {figures.provisional && (
          <span
            className="ml-1 text-xs font-normal text-amber-800"
            title="Часть сроков — по предварительному производственному календарю"
          >
            (предв.)
          </span>
        )}
      </th>
      {columns.map((c) => {
        const value = c.value(figures)
        const text = formatFigure(value, c.format)
        return (
          <td key={c.key} className="px-2 py-1 text-right tabular-nums" data-key={c.key}>
            {text === '—' || (c.format === 'count' && value === 0) ? (
              <span className="text-slate-500">{text}</span>
            ) : (
              <button
                type="button"
                className="min-h-8 rounded px-1 text-brand-700 underline decoration-dotted hover:bg-brand-50"
                aria-label={`${name}, ${c.label}: ${text} — показать ${noun}`}
                onClick={() => onDrill(c.key, c.label.toLowerCase())}
              >
                {text}
              </button>
            )}
          </td>
        )
      })}
    </tr>
  )
}

/**
 * Above the charts: which department they show (or all), and by week or by month.
 */
export function ChartControls({
  departments,
  department,
  onDepartment,
  by,
  onBy,
  groupLabel,
}: {
  departments: ReadonlyArray<{ departmentId: string; shortName: string }>
  department: string
  onDepartment: (id: string) => void
  by: 'week' | 'month'
  onBy: (by: 'week' | 'month') => void
  groupLabel: string
}) {
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <span>Департамент</span>
        <select className="field" value={department} onChange={(e) => onDepartment(e.target.value)}>
          <option value="">Все департаменты</option>
          {[...departments]
            .sort((a, b) => a.shortName.localeCompare(b.shortName, 'ru'))
            .map((d) => (
              <option key={d.departmentId} value={d.departmentId}>
                {d.shortName}
              </option>
            ))}
        </select>
      </label>
      <div className="flex gap-1" role="group" aria-label={groupLabel}>
        {(['week', 'month'] as const).map((b) => (
          <button
            key={b}
            type="button"
            className="btn btn-secondary"
            aria-pressed={by === b}
            onClick={() => onBy(b)}
          >
            {b === 'week' ? 'По неделям' : 'По месяцам'}
          </button>
        ))}
      </div>
    </>
  )
}
