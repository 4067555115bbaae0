// Types only: the library (≈ 30 MB once loaded) is imported when a workbook is asked for.
import type ExcelJS from 'exceljs'
import {
  commentColumns,
  commentOutcomeLabels,
  figureColumns,
  formatFigure,
  outcomeLabels,
  overrideText,
  type FigureColumn,
} from '../../domain/analytics/columns'
import { formatRegionIso } from '../../domain/calendar'
import type { DepartmentsReportDto } from '../../shared/api/analytics-contract'
import type { ExportData } from './service'

const ru = (iso: string) => iso.split('-').reverse().join('.')
const period = (r: { period: { from: string; to: string } }) =>
  `${ru(r.period.from)} – ${ru(r.period.to)}`

/** The lines above the table in every export: what, when, by which calendar. */
export function exportHeading(report: DepartmentsReportDto): Array<[string, string]> {
  return [
    [
      'Отчёт',
      'Дисциплина департаментов: запросы материалов для постов и ответы на комментарии жителей',
    ],
    ['Период', period(report)],
    ['Календарь', report.calendar.label],
    ['Сформирован', formatRegionIso(new Date(report.asOf))],
  ]
}

export function exportFileName(report: DepartmentsReportDto, format: 'csv' | 'xlsx') {
  return `viza-departments-${report.period.from}_${report.period.to}.${format}`
}

/**
 * What a spreadsheet reads as a formula when a cell starts with it (OWASP, «CSV Injection»):
 * `=`, `+`, `-`, `@`, and a tab, CR or LF before one of them.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/
/**
 * A number as `formatFigure` writes it («-1 234,5», «66,7 %»): a spreadsheet reads it as a
 * number, never as a formula, so a negative one keeps its sign and stays a number.
 */
const PLAIN_NUMBER = /^-?\d[\d\u00a0\u202f ]*(,\d+)?(\u00a0?%| %)?$/

/**
 * A text that would start a formula gets a leading `'` (OWASP's advice): Excel and LibreOffice
 * then show it as the text it is («'=1+1»), and never evaluate it. XLSX cells are typed
 * (a string is never a formula there), so only the CSV needs this.
 */
export function neutraliseCsvText(v: string): string {
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v
}

/** One CSV field: neutralised, then quoted when it holds `;`, a quote or a line break. */
export function csvCell(raw: string): string {
  const v = neutraliseCsvText(raw)
  return /[;"\r\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/**
 * CSV as Russian Excel opens it: UTF-8 with a BOM, `;` between fields, decimal commas, CRLF.
 * The numbers are written exactly as the screen shows them (`formatFigure`).
 */
export function toCsv({ report, comments }: Pick<ExportData, 'report' | 'comments'>): string {
  const lines: string[][] = exportHeading(report).map(([k, v]) => [k, v])
  lines.push([])
  lines.push(...tableRows(report, figureColumns, formatFigure))
  // The citizens' comments of the same period and departments, below the requests.
  lines.push([])
  lines.push([COMMENTS_TITLE])
  lines.push(...tableRows(comments, commentColumns, formatFigure))
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(';')).join('\r\n') + '\r\n'
}

const COMMENTS_TITLE =
  'Ответы на комментарии жителей (время — в рабочих часах от регистрации комментария)'

/** A departments table: its header, a row per department, the total. */
interface DepartmentsTable<F> {
  departments: Array<{ shortName: string; figures: F }>
  total: F
}

/**
 * A departments table's lines, the header first and the total last: each figure as `cell`
 * makes it (the screen's text for the CSV, the raw number for the XLSX).
 */
function tableRows<F, V>(
  table: DepartmentsTable<F>,
  columns: readonly FigureColumn<F>[],
  cell: (value: number | null, format: FigureColumn<F>['format']) => V,
): Array<Array<string | V>> {
  const row = (name: string, f: F) => [name, ...columns.map((c) => cell(c.value(f), c.format))]
  return [
    ['Департамент', ...columns.map((c) => c.label)],
    ...table.departments.map((d) => row(d.shortName, d.figures)),
    row('Итого', table.total),
  ]
}

const numFmt = { count: '0', rate: '0.0%', hours: '0.00', ratio: '0.00' } as const

/** A sheet that starts like every export (what, period, calendar, when), then a blank line. */
function headedSheet(wb: ExcelJS.Workbook, name: string, report: DepartmentsReportDto) {
  const sheet = wb.addWorksheet(name)
  for (const [k, v] of exportHeading(report)) sheet.addRow([k, v])
  sheet.addRow([])
  return sheet
}

/** A departments table as a sheet: real numbers with number formats, the header and total bold. */
function departmentsSheet<F>(
  wb: ExcelJS.Workbook,
  name: string,
  report: DepartmentsReportDto,
  table: DepartmentsTable<F>,
  columns: readonly FigureColumn<F>[],
) {
  const sheet = headedSheet(wb, name, report)
  const rows = tableRows(table, columns, (v) => v)
  rows.forEach((values, i) => {
    const row = sheet.addRow(values)
    if (i === 0 || i === rows.length - 1) row.font = { bold: true }
    if (i > 0) columns.forEach((c, j) => (row.getCell(j + 2).numFmt = numFmt[c.format]))
  })
  sheet.getColumn(1).width = 30
  for (let i = 2; i <= columns.length + 1; i++) sheet.getColumn(i).width = 14
}

/** A list sheet: the heading, then its bold header row. */
function listSheet(
  wb: ExcelJS.Workbook,
  name: string,
  report: DepartmentsReportDto,
  header: string[],
) {
  const sheet = headedSheet(wb, name, report)
  sheet.addRow(header).font = { bold: true }
  return sheet
}

/**
 * The same tables as an Excel workbook: «Департаменты» and «Запросы» (every request behind
 * it), «Комментарии: департаменты» and «Комментарии» (every comment behind it).
 */
export async function toXlsx({
  report,
  requests,
  comments,
  commentRows,
}: ExportData): Promise<Buffer> {
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  wb.creator = 'Виза'
  wb.created = new Date(report.asOf)
  wb.title = `Дисциплина департаментов, ${period(report)}`
  wb.description = `Календарь: ${report.calendar.label}`

  departmentsSheet(wb, 'Департаменты', report, report, figureColumns)

  const list = listSheet(wb, 'Запросы', report, [
    'Пост',
    'Департамент',
    'Вид',
    'Получен',
    'Срок',
    'Первый ответ',
    'Итог',
    'Время ответа, ч',
    'Единица',
    'Возвратов',
    'Причины возвратов',
    'Предварительный календарь',
  ])
  for (const r of requests) {
    const row = list.addRow([
      r.title,
      r.departmentName,
      r.kind === 'urgent' ? 'срочный' : 'обычный',
      formatRegionIso(new Date(r.receivedAt)),
      formatRegionIso(new Date(r.dueAt)),
      r.firstAnsweredAt ? formatRegionIso(new Date(r.firstAnsweredAt)) : '',
      outcomeLabels[r.outcome],
      r.responseHours,
      r.responseUnit === 'hours' ? 'часы' : 'рабочие часы',
      r.returns,
      r.returnReasons.join('; '),
      r.provisional ? 'да' : '',
    ])
    row.getCell(8).numFmt = '0.00'
  }
  list.getColumn(1).width = 40
  list.getColumn(11).width = 40

  departmentsSheet(wb, 'Комментарии по департаментам', report, comments, commentColumns)

  const clist = listSheet(wb, 'Комментарии', report, [
    'Комментарий',
    'Автор',
    'Сеть',
    'Департамент',
    'Приоритетный',
    'Поступил в департамент',
    'Срок',
    'Первый ответ',
    'Итог',
    'Время ответа, раб. ч',
    'Промежуточный ответ опубликован',
    'Срок окончательного ответа',
    'Окончательный ответ',
    'Окончательный ответ, раб. ч',
    'Просрочек',
    'Обход проверки: причины',
    'Возвратов',
    'Причины возвратов',
    'Предварительный календарь',
  ])
  const when = (iso: string | null) => (iso ? formatRegionIso(new Date(iso)) : '')
  for (const r of commentRows) {
    const row = clist.addRow([
      r.text,
      r.authorName,
      r.network === 'vk' ? 'ВКонтакте' : r.network === 'ok' ? 'Одноклассники' : r.network,
      r.departmentName,
      r.kind === 'commentPriority' ? 'да' : '',
      when(r.receivedAt),
      when(r.dueAt),
      when(r.firstAnsweredAt),
      commentOutcomeLabels[r.outcome],
      r.responseHours,
      when(r.interimPostedAt),
      when(r.finalDueAt),
      when(r.finalAnsweredAt),
      r.finalResponseHours,
      r.overdue,
      r.overrides.map(overrideText).join('; '),
      r.returns,
      r.returnReasons.join('; '),
      r.provisional ? 'да' : '',
    ])
    row.getCell(10).numFmt = '0.00'
    row.getCell(14).numFmt = '0.00'
  }
  clist.getColumn(1).width = 50
  clist.getColumn(16).width = 40
  clist.getColumn(18).width = 40
  return Buffer.from(await wb.xlsx.writeBuffer())
}
