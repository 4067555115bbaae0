import { type Browser } from '@playwright/test'
import { expect, test } from './fixtures'
import { DEMO_PASSWORD, expectAccessible, sentUpViaApi, shot, signedIn, unique } from './helpers'

const FOUR = ['telegram', 'vk', 'ok', 'max']

/** A precondition only: the governor approves the text he was sent, through the API. */
async function approvedByGovernor(browser: Browser, postId: string) {
  const context = await browser.newContext()
  await context.request.post('/api/session', {
    data: { login: 'governor', password: DEMO_PASSWORD },
  })
  const p = await (await context.request.get(`/api/posts/${postId}`)).json()
  const r = await context.request.post(`/api/posts/${postId}/events`, {
    data: { type: 'APPROVE', textVersion: p.textVersion, expectedVersion: p.version },
  })
  expect(r.status()).toBe(200)
  await context.close()
}

test('a post approved for Telegram, VK, OK and MAX is published to all four, with four links', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Четыре канала')
  const p = await sentUpViaApi(
    editor.page,
    title,
    '**Важно**: прививки в 42 пунктах <до 20.12> & [запись](https://gosuslugi.ru)',
    FOUR,
  )
  await approvedByGovernor(browser, p.id)

  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByRole('button', { name: 'Опубликовать сейчас' }).click()
  await expect(editor.page.getByText('Опубликован', { exact: true }).first()).toBeVisible({
    timeout: 20_000,
  })
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(4)
  await expect(ledger.getByRole('listitem', { name: 'MAX: опубликовано' })).toBeVisible()
  await shot(editor.page, 'max-four-channels-ledger')

  // MAX's demo channel shows the governor's text formatted, as MAX shows HTML.
  await editor.page.goto('/demo-channels#max')
  const column = editor.page.getByRole('region', { name: 'MAX, демо-канал' })
  const item = column.locator('li', { hasText: 'прививки в 42 пунктах <до 20.12> &' })
  await expect(item).toHaveCount(1)
  await expect(item.locator('strong')).toHaveText('Важно')
  await expect(item.getByRole('link', { name: 'запись' })).toHaveAttribute(
    'href',
    'https://gosuslugi.ru',
  )
  await shot(editor.page, 'max-demo-channels')
  await expectAccessible(editor.page, 'demo channels with MAX')
  await editor.context.close()
})

test('MAX failing: the editor sees it, checks the channel, and one more attempt publishes it once', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('MAX не ответил')
  const p = await sentUpViaApi(
    editor.page,
    title,
    'Текст, который MAX примет со второго раза.',
    FOUR,
  )
  await approvedByGovernor(browser, p.id)
  // MAX answers the next attempt with a 503: the post may or may not be there.
  const injected = await editor.page.request.post('/api/test/demo-faults', {
    data: { channel: 'max', faults: ['serverError'] },
  })
  expect(injected.status()).toBe(200)

  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByRole('button', { name: 'Опубликовать сейчас' }).click()
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  const maxRow = ledger.getByRole('listitem', { name: 'MAX: неизвестно — проверьте канал' })
  await expect(maxRow).toBeVisible({ timeout: 20_000 })
  await expect(maxRow).toContainText('Демо-канал «MAX»: ошибка сервера (503)')
  await expect(maxRow).toContainText('повторять вслепую нельзя')
  // the other three went out; the post waits for MAX
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(3, {
    timeout: 20_000,
  })
  await expect(editor.page.getByText('Опубликован', { exact: true })).toHaveCount(0)
  await shot(editor.page, 'max-unknown-outcome')
  await expectAccessible(editor.page, 'post with MAX unknown')

  // No blind retry: still one attempt, nothing in MAX's demo channel.
  await editor.page.waitForTimeout(2500)
  await expect(maxRow.getByText(/попыток/)).toHaveCount(0)
  const demo = await (await editor.page.request.get('/api/demo-channels')).json()
  const inMax = (items: Array<{ channel: string; postId: string }>) =>
    items.filter((i) => i.channel === 'max' && i.postId === p.id)
  expect(inMax(demo.items)).toHaveLength(0)

  // She checked the channel: no post there — one more attempt, on her word.
  await maxRow.getByRole('button', { name: 'Поста нет — отправить снова' }).click()
  await expect(ledger.getByRole('listitem', { name: 'MAX: опубликовано' })).toBeVisible({
    timeout: 20_000,
  })
  await expect(editor.page.getByText('Опубликован', { exact: true }).first()).toBeVisible()
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(4)
  const after = await (await editor.page.request.get('/api/demo-channels')).json()
  expect(inMax(after.items)).toHaveLength(1)
  await shot(editor.page, 'max-recovered')
  await editor.context.close()
})

test('while a post goes out, each channel’s outcome shows as it comes, without a reload', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const p = await sentUpViaApi(editor.page, unique('MAX со второй попытки'), 'Текст.', FOUR)
  await approvedByGovernor(browser, p.id)
  // MAX first asks to wait a second, then fails with the outcome unknown: neither is an event
  // of the post, so only a page that keeps looking sees the second.
  const injected = await editor.page.request.post('/api/test/demo-faults', {
    data: { channel: 'max', faults: ['rateLimited', 'serverError'] },
  })
  expect(injected.status()).toBe(200)
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByRole('button', { name: 'Опубликовать сейчас' }).click()
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  await expect(
    ledger.getByRole('listitem', { name: 'MAX: неизвестно — проверьте канал' }),
  ).toBeVisible({ timeout: 15_000 })
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(3)
  await editor.context.close()
})

test('the admin’s channel settings say how to connect MAX, and never show its token', async ({
  browser,
}) => {
  const { page, context } = await signedIn(browser, 'admin')
  await page.getByRole('link', { name: 'Каналы', exact: true }).click()
  const card = page.getByRole('region', { name: 'MAX' })
  await expect(card).toContainText('Демо-канал')
  await expect(card.getByLabel('Токен бота')).toHaveAttribute('type', 'password')
  await expect(card.getByLabel('Номер канала (chat_id)')).toBeVisible()
  await expect(card.getByRole('button', { name: 'Проверить подключение' })).toBeDisabled()
  await card.getByText('Как подключить канал в MAX').click()
  await expect(card).toContainText('«Администраторы» → «Добавить»')
  await expect(card).toContainText('право писать сообщения')
  await shot(page, 'max-admin-channels')
  await expectAccessible(page, 'admin channels with MAX')
  await context.close()
})
