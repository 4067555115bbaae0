import ExcelJS from 'exceljs'
import {
  commentColumns,
  commentOutcomeLabels,
  figureColumns,
  formatFigure,
  outcomeLabels,
  overrideText,
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

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/**
 * CSV as Russian Excel opens it: UTF-8 with a BOM, `;` between fields, decimal commas, CRLF.
 * The numbers are written exactly as the screen shows them (`formatFigure`).
 */
export function toCsv({ report, comments }: Pick<ExportData, 'report' | 'comments'>): string {
  const lines: string[][] = exportHeading(report).map(([k, v]) => [k, v])
  lines.push([])
  lines.push(['Департамент', ...figureColumns.map((c) => c.label)])
  const row = (name: string, f: DepartmentsReportDto['total']) => [
    name,
    ...figureColumns.map((c) => formatFigure(c.value(f), c.format)),
  ]
  for (const d of report.departments) lines.push(row(d.shortName, d.figures))
  lines.push(row('Итого', report.total))
  // The citizens' comments of the same period and departments, below the requests.
  lines.push([])
  lines.push([COMMENTS_TITLE])
  lines.push(['Департамент', ...commentColumns.map((c) => c.label)])
  const commentRow = (name: string, f: ExportData['comments']['total']) => [
    name,
    ...commentColumns.map((c) => formatFigure(c.value(f), c.format)),
  ]
  for (const d of comments.departments) lines.push(commentRow(d.shortName, d.figures))
  lines.push(commentRow('Итого', comments.total))
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(';')).join('\r\n') + '\r\n'
}

const COMMENTS_TITLE =
  'Ответы на комментарии жителей (время — в рабочих часах от регистрации комментария)'

const numFmt = { count: '0', rate: '0.0%', hours: '0.00', ratio: '0.00' } as const

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
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Виза'
  wb.created = new Date(report.asOf)
  wb.title = `Дисциплина департаментов, ${period(report)}`
  wb.description = `Календарь: ${report.calendar.label}`

  const sheet = wb.addWorksheet('Департаменты')
  for (const [k, v] of exportHeading(report)) sheet.addRow([k, v])
  sheet.addRow([])
  const header = sheet.addRow(['Департамент', ...figureColumns.map((c) => c.label)])
  header.font = { bold: true }
  const add = (name: string, f: DepartmentsReportDto['total']) => {
    const r = sheet.addRow([name, ...figureColumns.map((c) => c.value(f))])
    figureColumns.forEach((c, i) => (r.getCell(i + 2).numFmt = numFmt[c.format]))
    return r
  }
  for (const d of report.departments) add(d.shortName, d.figures)
  add('Итого', report.total).font = { bold: true }
  sheet.getColumn(1).width = 30
  for (let i = 2; i <= figureColumns.length + 1; i++) sheet.getColumn(i).width = 14

  const list = wb.addWorksheet('Запросы')
  for (const [k, v] of exportHeading(report)) list.addRow([k, v])
  list.addRow([])
  list.addRow([
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
  ]).font = { bold: true }
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

  const csheet = wb.addWorksheet('Комментарии по департаментам')
  for (const [k, v] of exportHeading(report)) csheet.addRow([k, v])
  csheet.addRow([])
  csheet.addRow(['Департамент', ...commentColumns.map((c) => c.label)]).font = { bold: true }
  const addComments = (name: string, f: ExportData['comments']['total']) => {
    const r = csheet.addRow([name, ...commentColumns.map((c) => c.value(f))])
    commentColumns.forEach((c, i) => (r.getCell(i + 2).numFmt = numFmt[c.format]))
    return r
  }
  for (const d of comments.departments) addComments(d.shortName, d.figures)
  addComments('Итого', comments.total).font = { bold: true }
  csheet.getColumn(1).width = 30
  for (let i = 2; i <= commentColumns.length + 1; i++) csheet.getColumn(i).width = 14

  const clist = wb.addWorksheet('Комментарии')
  for (const [k, v] of exportHeading(report)) clist.addRow([k, v])
  clist.addRow([])
  clist.addRow([
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
  ]).font = { bold: true }
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
