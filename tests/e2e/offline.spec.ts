import { type Page } from '@playwright/test'
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
