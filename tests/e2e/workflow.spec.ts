import { expect, test } from './fixtures'
import { expectAccessible, shot, signedIn, unique } from './helpers'

test('the whole demo flow from a fresh start, as people do it: nothing through the API, nothing saved before the big buttons', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const department = await signedIn(browser, 'health')
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  const title = unique('Прививочная кампания')

  // Editor: an urgent request to the health department, with the deadline shown before sending.
  await editor.page.getByRole('link', { name: '+ Новый запрос' }).click()
  await editor.page.getByLabel('Заголовок').fill(title)
  await editor.page
    .getByLabel('Что нужно от департамента')
    .fill('Где и когда можно привиться, сколько пунктов работает')
  await editor.page.getByLabel('Департамент', { exact: true }).selectOption('health')
  await editor.page.getByText('Оперативное поручение губернатора').click()
  await expect(editor.page.getByText(/срок для департамента/)).toContainText('3 часа')
  await shot(editor.page, 'editor-new-request')
  await editor.page.getByRole('button', { name: 'Отправить запрос' }).click()
  await expect(editor.page.getByRole('heading', { name: title })).toBeVisible()
  await expect(editor.page.getByText('демо-канал').first()).toBeVisible()

  // Department: sees it live, attaches the photo first, then types, then sends — one step.
  await expect(department.page.getByRole('link', { name: title })).toBeVisible()
  await expect(department.page.getByRole('timer').first()).toContainText('осталось')
  await shot(department.page, 'department-inbox')
  await expectAccessible(department.page, 'department inbox')
  await department.page.getByRole('link', { name: title }).click()
  await department.page.getByLabel(/Добавить фото/).setInputFiles('public/icon-192.png')
  await expect(department.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  await department.page
    .getByLabel(/Текст для поста/)
    .fill('Привиться можно в 42 пунктах Югры до 20 декабря. Запись — на Госуслугах.')
  await shot(department.page, 'department-post')
  await expectAccessible(department.page, 'department post page')
  await department.page.getByRole('button', { name: 'Отправить материал в ЦСМ' }).click()
  await expect(department.page.getByText('Материал у ЦСМ')).toBeVisible()

  // Editor: the material arrives live, with its text and photo; she edits and sends up unsaved.
  const material = editor.page.getByRole('region', { name: 'Материал департамента' })
  await expect(material).toContainText('42 пунктах Югры')
  await expect(material.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  const text = editor.page.getByLabel('Текст поста')
  await expect(text).toHaveValue(/42 пунктах/)
  await text.fill(
    'Привиться от гриппа можно в 42 пунктах Югры до 20 декабря. Запись открыта на Госуслугах.',
  )
  await shot(editor.page, 'editor-post')
  await expectAccessible(editor.page, 'editor post page')
  await editor.page.getByRole('button', { name: 'Сохранить и отправить губернатору' }).click()
  await expect(editor.page.getByText('На утверждении у губернатора').first()).toBeVisible()

  // Governor, on the tablet: he edits the text himself and approves, without saving first.
  await expect(governor.page.getByRole('heading', { name: title })).toBeVisible()
  await shot(governor.page, 'governor-queue-portrait')
  await expectAccessible(governor.page, 'governor queue')
  await governor.page.getByRole('heading', { name: title }).tap()
  const govText = governor.page.getByLabel(/Текст поста/)
  await expect(govText).toHaveValue(/от гриппа/)
  await govText.fill(
    'Привиться от гриппа можно в 42 пунктах Югры до 20 декабря. Запись открыта на Госуслугах. Берегите себя!',
  )
  await expect(governor.page.locator('ins').filter({ hasText: 'Берегите' })).toBeVisible()
  await expect(governor.page.getByRole('img', { name: 'icon-192.png' })).toBeVisible()
  const approve = governor.page.getByRole('button', { name: 'Утвердить с моими правками' })
  expect((await approve.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  await shot(governor.page, 'governor-review-portrait')
  await expectAccessible(governor.page, 'governor review')
  await approve.tap()
  await expect(governor.page.getByText(`Пост «${title}» утверждён`)).toBeVisible()

  // Editor: sees the approval live and publishes to the demo channels.
  await expect(editor.page.getByText(`Утверждено: «${title}» — Губернатор`)).toBeVisible()
  await expect(editor.page.getByLabel('Текст поста')).toHaveValue(/Берегите себя/)
  await editor.page.getByRole('button', { name: 'Опубликовать сейчас' }).click()
  await expect(editor.page.getByText('Опубликован', { exact: true }).first()).toBeVisible()
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(4)
  await expect(ledger.getByText('не настроен')).toHaveCount(0)
  await expect(ledger.getByText('демо-канал', { exact: true })).toHaveCount(4)
  await shot(editor.page, 'editor-published-ledger')

  // The demo channels' page shows what each received: the governor's text, the photo.
  const [channelPage] = await Promise.all([
    editor.context.waitForEvent('page'),
    ledger.getByRole('link', { name: 'открыть в демо-канале' }).first().click(),
  ])
  await expect(channelPage).toHaveURL(/\/demo-channels#demo-post-\d+/)
  for (const channel of ['Telegram', 'ВКонтакте', 'Одноклассники', 'MAX']) {
    const column = channelPage.getByRole('region', { name: `${channel}, демо-канал` })
    await expect(column.locator('li', { hasText: 'Берегите себя!' }).first()).toBeVisible()
  }
  await shot(channelPage, 'demo-channels')
  await expectAccessible(channelPage, 'demo channels')
  await channelPage.close()

  // Everyone sees "published".
  await department.page.goto('/inbox')
  await expect(
    department.page.locator('li', { hasText: title }).getByText('Опубликован'),
  ).toBeVisible()
  await governor.page.goto('/review')
  await expect(governor.page.getByRole('heading', { name: title })).toHaveCount(0)
  await editor.page.goto('/dashboard?state=published')
  await expect(editor.page.getByRole('link', { name: title })).toBeVisible()
  await shot(editor.page, 'editor-dashboard-published')

  for (const p of [editor, department, governor]) await p.context.close()
})

test('a department cannot open another department’s post by URL', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  const res = await editor.page.request.post('/api/posts', {
    data: {
      title: unique('Зимники'),
      brief: 'Сроки',
      departmentId: 'transport',
      urgent: false,
      channels: ['vk'],
    },
  })
  const { id } = await res.json()
  const health = await signedIn(browser, 'health')
  await health.page.goto(`/posts/${id}`)
  await expect(health.page.getByRole('heading', { name: 'Пост недоступен' })).toBeVisible()
  await expect(health.page.getByText('Пост не найден или у вас нет к нему доступа')).toBeVisible()
  await editor.context.close()
  await health.context.close()
})

test('a conflicting change keeps the text the person was typing, also across a reload', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const created = await (
    await editor.page.request.post('/api/posts', {
      data: { title: unique('Конфликт'), brief: 'x', channels: ['telegram'], urgent: false },
    })
  ).json()
  const inHouse = await (
    await editor.page.request.post(`/api/posts/${created.id}/events`, {
      data: { type: 'WRITE_IN_HOUSE', expectedVersion: created.version },
    })
  ).json()
  await editor.page.goto(`/posts/${created.id}`)
  const box = editor.page.getByLabel('Текст поста')
  await box.fill('Мой вариант, который я печатаю')
  await editor.page.reload()
  await expect(editor.page.getByLabel('Текст поста')).toHaveValue('Мой вариант, который я печатаю')

  // Someone else saves first (another SMC editor, through the API).
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await otherPage.request.post('/api/session', { data: { login: 'smc', password: 'viza-demo' } })
  await otherPage.request.post(`/api/posts/${created.id}/events`, {
    data: { type: 'EDIT_TEXT', text: 'Их вариант', expectedVersion: inHouse.version },
  })

  await expect(
    editor.page.getByRole('alert').filter({ hasText: 'изменил другой участник' }),
  ).toBeVisible()
  await expect(editor.page.getByLabel('Текст поста')).toHaveValue('Мой вариант, который я печатаю')
  await shot(editor.page, 'editor-conflict')
  await editor.page.getByRole('button', { name: 'Сохранить мой текст поверх' }).click()
  await expect(editor.page.getByText('Версии текста (2)')).toBeVisible()
  await expect(editor.page.getByLabel('Текст поста')).toHaveValue('Мой вариант, который я печатаю')
  // the diff of the two versions: the older one's text is fetched when the diff shows it
  const versions = editor.page.getByRole('region', { name: 'Версии текста (2)' })
  await expect(versions.locator('del')).toContainText('Их')
  await expect(versions.locator('ins').first()).toContainText('Мой')
  await shot(editor.page, 'editor-versions-diff')
  await other.close()
  await editor.context.close()
})

test('an overdue request shows as overdue (server clock moved in test mode)', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Срочная справка')
  const created = await (
    await editor.page.request.post('/api/posts', {
      data: { title, brief: 'x', departmentId: 'transport', urgent: true, channels: ['vk'] },
    })
  ).json()
  await editor.page.request.post(`/api/posts/${created.id}/events`, {
    data: { type: 'SEND_REQUEST', expectedVersion: created.version },
  })
  await editor.page.request.post('/api/test/clock', {
    data: { advanceMs: 3 * 3_600_000 + 5 * 60_000 },
  })
  const transport = await signedIn(browser, 'transport')
  await expect(transport.page.locator('li', { hasText: title }).getByRole('timer')).toContainText(
    'просрочено на',
  )
  await shot(transport.page, 'department-overdue')
  await editor.page.goto('/dashboard?overdue=true')
  await expect(editor.page.getByRole('link', { name: title })).toBeVisible()
  await expect(editor.page.locator('li', { hasText: title }).getByRole('timer')).toHaveAttribute(
    'data-phase',
    'overdue',
  )
  await shot(editor.page, 'editor-dashboard-overdue')
  await expectAccessible(editor.page, 'editor dashboard')
  await editor.context.close()
  await transport.context.close()
})

test('the governor’s tablet in landscape, his urgent instruction, and the admin’s calendar', async ({
  browser,
}) => {
  const governor = await signedIn(browser, 'governor', 'tabletLandscape')
  await expect(governor.page.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  await expect(governor.page.getByText('Загрузка…')).toHaveCount(0)
  await shot(governor.page, 'governor-queue-landscape')
  await governor.page.getByRole('link', { name: 'Дать поручение' }).tap()
  await governor.page.getByLabel('Тема').fill(unique('Проверить отопление в Сургуте'))
  await governor.page.getByLabel('Что подготовить').fill('Какие дома без тепла, сроки')
  await governor.page.getByLabel('Департамент', { exact: true }).selectOption('construction')
  await expectAccessible(governor.page, 'urgent instruction')
  await governor.page.getByRole('button', { name: 'Передать поручение' }).tap()
  await expect(governor.page.getByText('Поручение передано в ЦСМ')).toBeVisible()
  const manifest = await (await governor.page.request.get('/manifest.webmanifest')).json()
  expect(manifest.display).toBe('fullscreen')

  const admin = await signedIn(browser, 'admin')
  await admin.page.getByRole('link', { name: 'Календарь' }).click()
  await expect(admin.page.getByRole('group', { name: 'Январь 2026' })).toBeVisible()
  await expect(
    admin.page.getByRole('button', { name: '9 января: перенесённый выходной' }),
  ).toBeVisible()
  await shot(admin.page, 'admin-calendar')
  await expectAccessible(admin.page, 'admin calendar')
  await admin.page.getByRole('link', { name: 'Пользователи' }).click()
  await expectAccessible(admin.page, 'admin users')
  await shot(admin.page, 'admin-users')
  await governor.context.close()
  await admin.context.close()
})

test('approve → schedule → time passes → published with links on every channel', async ({
  browser,
}) => {
  const editor = await signedIn(browser, 'smc')
  const title = unique('Плановый пост')
  const api = editor.page.request
  let p = await (
    await api.post('/api/posts', {
      data: { title, brief: 'x', channels: ['telegram', 'vk', 'ok'], urgent: false },
    })
  ).json()
  p = await (
    await api.post(`/api/posts/${p.id}/events`, {
      data: { type: 'WRITE_IN_HOUSE', expectedVersion: p.version },
    })
  ).json()
  p = await (
    await api.post(`/api/posts/${p.id}/events`, {
      data: {
        type: 'EDIT_TEXT',
        text: '**Завтра** в 10:00 — открытие катка',
        expectedVersion: p.version,
      },
    })
  ).json()
  p = await (
    await api.post(`/api/posts/${p.id}/events`, {
      data: { type: 'SEND_TO_GOVERNOR', expectedVersion: p.version },
    })
  ).json()
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.page.getByRole('heading', { name: title }).tap()
  await governor.page.getByRole('button', { name: 'Утвердить', exact: true }).tap()
  await expect(governor.page.getByText(`Пост «${title}» утверждён`)).toBeVisible()

  await editor.page.goto(`/posts/${p.id}`)
  const { now } = await (await api.get('/api/test/clock')).json()
  // two hours ahead, in the region's time, as the datetime-local field expects
  const at = new Date(Date.parse(now) + 2 * 3_600_000 + 5 * 3_600_000).toISOString().slice(0, 16)
  await editor.page.getByLabel('Или запланировать (время Югры)').fill(at)
  await editor.page.getByRole('button', { name: 'Запланировать' }).click()
  await expect(editor.page.getByText(/Запланировано на/)).toBeVisible()
  await api.post('/api/test/clock', { data: { advanceMs: 2 * 3_600_000 + 60_000 } })
  await expect(editor.page.getByText('Опубликован', { exact: true }).first()).toBeVisible({
    timeout: 20_000,
  })
  const ledger = editor.page.getByRole('region', { name: 'Публикация по каналам' })
  await expect(ledger.getByRole('link', { name: 'открыть в демо-канале' })).toHaveCount(3)
  await expectAccessible(editor.page, 'published post with ledger')
  await editor.context.close()
  await governor.context.close()
})

test('a lost connection shows a banner and recovers by itself', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  await expect(editor.page.getByRole('heading', { name: 'Посты в работе' })).toBeVisible()
  await editor.context.setOffline(true)
  await editor.page.evaluate(() => window.dispatchEvent(new Event('offline')))
  await expect(
    editor.page.getByRole('alert').filter({ hasText: 'Нет связи с сервером' }),
  ).toBeVisible({ timeout: 20_000 })
  await shot(editor.page, 'editor-offline')
  await editor.context.setOffline(false)
  await editor.page.evaluate(() => window.dispatchEvent(new Event('online')))
  await expect(
    editor.page.getByRole('alert').filter({ hasText: 'Нет связи с сервером' }),
  ).toHaveCount(0, { timeout: 30_000 })
  await editor.context.close()
})

test('the sign-in page is accessible and says clearly when the password is wrong', async ({
  page,
}) => {
  await page.goto('/')
  await expectAccessible(page, 'sign-in')
  await page.getByLabel('Логин').fill('smc')
  await page.getByLabel('Пароль').fill('wrong-password')
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page.getByRole('alert')).toHaveText('Неверный логин или пароль')
  await shot(page, 'sign-in-error')
})
