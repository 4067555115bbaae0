import { expect, test } from './fixtures'
import { expectAccessible, shot, signedIn, unique } from './helpers'

const PERSON = '4100077' // the department contact's MAX user_id in the emulator

interface Direct {
  user_id: string
  text?: string
  attachments?: Array<{ type: string; payload: { buttons: Array<Array<{ url: string }>> } }>
}

test('a department contact links MAX from the settings screen, gets a new request there with a button, and unlinks', async ({
  browser,
  request,
  viza: { maxEmulatorURL },
}) => {
  const department = await signedIn(browser, 'health')
  const page = department.page
  // the deep link opens MAX in a new tab: there is no MAX here, so it opens a stand-in
  await department.context.route('https://max.ru/**', (r) =>
    r.fulfill({ contentType: 'text/html', body: '<title>MAX</title>' }),
  )
  await page.goto('/notifications/settings')
  const max = page.getByRole('region', { name: 'MAX' })
  const popup = department.context.waitForEvent('page')
  await max.getByRole('button', { name: 'Подключить MAX' }).click()
  await (await popup).close()
  const link = await max.getByRole('link').getAttribute('href')
  expect(link).toMatch(/^https:\/\/max\.ru\/viza_test_bot\?start=[A-Za-z0-9_-]{24}$/)
  await expect(max).toContainText('Откройте ссылку и нажмите в MAX «Начать»')

  // In MAX the person presses «Начать»: the bot gets bot_started with the code by long polling.
  const code = new URL(link!).searchParams.get('start')!
  const started = await request.post(
    `${maxEmulatorURL}/_test/users/${PERSON}/start?payload=${code}`,
  )
  expect(started.status()).toBe(204)
  const directs = async () =>
    ((await (await request.get(`${maxEmulatorURL}/_test/direct`)).json()) as Direct[]).filter(
      (d) => d.user_id === PERSON,
    )
  await expect.poll(async () => (await directs()).at(-1)?.text).toMatch(/^Готово: уведомления/)
  await max.getByRole('button', { name: 'Проверить, подключён ли MAX' }).click()
  await expect(max).toContainText('MAX подключён: уведомления приходят от бота Визы.')
  await expect(page.getByText('MAX:', { exact: true }).locator('..')).toContainText('подключён')
  await shot(page, 'notification-settings-max-linked')
  await expectAccessible(page, 'notification settings, MAX linked')

  // An urgent request to the department (not held by quiet hours) arrives in MAX with a button.
  const editor = await signedIn(browser, 'smc')
  const title = unique('Паводок в Сургуте')
  const created = await (
    await editor.page.request.post('/api/posts', {
      data: {
        title,
        brief: 'Где пункты временного размещения',
        departmentId: 'health',
        urgent: true,
        channels: ['telegram'],
      },
    })
  ).json()
  const sent = await editor.page.request.post(`/api/posts/${created.id}/events`, {
    data: { type: 'SEND_REQUEST', expectedVersion: created.version },
  })
  expect(sent.status()).toBe(200)
  await expect
    .poll(async () => (await directs()).find((d) => d.text?.includes(title)), { timeout: 20_000 })
    .toBeTruthy()
  const notice = (await directs()).find((d) => d.text?.includes(title))!
  expect(notice.text).toContain(`Срочный запрос по поручению губернатора: «${title}» — до`)
  const button = notice.attachments?.[0]
  expect(button?.type).toBe('inline_keyboard')
  expect(button?.payload.buttons[0]![0]!.url).toMatch(new RegExp(`/posts/${created.id}$`))

  // «Отключить MAX»: the bot says goodbye, the screen offers to link again.
  await max.getByRole('button', { name: 'Отключить MAX' }).click()
  await expect(page.getByText('MAX отключён: уведомления туда больше не приходят')).toBeVisible()
  await expect(max.getByRole('button', { name: 'Подключить MAX' })).toBeVisible()
  await expect
    .poll(async () => (await directs()).at(-1)?.text)
    .toBe('Уведомления Визы отключены в настройках. Подключить снова можно в Визе.')
  await department.context.close()
  await editor.context.close()
})
