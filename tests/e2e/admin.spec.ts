import { type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { CALENDAR_2027_XML } from '../fixtures/calendar-2027'
import { expectAccessible, shot, signedIn } from './helpers'

/** No browser dialog anywhere on the admin's screens (the old password reset used window.prompt). */
const noDialogs = (page: Page) =>
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`)
  })

test('users: create with e-mail, edit name, department and e-mail, reset a password without a dialog', async ({
  browser,
}) => {
  // A user of its own: the demo accounts stay as the rest of the browser suite expects them.
  const { page, context } = await signedIn(browser, 'admin')
  noDialogs(page)
  await page.getByRole('link', { name: 'Пользователи' }).click()
  await page.getByLabel('Логин', { exact: true }).fill('kozlova')
  await page.getByLabel('Имя', { exact: true }).fill('Ольга Козлова')
  await page.getByLabel('Департамент', { exact: true }).selectOption('finance')
  await page.getByLabel('Почта (необязательно)').fill('Kozlova@Admhmao.example')
  await page.getByLabel('Пароль', { exact: true }).fill('pervyi-parol-1')
  await page.getByRole('button', { name: 'Создать' }).click()
  const row = page.getByRole('row', { name: /kozlova/ })
  await expect(row).toContainText('kozlova@admhmao.example')
  await expect(row).toContainText('Депфин Югры')

  await page.getByRole('button', { name: 'Изменить: kozlova' }).click()
  const form = page.getByRole('form', { name: 'Изменение пользователя kozlova' })
  await form.getByLabel('Имя').fill('Ольга Петровна Козлова')
  await form.getByLabel('Почта').fill('o.kozlova@admhmao.example')
  await form.getByLabel('Департамент').selectOption('economy')
  await shot(page, 'admin-user-edit')
  await form.getByRole('button', { name: 'Сохранить изменения' }).click()
  await expect(row).toContainText('Ольга Петровна Козлова')
  await expect(row).toContainText('o.kozlova@admhmao.example')
  await expect(row).toContainText('Депэкономики Югры')
  await expect(page.getByText(/Изменения сохранены — kozlova/)).toBeVisible()

  // a bad e-mail: the server's reason, in Russian, where the admin looks
  await page.getByRole('button', { name: 'Изменить: kozlova' }).click()
  await form.getByLabel('Почта').fill('kozlova@localhost')
  await form.getByRole('button', { name: 'Сохранить изменения' }).click()
  await expect(form.getByRole('alert')).toContainText('Адрес почты в формате имя@example.ru')
  await form.getByRole('button', { name: 'Отмена' }).click()

  await page.getByRole('button', { name: 'Сменить пароль: kozlova' }).click()
  await page.getByLabel('Новый пароль для kozlova').fill('novyi-parol-2027')
  await shot(page, 'admin-password-reset')
  await page.getByRole('button', { name: 'Сменить пароль и завершить сеансы' }).click()
  await expect(page.getByText(/Пароль изменён — kozlova/)).toBeVisible()
  await expectAccessible(page, 'admin users')

  // the new password signs in; the old one no longer does
  const other = await browser.newContext()
  const p2 = await other.newPage()
  await p2.goto('/')
  await p2.getByLabel('Логин').fill('kozlova')
  await p2.getByLabel('Пароль').fill('pervyi-parol-1')
  await p2.getByRole('button', { name: 'Войти' }).click()
  await expect(p2.getByRole('alert')).toBeVisible()
  await p2.getByLabel('Пароль').fill('novyi-parol-2027')
  await p2.getByRole('button', { name: 'Войти' }).click()
  await expect(p2.getByRole('button', { name: 'Выйти' })).toBeVisible()
  await other.close()
  await context.close()
})

test('departments: rename, deactivate, and see which have no active contact', async ({
  browser,
}) => {
  const { page, context } = await signedIn(browser, 'admin')
  noDialogs(page)
  await page.getByRole('link', { name: 'Департаменты' }).click()
  const orphans = page.getByRole('region', { name: /Без активного контакта/ })
  await expect(orphans).toContainText('Депспорт Югры')
  // health has its contact
  await expect(page.getByRole('listitem', { name: 'Депздрав Югры' })).toContainText(
    '1 активный контакт',
  )
  await expect(page.getByRole('listitem', { name: 'Депспорт Югры' })).toContainText(
    'нет активного контакта',
  )
  await page.getByRole('button', { name: 'Переименовать: Депспорт Югры' }).click()
  await page.getByLabel('Краткое название').last().fill('Депспорта Югры')
  await page.getByRole('button', { name: 'Сохранить название' }).click()
  await expect(page.getByRole('listitem', { name: 'Депспорта Югры' })).toBeVisible()
  await page.getByRole('button', { name: 'Отключить: Депспорта Югры' }).click()
  await expect(page.getByRole('listitem', { name: 'Депспорта Югры' })).toContainText('отключён')
  // a disabled department is not counted as missing a contact
  await expect(orphans).not.toContainText('Депспорта Югры')
  await shot(page, 'admin-departments')
  await expectAccessible(page, 'admin departments')
  await context.close()
})

test('calendar: one request saves hours and deadlines; a year loaded from XML after confirmation', async ({
  browser,
}) => {
  const { page, context } = await signedIn(browser, 'admin')
  noDialogs(page)
  const writes: string[] = []
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/api/admin/'))
      writes.push(`${r.method()} ${new URL(r.url()).pathname}`)
  })
  await page.getByRole('link', { name: 'Календарь' }).click()
  await page.getByLabel('Обед с').fill('12:30')
  await page.getByRole('group', { name: 'Поручение губернатора' }).getByLabel('Срок').fill('2')
  await page.getByRole('button', { name: 'Сохранить изменения' }).click()
  await expect(page.getByText(/Календарь сохранён/)).toBeVisible()
  expect(writes).toEqual(['PUT /api/admin/calendar-settings'])
  await page.reload()
  await expect(page.getByLabel('Обед с')).toHaveValue('12:30')
  await expect(
    page.getByRole('group', { name: 'Поручение губернатора' }).getByLabel('Срок'),
  ).toHaveValue('2')
  await expect(page.getByRole('group', { name: 'Обычный запрос' }).getByLabel('Срок')).toHaveValue(
    '1',
  )

  await page.getByLabel('Файл календаря (.xml)').setInputFiles({
    name: 'calendar-2027.xml',
    mimeType: 'text/xml',
    buffer: Buffer.from(CALENDAR_2027_XML, 'utf8'),
  })
  const diff = page.getByRole('region', { name: /Изменения из файла calendar-2027\.xml/ })
  await expect(diff).toContainText('2 дня изменятся')
  await expect(diff).toContainText('Станут выходными: 2')
  await expect(diff).toContainText('пт, 31 декабря — был сокращённый')
  await expect(diff).toContainText('с сб, 2 января на пт, 31 декабря')
  // nothing is applied before the button
  expect(writes).toEqual([
    'PUT /api/admin/calendar-settings',
    'POST /api/admin/calendar/import/preview',
  ])
  await shot(page, 'admin-calendar-import-preview')
  await expectAccessible(page, 'admin calendar import')
  await page
    .getByRole('button', { name: 'Применить изменения и отметить 2027 год официальным' })
    .click()
  await expect(page.getByText(/на 2027 год загружен/)).toBeVisible()
  await expect(page.getByText('Год подтверждён администратором.')).toBeVisible()
  await expect(
    page.getByText('Дни года загружены из файла производственного календаря.'),
  ).toBeVisible()
  await expect(
    page.getByRole('button', { name: '31 декабря: перенесённый выходной' }),
  ).toBeVisible()

  // a malformed file: the reason, and nothing applied
  await page.getByLabel('Файл календаря (.xml)').setInputFiles({
    name: 'broken.xml',
    mimeType: 'text/xml',
    buffer: Buffer.from('<calendar year="2027"><days><day d="30.02" t="1"/></days></calendar>'),
  })
  await expect(page.getByRole('alert')).toContainText('день № 1: нет такой даты 30.02.2027')
  await shot(page, 'admin-calendar-after-import')

  // back to the default hours and deadlines, which the rest of the browser suite expects
  await page.getByLabel('Обед с').fill('13:00')
  await page.getByRole('group', { name: 'Поручение губернатора' }).getByLabel('Срок').fill('3')
  await page.getByRole('button', { name: 'Сохранить изменения' }).click()
  await expect(page.getByRole('button', { name: 'Сохранить изменения' })).toBeDisabled()
  await page.reload()
  await expect(page.getByLabel('Обед с')).toHaveValue('13:00')
  await expect(
    page.getByRole('group', { name: 'Поручение губернатора' }).getByLabel('Срок'),
  ).toHaveValue('3')
  expect(writes.filter((w) => w.startsWith('PUT'))).toEqual([
    'PUT /api/admin/calendar-settings',
    'PUT /api/admin/calendar-settings',
  ])
  await context.close()
})

test('channels: credentials are write-only, checked against the real API, removable', async ({
  browser,
}) => {
  const { page, context } = await signedIn(browser, 'admin')
  noDialogs(page)
  await page.getByRole('link', { name: 'Каналы', exact: true }).click()
  const tg = page.getByRole('region', { name: 'Telegram' })
  await expect(tg).toContainText('Демо-канал')
  await expect(tg.getByRole('button', { name: 'Проверить подключение' })).toBeDisabled()
  await tg.getByLabel('Токен бота').fill('7000000001:AAE-e2e-secret-token')
  await tg.getByLabel('Канал: @имя или числовой номер').fill('@gov_e2e')
  await tg.getByRole('button', { name: 'Сохранить ключи' }).click()
  await expect(tg).toContainText('Подключён: данные сохранены здесь')
  await expect(tg.getByLabel('Токен бота')).toHaveValue('')
  await expect(tg.getByLabel('Токен бота')).toHaveAttribute('placeholder', /сохранено/)
  // never sent back: not on the page, not in any answer the browser got
  await page.reload()
  await expect(page.getByRole('region', { name: 'Telegram' })).toContainText(
    'данные сохранены здесь',
  )
  expect(await page.content()).not.toContain('AAE-e2e-secret-token')
  const list = await page.request.get('/api/admin/channels')
  expect(await list.text()).not.toContain('AAE-e2e-secret-token')

  // this machine reaches no Telegram: the check says so instead of pretending
  await page
    .getByRole('region', { name: 'Telegram' })
    .getByRole('button', { name: 'Проверить подключение' })
    .click()
  await expect(page.getByRole('region', { name: 'Telegram' }).getByRole('status')).toContainText(
    'Telegram',
    {
      timeout: 20_000,
    },
  )
  await shot(page, 'admin-channels')
  await expectAccessible(page, 'admin channels')

  // back to the demo channel, so the rest of the browser suite publishes as before
  await page
    .getByRole('region', { name: 'Telegram' })
    .getByRole('button', { name: 'Удалить сохранённые ключи' })
    .click()
  await expect(page.getByRole('region', { name: 'Telegram' })).toContainText('Демо-канал')
  await context.close()
})
