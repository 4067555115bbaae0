import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { expect, test } from './fixtures'
import { figureColumns, formatFigure } from '../../src/domain/analytics/columns'
import type { DepartmentsReportDto, RequestListDto } from '../../src/shared/api/analytics-contract'
import { expectAccessible, shot, signedIn } from './helpers'

/**
 * The analytics screen on the demo database (eight weeks of finished requests are seeded):
 * the figures on screen are the API's, a figure opens the requests behind it, and the
 * downloaded CSV and XLSX carry the same numbers, the period and the calendar version.
 */
test('the SMC reads department discipline, drills into a figure and downloads the table', async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, 'smc')
  await page.getByRole('link', { name: 'Аналитика' }).click()
  await expect(page.getByRole('heading', { name: 'Дисциплина департаментов' })).toBeVisible()
  const table = page.getByTestId('departments-table')
  await expect(table).toBeVisible()

  const from = await page.getByLabel('С', { exact: true }).inputValue()
  const to = await page.getByLabel('По', { exact: true }).inputValue()
  const api = (await (
    await page.request.get(`/api/analytics/departments?from=${from}&to=${to}`)
  ).json()) as DepartmentsReportDto
  const health = api.departments.find((d) => d.departmentId === 'health')!
  expect(health.figures.received).toBeGreaterThan(0)

  // every figure on screen is the API's, formatted once for screen and export
  for (const [rowKey, figures] of [
    ['health', health.figures],
    ['total', api.total],
  ] as const) {
    const row = table.locator(`tr[data-department="${rowKey}"]`)
    for (const c of figureColumns) {
      await expect(row.locator(`td[data-key="${c.key}"]`)).toHaveText(
        formatFigure(c.value(figures), c.format),
      )
    }
  }
  await expect(page.getByTestId('calendar-version')).toContainText(api.calendar.label)

  // sorting by the on-time rate, worst first, then best first
  await page.getByRole('button', { name: /^Доля в срок/ }).click()
  await expect(page.getByRole('columnheader', { name: /Доля в срок/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
  const rates = await table.locator('tbody td[data-key="onTimeRate"]').allTextContents()
  const numeric = rates.filter((r) => r !== '—').map((r) => parseFloat(r.replace(',', '.')))
  expect(numeric).toEqual([...numeric].sort((a, b) => b - a))

  // drill-down: the requests behind health's «В срок»
  await table
    .locator('tr[data-department="health"] td[data-key="onTime"]')
    .getByRole('button')
    .click()
  const drill = page.getByTestId('drill-down')
  await expect(drill.getByRole('heading')).toContainText('Депздрав Югры: в срок')
  await expect(drill.locator('tbody tr')).toHaveCount(health.figures.onTime)
  const rows = (await (
    await page.request.get(
      `/api/analytics/requests?from=${from}&to=${to}&department=health&figure=onTime`,
    )
  ).json()) as RequestListDto
  await expect(drill.locator('tbody tr').first()).toContainText(rows.items[0]!.title)
  await shot(page, 'analytics-smc-drill-down')

  // a point of the chart opens its week's requests (through the chart's data table)
  await page.getByText('Таблица данных графика').first().click()
  const lastWeek = api.trend.week.filter((w) => w.received > 0).at(-1)!
  await page
    .getByRole('button', {
      name: `${lastWeek.from.slice(8)}.${lastWeek.from.slice(5, 7)}`,
      exact: false,
    })
    .first()
    .click()
  await expect(drill.locator('tbody tr')).toHaveCount(lastWeek.received)
  await expect(page.getByRole('img', { name: /Доля ответов в срок по неделям/ })).toBeVisible()
  await expectAccessible(page, 'analytics')
  await shot(page, 'analytics-smc')

  // downloads: the same figures, the period and the calendar version in the file
  const csvDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Скачать CSV' }).click()
  const csvFile = await csvDownload
  expect(csvFile.suggestedFilename()).toBe(`viza-departments-${from}_${to}.csv`)
  const csv = readFileSync((await csvFile.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
  const ru = (d: string) => d.split('-').reverse().join('.')
  expect(csv).toContain(`Период;${ru(from)} – ${ru(to)}`)
  expect(csv).toContain(`Календарь;${api.calendar.label}`)
  const screenRow = await table.locator('tr[data-department="health"] td').allTextContents()
  expect(csv).toContain(['Депздрав Югры', ...screenRow].join(';'))

  const xlsxDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Скачать XLSX' }).click()
  const xlsxFile = await xlsxDownload
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(readFileSync((await xlsxFile.path())!) as never)
  const sheet = wb.getWorksheet('Департаменты')!
  expect(sheet.getCell('B2').value).toBe(`${ru(from)} – ${ru(to)}`)
  expect(sheet.getCell('B3').value).toBe(api.calendar.label)
  const values = (sheet.getSheetValues() as unknown[][]).find((r) => r?.[1] === 'Депздрав Югры')!
  expect(values.slice(2, 2 + figureColumns.length)).toEqual(
    figureColumns.map((c) => c.value(health.figures) ?? undefined),
  )
  expect(wb.getWorksheet('Запросы')!.rowCount).toBe(6 + api.total.received)
  await context.close()
})

test('the governor sees last week’s best and worst on his tablet, without the analytics screen', async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, 'governor', 'tabletPortrait')
  const scripts: string[] = []
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url())
  })
  await page.reload()
  await expect(page.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  expect(scripts.some((s) => /AnalyticsPage|WeeklySummary|charts/.test(s))).toBe(false)

  await page.getByRole('link', { name: 'Итоги недели' }).tap()
  await expect(page.getByRole('heading', { name: 'Итоги недели' })).toBeVisible()
  const weekly = await (await page.request.get('/api/analytics/weekly')).json()
  const best = page.getByRole('region', { name: 'Лучше всех' })
  await expect(best.getByRole('listitem')).toHaveCount(weekly.best.length)
  await expect(best.getByRole('listitem').first()).toContainText(weekly.best[0].shortName)
  expect(scripts.some((s) => /AnalyticsPage|charts/.test(s))).toBe(false)
  await expectAccessible(page, 'weekly summary')
  await shot(page, 'analytics-governor-week')
  await context.close()
})
