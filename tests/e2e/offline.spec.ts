import { type BrowserContext, type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { sentUpViaApi, shot, signedIn, unique } from './helpers'

/** The app is installed: its service worker controls the page and has the app cached. */
async function installed(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r))
  })
}

test('on a plane: the governor’s queue and posts open offline; his decision waits and goes out when the connection returns', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Мост через Обь')
  const p = await sentUpViaApi(editor.page, title, 'Мост через Обь откроют 20 декабря.', [
    'telegram',
    'vk',
  ])
  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  const g = governor.page
  await installed(g)
  await g.reload()
  await expect(g.getByRole('heading', { name: title })).toBeVisible()
  // The queue fetched its posts ahead; give the cache a moment to be written to the device.
  await g.waitForTimeout(1500)

  await governor.context.setOffline(true)
  await g.reload()
  await expect(g.getByRole('heading', { name: title })).toBeVisible()
  await g.getByRole('heading', { name: title }).tap()
  const box = g.getByLabel(/Текст поста/)
  await expect(box).toHaveValue('Мост через Обь откроют 20 декабря.')
  await box.fill('Мост через Обь откроют 20 декабря, движение — с 8:00.')
  await g.getByRole('button', { name: 'Утвердить с моими правками' }).tap()
  await expect(g.getByText('Ждёт отправки.')).toBeVisible()
  await shot(g, 'governor-offline-waiting')
  await g.getByRole('link', { name: '← Очередь' }).tap()
  await expect(g.locator('li', { hasText: title }).getByText('ждёт отправки')).toBeVisible()

  // Nothing reached the server yet.
  expect((await (await editor.page.request.get(`/api/posts/${p.id}`)).json()).state).toBe(
    'awaitingGovernor',
  )

  await governor.context.setOffline(false)
  await expect
    .poll(async () => (await (await editor.page.request.get(`/api/posts/${p.id}`)).json()).state, {
      timeout: 30_000,
    })
    .toBe('approved')
  const after = await (await editor.page.request.get(`/api/posts/${p.id}`)).json()
  expect(after.text).toBe('Мост через Обь откроют 20 декабря, движение — с 8:00.')
  await expect(g.locator('li', { hasText: title }).getByText('ждёт отправки')).toHaveCount(0)
  await editor.context.close()
  await governor.context.close()
})

test('on a plane: if the post changed meanwhile, nothing is approved and he sees both texts', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Ледовая переправа')
  const p = await sentUpViaApi(editor.page, title, 'Переправа откроется в пятницу.', [
    'telegram',
    'vk',
  ])
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  const g = governor.page
  await installed(g)
  await g.goto(`/posts/${p.id}`)
  await expect(g.getByLabel(/Текст поста/)).toHaveValue('Переправа откроется в пятницу.')
  await g.waitForTimeout(1500)

  await governor.context.setOffline(true)
  await g.getByLabel(/Текст поста/).fill('Переправа откроется в пятницу, для машин до 3 тонн.')
  await g.getByRole('button', { name: 'Утвердить с моими правками' }).tap()
  await expect(g.getByText('Ждёт отправки.')).toBeVisible()

  // Meanwhile, on his other device (online), the text changes.
  const other = await signedIn(browser, 'governor', 'tabletPortrait')
  const current = await (await other.page.request.get(`/api/posts/${p.id}`)).json()
  await other.page.request.post(`/api/posts/${p.id}/events`, {
    data: {
      type: 'EDIT_TEXT',
      text: 'Переправа откроется в субботу.',
      expectedVersion: current.version,
    },
  })

  await governor.context.setOffline(false)
  await expect(g.getByText('Пока не было связи, пост изменился')).toBeVisible({ timeout: 30_000 })
  await expect(g.locator('ins').filter({ hasText: 'субботу' }).first()).toBeVisible()
  await shot(g, 'governor-offline-conflict')
  const after = await (await editor.page.request.get(`/api/posts/${p.id}`)).json()
  expect(after.state).toBe('awaitingGovernor')
  expect(after.text).toBe('Переправа откроется в субботу.')
  expect(after.context.approval).toBeNull()
  for (const c of [editor, governor, other]) await c.context.close()
})

/**
 * The tablet loses (or regains) its connection. Playwright's offline emulation did not always
 * reach the requests of a page opened after it was set (they went out while `navigator.onLine`
 * said false), so the API is also cut at the context's router.
 */
async function connection(context: BrowserContext, on: boolean) {
  if (on) await context.unroute('**/api/**')
  else await context.route('**/api/**', (route) => route.abort('internetdisconnected'))
  await context.setOffline(!on)
}

test('on a plane: a decision made offline survives reloads and a new page, and goes out once when the connection returns', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Паромная переправа')
  const text = 'Паром через Иртыш пойдёт с 1 мая.'
  const p = await sentUpViaApi(editor.page, title, text, ['telegram', 'vk'])
  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  let g = governor.page
  await installed(g)
  await g.reload()
  // The queue is loaded (it fetches its posts ahead).
  await expect(g.getByRole('heading', { name: title })).toBeVisible()

  // Offline, he opens the post and approves it as he sees it.
  await connection(governor.context, false)
  await g.getByRole('heading', { name: title }).tap()
  await expect(g.getByLabel(/Текст поста/)).toHaveValue(text)
  await g.getByRole('button', { name: 'Утвердить', exact: true }).tap()
  await expect(g.getByText('Ждёт отправки.')).toBeVisible()

  // Two reloads, still offline: the post opens, his decision is still there and waits.
  const approve = g.getByRole('button', { name: 'Утвердить', exact: true })
  for (let i = 0; i < 2; i++) {
    await g.reload()
    await expect(g.getByLabel(/Текст поста/)).toHaveValue(text)
    await expect(g.getByText('Ждёт отправки.')).toBeVisible()
    // he is not invited to approve it again
    await expect(approve).toBeDisabled()
  }
  await shot(g, 'governor-offline-waiting-after-reload')

  // The app is closed and opened again, still without a connection: the queue says it waits.
  await g.close()
  g = await governor.context.newPage()
  g.on('pageerror', (e) => {
    throw e
  })
  // (the emulation is applied afresh, to the blank page too, before the app opens in it)
  await governor.context.setOffline(false)
  await governor.context.setOffline(true)
  await g.goto('/review')
  await expect(g.locator('li', { hasText: title }).getByText('ждёт отправки')).toBeVisible()
  await shot(g, 'governor-offline-queue-waiting')
  expect((await (await editor.page.request.get(`/api/posts/${p.id}`)).json()).state).toBe(
    'awaitingGovernor',
  )

  // The connection returns: the decision goes out, once, and he is told.
  await connection(governor.context, true)
  await expect(g.getByText(/Решение отправлено/)).toBeVisible({ timeout: 30_000 })
  await shot(g, 'governor-offline-sent')
  await expect(g.locator('li', { hasText: title }).getByText('ждёт отправки')).toHaveCount(0)
  // Opened again online: nothing is sent a second time.
  await g.reload()
  await expect(g.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  const after = await (await editor.page.request.get(`/api/posts/${p.id}`)).json()
  expect(after.text).toBe(text)
  expect(after.context.approval).not.toBeNull()
  const approvals = (after.history as { event: string; payload: { text?: string } }[]).filter(
    (h) => h.event === 'APPROVE',
  )
  expect(approvals).toHaveLength(1)
  await editor.context.close()
  await governor.context.close()
})
