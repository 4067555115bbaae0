import { type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { shot, signedIn, unique, viewports } from './helpers'

/** Preconditions only (the step under test is always done on screen): a post in editing. */
async function inEditing(page: Page, text: string, channels = ['telegram', 'vk', 'ok']) {
  const api = page.request
  const title = unique('Ледовая переправа')
  let p = await (
    await api.post('/api/posts', { data: { title, brief: 'Сроки', channels, urgent: false } })
  ).json()
  for (const payload of [{ type: 'WRITE_IN_HOUSE' }, { type: 'EDIT_TEXT', text }]) {
    p = await (
      await api.post(`/api/posts/${p.id}/events`, {
        data: { ...payload, expectedVersion: p.version },
      })
    ).json()
  }
  // an event answers with the new state and version, not the whole post: the title is ours
  return { ...p, title } as { id: string; title: string; version: number; textVersion: number }
}

const read = async (page: Page, id: string) => (await page.request.get(`/api/posts/${id}`)).json()

test('defect 1: the governor approves the text he is looking at, unsaved edits included', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const p = await inEditing(editor.page, 'Переправу через Обь откроют 15 декабря.')
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByRole('button', { name: 'Отправить губернатору' }).click()
  await expect(editor.page.getByText('На утверждении у губернатора').first()).toBeVisible()

  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  await governor.page.goto(`/posts/${p.id}`)
  const box = governor.page.getByLabel(/Текст поста/)
  await expect(governor.page.getByRole('button', { name: 'Утвердить', exact: true })).toBeEnabled()
  await box.fill('Переправу через Обь откроют 15 декабря, для машин до 3 тонн.')
  // The button says what it will do, and the diff of his edits follows his typing.
  const approve = governor.page.getByRole('button', { name: 'Утвердить с моими правками' })
  await expect(approve).toBeEnabled()
  const diff = governor.page
    .getByRole('heading', { name: 'Ваши правки к тексту ЦСМ' })
    .locator('..')
  await expect(diff.locator('ins')).toContainText('для машин до 3 тонн')
  await expect(governor.page.getByText('Без изменений')).toHaveCount(0)
  await shot(governor.page, 'governor-unsaved-edit-landscape')
  await approve.tap()
  await expect(governor.page.getByText(`Пост «${p.title}» утверждён`)).toBeVisible()
  const after = await read(editor.page, p.id)
  expect(after.state).toBe('approved')
  expect(after.text).toBe('Переправу через Обь откроют 15 декабря, для машин до 3 тонн.')
  expect(after.versions.at(-1)).toMatchObject({ authorRole: 'governor', length: after.text.length })
  const approvedVersion = await editor.page.request.get(
    `/api/posts/${p.id}/versions/${after.textVersion}`,
  )
  expect(await approvedVersion.json()).toMatchObject({ authorRole: 'governor', text: after.text })
  await editor.context.close()
  await governor.context.close()
})

test('defect 2: the editor sends the governor the text on her screen', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  const p = await inEditing(editor.page, 'Черновик ЦСМ.')
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByLabel('Текст поста').fill('Окончательный текст ЦСМ, который она видит.')
  await editor.page.getByRole('button', { name: 'Сохранить и отправить губернатору' }).click()
  await expect(editor.page.getByText('На утверждении у губернатора').first()).toBeVisible()
  await expect(editor.page.getByLabel('Текст поста')).toHaveValue(
    'Окончательный текст ЦСМ, который она видит.',
  )
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.page.goto(`/posts/${p.id}`)
  await expect(governor.page.getByLabel(/Текст поста/)).toHaveValue(
    'Окончательный текст ЦСМ, который она видит.',
  )
  await editor.context.close()
  await governor.context.close()
})

test('defect 3: the department’s material is its submission, also when the photo came first', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const api = editor.page.request
  let p = await (
    await api.post('/api/posts', {
      data: {
        title: unique('Новая школа'),
        brief: 'Когда откроется',
        departmentId: 'education',
        channels: ['vk'],
        urgent: false,
      },
    })
  ).json()
  p = await (
    await api.post(`/api/posts/${p.id}/events`, {
      data: { type: 'SEND_REQUEST', expectedVersion: p.version },
    })
  ).json()
  const dept = await signedIn(browser, 'education')
  await dept.page.goto(`/posts/${p.id}`)
  await dept.page.getByLabel(/Добавить фото/).setInputFiles('public/icon-192.png')
  await expect(dept.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await dept.page.getByLabel(/Текст для поста/).fill('Школа в Сургуте откроется 1 сентября.')
  await dept.page.getByRole('button', { name: 'Отправить материал в ЦСМ' }).click()
  await expect(dept.page.getByText('Материал у ЦСМ')).toBeVisible()

  await editor.page.goto(`/posts/${p.id}`)
  const material = editor.page.getByRole('region', { name: 'Материал департамента' })
  await expect(material).toContainText('Школа в Сургуте откроется 1 сентября.')
  await expect(material.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await editor.page
    .getByLabel('Текст поста')
    .fill('Школа в Сургуте откроется 1 сентября, в ней 1 200 мест.')
  await editor.page.getByRole('button', { name: 'Сохранить и отправить губернатору' }).click()
  await expect(editor.page.getByText('На утверждении у губернатора').first()).toBeVisible()

  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.page.goto(`/posts/${p.id}`)
  await governor.page.getByRole('button', { name: 'Что изменилось' }).tap()
  const smc = governor.page
    .getByRole('heading', { name: 'Правки ЦСМ к материалу департамента' })
    .locator('..')
  // Only the SMC's word is theirs; the department's words are not marked as inserted.
  await expect(smc.locator('ins')).toHaveCount(1)
  await expect(smc.locator('ins')).toContainText('в ней 1 200 мест')
  await shot(governor.page, 'governor-diff-from-material')
  for (const c of [editor, dept, governor]) await c.context.close()
})

test('defect 4: publishing to a channel without credentials says so before, and waits for the link', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const p = await inEditing(editor.page, 'Каток открыт с 10:00.', ['telegram', 'manual'])
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByRole('button', { name: 'Отправить губернатору' }).click()
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.page.goto(`/posts/${p.id}`)
  await governor.page.getByRole('button', { name: 'Утвердить', exact: true }).tap()
  await expect(governor.page.getByText(`Пост «${p.title}» утверждён`)).toBeVisible()

  await expect(
    editor.page.getByText('Без автоматической отправки: ручная публикация. Опубликуйте там сами'),
  ).toBeVisible()
  await editor.page.getByRole('button', { name: 'Опубликовать сейчас' }).click()
  const confirm = editor.page.getByRole('alertdialog', { name: 'Подтвердите публикацию' })
  await expect(confirm).toContainText('Опубликовать в: Telegram')
  await confirm.getByRole('button', { name: 'Опубликовать, остальные — вручную' }).click()
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(1)
  // The post waits for a person, and the action panel says where, not «no actions».
  await expect(editor.page.getByText('Сейчас ваших действий нет')).toHaveCount(0)
  await expect(
    editor.page.getByText(/Пост ждёт вас в разделе «Публикация по каналам»/),
  ).toBeVisible()
  await ledger.getByLabel(/Ссылка на пост в канале «Вручную»/).fill('https://example.org/p/1')
  await ledger.getByRole('button', { name: 'Пост опубликован' }).click()
  await expect(editor.page.getByText('Опубликован', { exact: true }).first()).toBeVisible()
  await editor.context.close()
  await governor.context.close()
})

test('defect 5: over the Telegram caption limit, «Отправить губернатору» stays, disabled, with the reason', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const p = await inEditing(editor.page, 'Короткий текст.', ['telegram'])
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByLabel(/Добавить фото/).setInputFiles('public/icon-192.png')
  await expect(editor.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await editor.page.getByLabel('Текст поста').fill('Ю'.repeat(1136))
  const send = editor.page.getByRole('button', { name: 'Сохранить и отправить губернатору' })
  await expect(send).toBeVisible()
  await expect(send).toBeDisabled()
  await expect(send).toHaveAccessibleDescription(
    'Текст длиннее подписи к фото в Telegram (1 024 знака): сократите на 112 знаков',
  )
  await shot(editor.page, 'editor-send-disabled-with-reason')
  await editor.page.getByLabel('Текст поста').fill('Ю'.repeat(1000))
  await expect(send).toBeEnabled()
  await editor.context.close()
})

for (const device of ['desktop', 'tabletPortrait', 'tabletLandscape'] as const) {
  test(`notices never cover actions (${device})`, async ({ browser }) => {
    const editor = await signedIn(browser, 'smc', device)
    const p = await inEditing(editor.page, 'Текст для проверки уведомлений.')
    await editor.page.goto(`/posts/${p.id}`)
    await editor.page.getByLabel('Текст поста').fill('Текст для проверки уведомлений, правка.')
    await editor.page.getByRole('button', { name: 'Сохранить текст' }).click()
    // Someone else's change arrives as a notice while she works.
    const other = await browser.newContext({ ...viewports.desktop })
    const otherPage = await other.newPage()
    await otherPage.request.post('/api/session', {
      data: { login: 'governor', password: 'viza-demo' },
    })
    for (let i = 0; i < 3; i++) {
      await otherPage.request.post('/api/posts', {
        data: {
          title: unique('Поручение'),
          brief: 'Проверка уведомлений',
          departmentId: 'health',
          channels: ['vk'],
          urgent: true,
        },
      })
    }
    const notices = editor.page.getByRole('region', { name: 'Уведомления' })
    await expect(notices.getByRole('status').first()).toBeVisible()
    const covered = await editor.page.evaluate(() => {
      const region = document.querySelector('[aria-label="Уведомления"]')!.getBoundingClientRect()
      const hits: string[] = []
      for (const b of document.querySelectorAll('main button, main a, main textarea, main input')) {
        const r = b.getBoundingClientRect()
        if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue
        const overlaps =
          r.left < region.right &&
          r.right > region.left &&
          r.top < region.bottom &&
          r.bottom > region.top
        const x = r.left + r.width / 2
        const y = r.top + r.height / 2
        const top = document.elementFromPoint(x, y)
        if (overlaps || (top && !b.contains(top) && top.closest('[aria-label="Уведомления"]')))
          hits.push((b as HTMLElement).innerText || b.getAttribute('aria-label') || b.tagName)
      }
      return hits
    })
    expect(covered).toEqual([])
    await shot(editor.page, `notices-${device}`)
    await other.close()
    await editor.context.close()
  })
}
