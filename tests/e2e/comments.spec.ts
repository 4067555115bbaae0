import { expect, test } from './fixtures'
import { expectAccessible, shot, signedIn } from './helpers'

const GOOD =
  'Здравствуйте, Андрей! Записаться к дежурному терапевту поликлиники № 3 можно сегодня по телефону 8 (3462) 52-00-00 с 8:00 до 20:00.'

// A demo comment the SMC routed to the health department, answered on screen, approved by the
// SMC (through her session: her screens are not built yet) and posted to the demo page.
test('a department answers a citizen: the checker holds a bad answer, a good one goes up and is posted', async ({
  browser,
}) => {
  const dept = await signedIn(browser, 'health')
  const page = dept.page
  await page.getByRole('link', { name: 'Комментарии' }).click()
  await expect(page.getByRole('heading', { name: 'Комментарии жителей' })).toBeVisible()
  await expect(page.getByRole('heading', { name: /Ждут ответа \(2\)/ })).toBeVisible()
  await shot(page, 'comments-department-list')
  // the whole row opens the comment, not only the citizen's name
  await page.locator('li', { hasText: 'Андрей Смирнов' }).click({ position: { x: 600, y: 60 } })
  await expect(page).toHaveURL(/\/comments\/[0-9a-f-]{36}$/)
  await expect(page.getByText(/запись к терапевту только через две недели/)).toBeVisible()

  const box = page.getByLabel('Текст ответа от имени губернатора')
  const send = page.getByRole('button', { name: 'Отправить ответ в ЦСМ' })
  await box.fill('Щас посмотрим, короче.')
  // the server builds its dictionary on the first check (several seconds)
  const findings = page.getByRole('list', { name: 'Замечания проверки' })
  await expect(findings).toContainText('Разговорное слово «Щас»', { timeout: 30_000 })
  await expect(findings).toContainText('Ответ должен начинаться с приветствия')
  await expect(page.locator('mark', { hasText: 'короче' })).toBeVisible()
  await expect(send).toBeDisabled()
  await expect(page.getByText(/Исправьте ошибки, отмеченные в тексте: 3/)).toBeVisible()
  await shot(page, 'comment-answer-findings')
  await expectAccessible(page, 'comment answer with findings')

  await page.getByRole('button', { name: 'Заменить на «сейчас»' }).click()
  await expect(box).toHaveValue('сейчас посмотрим, короче.')

  await box.fill(GOOD)
  await expect(page.getByText('Проверка пройдена: замечаний нет.')).toBeVisible({
    timeout: 15_000,
  })
  await expect(send).toBeEnabled()
  await send.click()
  await expect(page.getByText('Ответ на проверке ЦСМ', { exact: true }).last()).toBeVisible()
  const id = new URL(page.url()).pathname.split('/').pop()!

  const smc = await signedIn(browser, 'smc')
  const detail = await (await smc.page.request.get(`/api/comments/${id}`)).json()
  expect(detail.answer.text).toBe(GOOD)
  const approved = await smc.page.request.post(`/api/comments/${id}/events`, {
    data: {
      type: 'APPROVE_ANSWER',
      textVersion: detail.answer.textVersion,
      expectedVersion: detail.version,
    },
  })
  expect(approved.status()).toBe(200)

  // the reply worker posts it to the demo page; the department sees it answered, with the link
  await expect
    .poll(async () => (await (await page.request.get(`/api/comments/${id}`)).json()).state, {
      timeout: 20_000,
    })
    .toBe('answered')
  await page.reload()
  await expect(page.getByText('Ответ опубликован', { exact: true }).last()).toBeVisible()
  await expect(page.getByText('Ответ опубликован на демо-странице (ВКонтакте)')).toBeVisible()
  await shot(page, 'comment-answer-posted')
  await dept.context.close()
  await smc.context.close()
})
