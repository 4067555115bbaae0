import ExcelJS from 'exceljs'
import { figureColumns, formatFigure, outcomeLabels } from '../../domain/analytics/columns'
import { formatRegionIso } from '../../domain/calendar'
import type { DepartmentsReportDto, RequestRowDto } from '../../shared/api/analytics-contract'

const ru = (iso: string) => iso.split('-').reverse().join('.')
const period = (r: { period: { from: string; to: string } }) =>
  `${ru(r.period.from)} – ${ru(r.period.to)}`

/** The lines above the table in every export: what, when, by which calendar. */
export function exportHeading(report: DepartmentsReportDto): Array<[string, string]> {
  return [
    ['Отчёт', 'Дисциплина департаментов: запросы материалов для постов'],
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
export function toCsv(report: DepartmentsReportDto): string {
  const lines: string[][] = exportHeading(report).map(([k, v]) => [k, v])
  lines.push([])
  lines.push(['Департамент', ...figureColumns.map((c) => c.label)])
  const row = (name: string, f: DepartmentsReportDto['total']) => [
    name,
    ...figureColumns.map((c) => formatFigure(c.value(f), c.format)),
  ]
  for (const d of report.departments) lines.push(row(d.shortName, d.figures))
  lines.push(row('Итого', report.total))
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(';')).join('\r\n') + '\r\n'
}

const numFmt = { count: '0', rate: '0.0%', hours: '0.00', ratio: '0.00' } as const

/** The same table as an Excel workbook, plus a sheet of every request behind it. */
export async function toXlsx(
  report: DepartmentsReportDto,
  requests: RequestRowDto[],
): Promise<Buffer> {
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
  return Buffer.from(await wb.xlsx.writeBuffer())
}
