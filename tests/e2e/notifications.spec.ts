import { expect, test } from './fixtures'
import { bellCount, expectAccessible, shot, signedIn, unique, unreadOnServer } from './helpers'

test('a department contact sees a new urgent request in the notification centre at once, and it opens the request', async ({
  browser,
}) => {
  const department = await signedIn(browser, 'health')
  const editor = await signedIn(browser, 'smc')
  const title = unique('Паводок в Нижневартовске')
  const bell = department.page.getByRole('button', { name: /^Уведомления/ })
  await expect(bell).toBeVisible()
  const before = await unreadOnServer(department.page)

  // Precondition through the API (the SMC's screen is tested elsewhere): an urgent request.
  const api = editor.page.request
  const created = await (
    await api.post('/api/posts', {
      data: {
        title,
        brief: 'Сколько домов подтоплено, где пункты временного размещения',
        departmentId: 'health',
        urgent: true,
        channels: ['telegram'],
      },
    })
  ).json()
  const sent = await api.post(`/api/posts/${created.id}/events`, {
    data: { type: 'SEND_REQUEST', expectedVersion: created.version },
  })
  expect(sent.status()).toBe(200)

  // The department's page was open all along: the count goes up without a reload.
  await expect.poll(() => bellCount(bell)).toBe(before + 1)
  await bell.click()
  const panel = department.page.getByRole('region', { name: 'Уведомления' })
  const item = panel.getByRole('link', { name: new RegExp(title) })
  await expect(item).toContainText('Срочно')
  await expect(item).toContainText(`Срочный запрос по поручению губернатора: «${title}» — до`)
  await expect(item).toContainText('Запрашивает — Анна Соколова, ЦСМ.')
  await shot(department.page, 'notification-centre-department')
  await expectAccessible(department.page, 'notification centre')

  await item.click()
  await expect(department.page).toHaveURL(new RegExp(`/posts/${created.id}$`))
  await expect(department.page.getByRole('heading', { name: title })).toBeVisible()
  // opened means read
  await expect.poll(() => bellCount(bell)).toBeLessThanOrEqual(before)
  await department.context.close()
  await editor.context.close()
})

test('a person chooses where to be told and sets quiet hours', async ({ browser }) => {
  const department = await signedIn(browser, 'health')
  const page = department.page
  await page.getByRole('button', { name: /^Уведомления/ }).click()
  await page.getByRole('link', { name: 'Настройки уведомлений' }).click()
  await expect(page.getByRole('heading', { name: 'Настройки уведомлений' })).toBeVisible()
  const email = page.getByRole('checkbox', { name: 'Новый запрос: Почта' })
  await expect(email).toBeChecked()
  await email.uncheck()
  await page.getByLabel('с', { exact: true }).fill('20:00')
  await shot(page, 'notification-settings')
  await expectAccessible(page, 'notification settings')
  await page.getByRole('button', { name: 'Сохранить настройки уведомлений' }).click()
  await expect(page.getByText('Настройки уведомлений сохранены')).toBeVisible()
  await page.reload()
  await expect(page.getByRole('checkbox', { name: 'Новый запрос: Почта' })).not.toBeChecked()
  await expect(page.getByLabel('с', { exact: true })).toHaveValue('20:00')
  await department.context.close()
})

test('the admin sees which messages outside the tab did not go', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin')
  const page = admin.page
  await page.getByRole('link', { name: 'Уведомления', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Уведомления: что не доставлено' })).toBeVisible()
  // This server has no outside channel configured, so nothing failed.
  await expect(page.getByText('Недоставленных уведомлений нет.')).toBeVisible()
  await expectAccessible(page, 'admin notifications')
  await admin.context.close()
})

test('the governor chooses when the digest of what waits for him comes', async ({ browser }) => {
  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  const page = governor.page
  await page.getByRole('button', { name: /^Уведомления/ }).tap()
  await page.getByRole('link', { name: 'Настройки уведомлений' }).tap()
  const digest = page.getByRole('group', { name: 'Сводка: что ждёт решения' })
  await expect(digest.getByLabel('Сводка в')).toHaveValue('08:30')
  await digest.getByRole('button', { name: 'Добавить время сводки' }).tap()
  await expect(digest.getByLabel('Сводка в')).toHaveCount(2)
  await shot(page, 'notification-settings-governor')
  await expectAccessible(page, 'governor notification settings')
  await page.getByRole('button', { name: 'Сохранить настройки уведомлений' }).tap()
  await expect(page.getByText('Настройки уведомлений сохранены')).toBeVisible()
  await page.reload()
  const times = page.getByRole('group', { name: 'Сводка: что ждёт решения' }).getByLabel('Сводка в')
  await expect(times.nth(0)).toHaveValue('08:30')
  await expect(times.nth(1)).toHaveValue('13:00')
  await governor.context.close()
})
