import { type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { sentUpViaApi, shot, signedIn, unique } from './helpers'

/** Every visible control on the page is at least 44×44 CSS px (a finger, not a mouse). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = []
    const controls = document.querySelectorAll(
      'a[href], button, select, input:not([type=hidden]), textarea, [role=button]',
    )
    for (const el of controls) {
      const r = el.getBoundingClientRect()
      // hidden, or visually hidden until focused (the skip link)
      if (r.width <= 1 || r.height <= 1) continue
      // a checkbox or radio counts with its label, which is what a finger taps
      const input = el as HTMLInputElement
      const target =
        (input.type === 'checkbox' || input.type === 'radio') && input.labels?.[0]
          ? input.labels[0].getBoundingClientRect()
          : r
      if (Math.round(target.width) < 44 || Math.round(target.height) < 44)
        small.push(
          `${el.tagName.toLowerCase()} «${((el as HTMLElement).innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40)}» ${Math.round(target.width)}×${Math.round(target.height)}`,
        )
    }
    return small
  })
}

for (const device of ['tabletPortrait', 'tabletLandscape'] as const) {
  test(`the governor’s tablet (${device}): his screens, read-only posts, 44 px targets`, async ({
    browser,
  }) => {
    const editor = await signedIn(browser, 'smc')
    const governor = await signedIn(browser, 'governor', device)
    const g = governor.page
    const title = unique('Каток на набережной')
    const p = await sentUpViaApi(
      editor.page,
      title,
      'Каток на набережной откроется в субботу в 10:00.',
    )

    // His instruction: where it stands, its clock, who holds it now.
    await g.getByRole('link', { name: 'Дать поручение' }).tap()
    const instruction = unique('Проверить отопление')
    await g.getByLabel('Тема').fill(instruction)
    await g.getByLabel('Что подготовить').fill('Какие дома без тепла, сроки')
    await g.getByLabel('Департамент', { exact: true }).selectOption('construction')
    await g.getByRole('button', { name: 'Передать поручение' }).tap()
    await expect(g.getByText('Поручение передано в ЦСМ')).toBeVisible()
    await g.getByRole('link', { name: 'Мои поручения' }).tap()
    const mine = g.locator('li', { hasText: instruction })
    // his own instruction is no draft to him
    await expect(mine).toContainText('Передано в ЦСМ')
    await expect(mine).toContainText('запрос департаменту ЦСМ ещё не отправил')
    await expect(mine).not.toContainText('Черновик')
    await expect(mine.getByRole('timer')).toContainText('поручение дано')
    // The SMC sends it on; his list follows live.
    const found = await (
      await editor.page.request.get(`/api/posts?q=${encodeURIComponent(instruction)}`)
    ).json()
    const given = found.items[0]
    await editor.page.request.post(`/api/posts/${given.id}/events`, {
      data: { type: 'SEND_REQUEST', expectedVersion: given.version },
    })
    await expect(mine).toContainText('у департамента: Депстрой и ЖКК Югры')
    await expect(mine.getByRole('timer')).toContainText('осталось')
    expect(await smallTargets(g)).toEqual([])
    await shot(g, `governor-instructions-${device}`)

    // Approve, publish (demo channels), and find it under «Опубликовано» with its links.
    await g.getByRole('link', { name: 'На утверждение' }).tap()
    expect(await smallTargets(g)).toEqual([])
    await g.getByRole('heading', { name: title }).tap()
    expect(await smallTargets(g)).toEqual([])
    await g.getByRole('button', { name: 'Утвердить', exact: true }).tap()
    await expect(g.getByText(`Пост «${title}» утверждён`)).toBeVisible()
    const approved = await (await editor.page.request.get(`/api/posts/${p.id}`)).json()
    await editor.page.request.post(`/api/posts/${p.id}/events`, {
      data: { type: 'PUBLISH', expectedVersion: approved.version },
    })
    await g.getByRole('link', { name: 'Опубликовано' }).tap()
    const published = g.locator('li', { hasText: title }).first()
    await expect(published.getByRole('link', { name: /открыть в демо-канале/ })).toHaveCount(3, {
      timeout: 20_000,
    })
    expect(await smallTargets(g)).toEqual([])
    await shot(g, `governor-published-${device}`)

    // A post he cannot edit now: read-only, says why, no empty action card.
    await published.getByRole('link', { name: title }).tap()
    await expect(g.getByRole('note')).toContainText('Пост опубликован')
    await expect(g.getByLabel('Текст поста')).toHaveAttribute('readonly', '')
    await expect(g.getByRole('button', { name: /Утвердить/ })).toHaveCount(0)
    await expect(g.getByText('можно править')).toHaveCount(0)
    expect(await smallTargets(g)).toEqual([])
    await shot(g, `governor-read-only-${device}`)
    await editor.context.close()
    await governor.context.close()
  })
}

test('the governor removes a photo only after confirming', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Фото с открытия')
  const api = editor.page.request
  let p = await (
    await api.post('/api/posts', {
      data: { title, brief: 'x', channels: ['vk'], urgent: false },
    })
  ).json()
  p = await (
    await api.post(`/api/posts/${p.id}/events`, {
      data: { type: 'WRITE_IN_HOUSE', expectedVersion: p.version },
    })
  ).json()
  await editor.page.goto(`/posts/${p.id}`)
  await editor.page.getByLabel(/Добавить фото/).setInputFiles('public/icon-192.png')
  await expect(editor.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await editor.page.getByLabel('Текст поста').fill('Открытие моста: фото.')
  await editor.page.getByRole('button', { name: 'Сохранить и отправить губернатору' }).click()
  await expect(editor.page.getByText('На утверждении у губернатора').first()).toBeVisible()

  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.page.goto(`/posts/${p.id}`)
  await governor.page.getByRole('button', { name: 'Убрать фото icon-192.png' }).tap()
  const confirm = governor.page.getByRole('group', { name: 'Убрать фото icon-192.png?' })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: 'Оставить' }).tap()
  await expect(governor.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await governor.page.getByRole('button', { name: 'Убрать фото icon-192.png' }).tap()
  await confirm.getByRole('button', { name: 'Убрать' }).tap()
  await expect(governor.page.getByRole('img', { name: 'icon-192.png' })).toHaveCount(0)
  await editor.context.close()
  await governor.context.close()
})

test('the SMC desk: instructions first, returned posts marked, published one click away; no silent request to nobody', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  const title = unique('Снегоуборка')
  const p = await sentUpViaApi(editor.page, title, 'Снег уберут до утра.')
  await governor.page.goto(`/posts/${p.id}`)
  await governor.page.getByRole('button', { name: 'Вернуть в ЦСМ' }).tap()
  await governor.page.getByLabel('Что поправить?').fill('Нужны конкретные улицы')
  await governor.page.getByRole('button', { name: 'Вернуть в ЦСМ' }).last().tap()
  await expect(governor.page.getByText('Пост возвращён в ЦСМ')).toBeVisible()

  const instruction = unique('Паводок')
  const given = await governor.page.request.post('/api/posts', {
    data: {
      title: instruction,
      brief: 'Уровень воды',
      departmentId: 'nature',
      channels: ['vk'],
      urgent: true,
    },
  })
  expect(given.status(), await given.text()).toBe(201)

  await editor.page.goto('/dashboard')
  const first = editor.page.getByRole('region', { name: /Поручения губернатора/ })
  await expect(first.getByRole('link', { name: instruction })).toBeVisible()
  const returned = editor.page.locator('li', { hasText: title })
  await expect(returned).toContainText('возвращён')
  await expect(returned).toContainText('Губернатор: «Нужны конкретные улицы»')
  await shot(editor.page, 'editor-dashboard-desk')
  await editor.page.getByRole('link', { name: 'Опубликованные' }).click()
  await expect(editor.page).toHaveURL(/state=published/)

  // A department without an active contact: the form says so before anything is sent.
  await editor.page.goto('/requests/new')
  await editor.page.getByLabel('Заголовок').fill(unique('Музейная ночь'))
  await editor.page.getByLabel('Что нужно от департамента').fill('Программа')
  await editor.page.getByLabel('Департамент', { exact: true }).selectOption('culture')
  await expect(editor.page.getByRole('alert')).toContainText('нет действующего контактного лица')
  await expect(editor.page.getByRole('button', { name: 'Отправить запрос' })).toBeDisabled()
  await shot(editor.page, 'editor-new-request-nobody')
  await editor.page.getByLabel('Департамент', { exact: true }).selectOption('health')
  await expect(editor.page.getByRole('button', { name: 'Отправить запрос' })).toBeEnabled()
  await editor.context.close()
  await governor.context.close()
})
