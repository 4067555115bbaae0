import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { expect, test } from './fixtures'
import { commentColumns, formatFigure } from '../../src/domain/analytics/columns'
import type { CommentListDto, CommentsReportDto } from '../../src/shared/api/analytics-contract'
import { expectAccessible, shot, signedIn } from './helpers'

/**
 * The citizens' comments in the analytics screen, on the demo database (its comments routed to
 * departments): the figures on screen are the API's, a figure opens the comments behind it,
 * and the downloaded CSV and XLSX carry the same numbers. Nothing is changed here, so the
 * other browser tests find the demo comments as seeded.
 */
test('the SMC reads the comments figures, drills into one and downloads them', async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, 'smc')
  const scripts: string[] = []
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url())
  })
  await page.getByRole('link', { name: 'Аналитика' }).click()
  await expect(page.getByTestId('departments-table')).toBeVisible()
  // the comments' part is its own chunk, fetched when its tab is opened
  expect(scripts.some((s) => /CommentsAnalytics/.test(s))).toBe(false)
  await page.getByRole('button', { name: 'Комментарии жителей' }).click()
  await expect(page.getByRole('button', { name: 'Комментарии жителей' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  const table = page.getByTestId('comments-table')
  await expect(table).toBeVisible()
  expect(scripts.some((s) => /CommentsAnalytics/.test(s))).toBe(true)

  const from = await page.getByLabel('С', { exact: true }).inputValue()
  const to = await page.getByLabel('По', { exact: true }).inputValue()
  const api = (await (
    await page.request.get(`/api/analytics/comments/departments?from=${from}&to=${to}`)
  ).json()) as CommentsReportDto
  const health = api.departments.find((d) => d.departmentId === 'health')!
  expect(health.figures.registered).toBeGreaterThan(0)

  // every figure on screen is the API's, formatted once for the screen and the exports
  for (const [rowKey, figures] of [
    ['health', health.figures],
    ['total', api.total],
  ] as const) {
    const row = table.locator(`tr[data-department="${rowKey}"]`)
    for (const c of commentColumns)
      await expect(row.locator(`td[data-key="${c.key}"]`)).toHaveText(
        formatFigure(c.value(figures), c.format),
      )
  }
  await expect(page.getByTestId('comments-calendar-version')).toContainText(api.calendar.label)

  // drill-down: the comments behind health's «Комментариев»
  await table
    .locator('tr[data-department="health"] td[data-key="registered"]')
    .getByRole('button')
    .click()
  const drill = page.getByTestId('comments-drill-down')
  await expect(drill.getByRole('heading')).toContainText('Депздрав Югры: комментариев')
  await expect(drill.locator('tbody tr')).toHaveCount(health.figures.registered)
  const list = (await (
    await page.request.get(
      `/api/analytics/comments?from=${from}&to=${to}&department=health&figure=received`,
    )
  ).json()) as CommentListDto
  expect(list.items).toHaveLength(health.figures.registered)
  for (const [i, item] of list.items.entries())
    await expect(drill.locator('tbody tr').nth(i)).toContainText(item.text)

  // the total's «Без ответа» opens every comment still waiting
  await table.locator('tr[data-department="total"] td[data-key="open"]').getByRole('button').click()
  await expect(drill.getByRole('heading')).toContainText(
    'Все департаменты: без ответа — ждут ответа',
  )
  await expect(drill.locator('tbody tr')).toHaveCount(api.total.open)

  await expect(
    page.getByRole('img', { name: /Доля ответов на комментарии в срок по неделям/ }),
  ).toBeVisible()
  await expect(
    page.getByRole('img', { name: /Распределение времени первого ответа на комментарии/ }),
  ).toBeVisible()
  await expectAccessible(page, 'analytics comments')
  await shot(page, 'analytics-comments-smc')

  // downloads: the same figures under the requests', with the period and the calendar version
  const ru = (d: string) => d.split('-').reverse().join('.')
  const screenRow = await table.locator('tr[data-department="health"] td').allTextContents()
  const csvDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Скачать CSV' }).click()
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
  expect(csv).toContain(`Период;${ru(from)} – ${ru(to)}`)
  expect(csv).toContain(`Календарь;${api.calendar.label}`)
  const block = csv.slice(csv.findIndex((l) => l.startsWith('Ответы на комментарии жителей')))
  expect(block).toContain(['Депздрав Югры', ...screenRow].join(';'))

  const xlsxDownload = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Скачать XLSX' }).click()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(readFileSync((await (await xlsxDownload).path())!) as never)
  const sheet = wb.getWorksheet('Комментарии по департаментам')!
  expect(sheet.getCell('B2').value).toBe(`${ru(from)} – ${ru(to)}`)
  expect(sheet.getCell('B3').value).toBe(api.calendar.label)
  const values = (sheet.getSheetValues() as unknown[][]).find((r) => r?.[1] === 'Депздрав Югры')!
  expect(values.slice(2, 2 + commentColumns.length)).toEqual(
    commentColumns.map((c) => c.value(health.figures) ?? undefined),
  )
  expect(wb.getWorksheet('Комментарии')!.rowCount).toBe(6 + api.total.registered)

  // every row of the drill-down is a real link to the comment's own screen
  await table
    .locator('tr[data-department="health"] td[data-key="registered"]')
    .getByRole('button')
    .click()
  await expect(drill.locator('tbody tr')).toHaveCount(health.figures.registered)
  for (const [i, item] of list.items.entries())
    await expect(drill.locator('tbody tr').nth(i).getByRole('link')).toHaveAttribute(
      'href',
      `/comments/${item.commentId}`,
    )
  const first = list.items[0]!
  const link = drill.locator('tbody tr').first().getByRole('link')
  // a middle click opens it in a new tab and leaves the list as it is
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click({ button: 'middle' })])
  await expect(tab.getByRole('heading', { name: 'Комментарий жителя' })).toBeVisible()
  expect(new URL(tab.url()).pathname).toBe(`/comments/${first.commentId}`)
  await tab.close()
  await expect(drill.locator('tbody tr')).toHaveCount(health.figures.registered)
  // the keyboard opens it here
  await link.focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/comments/${first.commentId}$`))
  await expect(page.getByRole('heading', { name: 'Комментарий жителя' })).toBeVisible()
  await expect(page.getByText(first.text.replace(/…$/, '')).first()).toBeVisible()
  await shot(page, 'analytics-comments-opened')
  await context.close()
})
