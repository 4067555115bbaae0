import { type Page } from '@playwright/test'
import { expect, test, E2E_VK_CALLBACK } from './fixtures'
import { isWorkingTime } from '../../src/domain/calendar'
import { WorkingCalendar } from '../../src/domain/calendar/working-calendar'
import { bellCount, expectAccessible, shot, signedIn, unreadOnServer } from './helpers'

const HOUR = 3_600_000

/**
 * A moment a citizen could have written so that the hourly registration has already taken the
 * comment by the server's `now`: in working time, its next full hour not later than now (the
 * e2e server runs on the real clock, which may be a weekend night).
 */
async function registeredByNow(page: Page): Promise<Date> {
  const { now } = await (await page.request.get('/api/test/clock')).json()
  const { settings } = await (await page.request.get('/api/calendar')).json()
  const calendar = new WorkingCalendar(settings)
  const end = Date.parse(now)
  for (let t = Math.floor(end / HOUR) * HOUR - HOUR + 10 * 60_000; ; t -= HOUR)
    if (isWorkingTime(calendar, new Date(t))) return new Date(t)
}

/** VK's `wall_reply_new`, as its Callback API sends it (API 5.199). */
async function vkComment(page: Page, text: string) {
  const leftAt = await registeredByNow(page)
  const id = Math.floor(Date.now() / 1000) % 1_000_000
  const r = await page.request.post('/api/integrations/vk/callback', {
    data: {
      type: 'wall_reply_new',
      group_id: E2E_VK_CALLBACK.groupId,
      event_id: `e2e-${id}`,
      v: '5.199',
      secret: E2E_VK_CALLBACK.secret,
      object: {
        id,
        from_id: 700_000 + id,
        date: Math.floor(leftAt.getTime() / 1000),
        text,
        post_id: 77,
        owner_id: -E2E_VK_CALLBACK.groupId,
        post_owner_id: -E2E_VK_CALLBACK.groupId,
      },
    },
  })
  expect(r.status()).toBe(200)
  expect(await r.text()).toBe('ok')
  return { author: `Пользователь VK id${700_000 + id}` }
}

const BAD = 'Щас разберёмся, короче.'
const DEPT =
  'Здравствуйте! Светофор на перекрёстке улиц Мира и Ленина в Сургуте отремонтируют до 10 декабря: подрядчик ООО «Дорожник» получил задание.'

test('a VK comment to a posted reply: the SMC routes it, the department answers past the checker, the SMC edits, sees her diff and approves — two tabs and an unsaved edit included', async ({
  browser,
}) => {
  // The SMC has her queue open when the comment arrives.
  const smc = await signedIn(browser, 'smc')
  const queue = smc.page
  await queue.getByRole('link', { name: /^Комментарии/ }).click()
  await expect(queue.getByRole('heading', { name: 'Комментарии жителей' })).toBeVisible()
  const newGroup = queue.getByRole('region', { name: /^Новые — направьте департаменту/ })

  const citizen = 'Когда починят светофор на перекрёстке Мира и Ленина? Не работает третий день.'
  const { author } = await vkComment(queue, citizen)

  // It appears without a reload, first among the new ones, with the nav's count.
  const card = newGroup.getByRole('article', { name: `Комментарий: ${author}` })
  await expect(card).toBeVisible()
  await expect(card).toContainText(citizen)
  await expect(queue.getByRole('link', { name: /^Комментарии\W+ждут ЦСМ: \d+/ })).toBeVisible()
  await shot(queue, 'comments-smc-queue')
  await expectAccessible(queue, 'SMC comment queue')

  // The transport department's contact has Viza open elsewhere, as now and then.
  const dept = await signedIn(browser, 'transport')
  const bell = dept.page.getByRole('button', { name: /^Уведомления/ })
  await expect(bell).toBeVisible()
  const unread = await unreadOnServer(dept.page)

  // Triage in two clicks: the department, then «Направить».
  await card.getByLabel('Департамент').selectOption({ label: 'Дептранс Югры' })
  await card.getByRole('button', { name: 'Направить: Дептранс Югры' }).click()
  const atDepartments = queue.getByRole('region', { name: /^Ждут ответа департаментов/ })
  const routed = atDepartments.getByRole('article', { name: `Комментарий: ${author}` })
  await expect(routed).toBeVisible()
  await expect(routed.getByRole('timer')).toBeVisible()

  // The department hears of it in the bell without a reload, and the entry opens the comment.
  await expect.poll(() => bellCount(bell)).toBe(unread + 1)
  await bell.click()
  const entry = dept.page
    .getByRole('region', { name: 'Уведомления' })
    .getByRole('link', { name: /ЦСМ направил комментарий жителя/ })
    .first()
  await expect(entry).toContainText(
    'ЦСМ направил комментарий жителя: «Когда починят светофор на перекрёстке Мира и Ленина? Не…» — до',
  )
  await expect(entry).toContainText('Направлено — Анна Соколова, ЦСМ.')
  await expect(entry).toContainText(`Автор комментария — ${author}, ВКонтакте.`)
  await shot(dept.page, 'comments-department-bell')
  await entry.click()
  await expect(dept.page).toHaveURL(/\/comments\/[0-9a-f-]{36}$/)
  await expect(dept.page.getByRole('heading', { name: 'Комментарий жителя' })).toBeVisible()
  await expect(dept.page.getByText(citizen)).toBeVisible()
  await expect.poll(() => bellCount(bell)).toBeLessThanOrEqual(unread)
  await shot(dept.page, 'comments-department-from-bell')

  // The department answers in its own context: the checker holds a bad answer.
  await dept.page.getByRole('link', { name: 'Комментарии', exact: true }).click()
  const inbox = dept.page.locator('li', { hasText: citizen })
  await expect(inbox.getByRole('timer')).toContainText(/ч/)
  await inbox.getByRole('link', { name: author }).click()
  const box = dept.page.getByLabel('Текст ответа от имени губернатора')
  const submit = dept.page.getByRole('button', { name: 'Отправить ответ в ЦСМ' })
  await box.fill(BAD)
  await expect(dept.page.getByRole('list', { name: 'Замечания проверки' })).toContainText(
    'Ответ должен начинаться с приветствия',
    { timeout: 30_000 },
  )
  await expect(submit).toBeDisabled()
  await box.fill(DEPT)
  await expect(dept.page.getByText('Проверка пройдена: замечаний нет.')).toBeVisible({
    timeout: 15_000,
  })
  await submit.click()
  await expect(dept.page.getByText('Ответ на проверке ЦСМ', { exact: true }).last()).toBeVisible()

  // The SMC's queue moves it to review by itself.
  const review = queue.getByRole('region', { name: /^Ответы на проверке ЦСМ/ })
  const toReview = review.getByRole('article', { name: `Комментарий: ${author}` })
  await expect(toReview).toBeVisible()
  await toReview.getByRole('link', { name: 'Проверить ответ' }).click()
  await expect(queue.getByText(citizen)).toBeVisible()
  const url = queue.url()

  // A second tab of hers (another window, its live stream cut) shows the same version.
  const other = await signedIn(browser, 'smc')
  await other.page.route('**/api/events', (route) => route.abort())
  await other.page.goto(url)
  const otherBox = other.page.getByLabel('Текст ответа от имени губернатора')
  await expect(otherBox).toHaveValue(DEPT)

  // In the first, she edits and saves.
  const answer = queue.getByLabel('Текст ответа от имени губернатора')
  const saved = DEPT.replace('до 10 декабря', 'до 8 декабря')
  await answer.fill(saved)
  await queue.getByRole('button', { name: 'Сохранить правку' }).click()
  await expect(queue.getByText('Есть несохранённые правки')).toBeHidden()

  // In the stale one she edits too and approves: refused with the reason, her text kept.
  const staleEdit = `${DEPT} Справки по телефону 8 (3462) 52-00-00.`
  await otherBox.fill(staleEdit)
  await other.page
    .getByRole('button', { name: 'Утвердить с моими правками и опубликовать' })
    .click()
  await expect(other.page.getByText(/Комментарий уже изменил другой участник/)).toBeVisible()
  await expect(other.page.getByText(/Пока вы правили, ответ изменился/)).toBeVisible()
  await expect(otherBox).toHaveValue(staleEdit)
  await shot(other.page, 'comments-smc-stale-tab')
  await expect(
    other.page.getByRole('button', { name: 'Утвердить с моими правками и опубликовать' }),
  ).toBeDisabled()
  await other.context.close()

  // Back in the first tab, she types one more edit and approves without saving it first:
  // what is approved is what she sees, and the diff shows her edits against the department's.
  const final = saved.replace('Здравствуйте!', 'Здравствуйте, спасибо за сигнал!')
  await answer.fill(final)
  const diff = queue.getByTestId('smc-diff')
  await expect(diff.locator('ins')).toContainText(['спасибо'])
  await expect(diff.locator('del')).toContainText(['10'])
  await expect(diff.locator('ins')).toContainText(['8'])
  const approve = queue.getByRole('button', { name: 'Утвердить с моими правками и опубликовать' })
  await expect(approve).toBeEnabled({ timeout: 15_000 })
  // her history names the department's person with the department, not the role
  const history = queue.getByRole('region', { name: 'История' })
  await expect(history).toContainText(/Ответ отправлен в ЦСМ — [^,]+, Дептранс Югры/)
  await expect(history).not.toContainText(', Департамент')
  await shot(queue, 'comments-smc-review-diff')
  await expectAccessible(queue, 'SMC review with her diff')
  await approve.click()

  // Posted to the demo VK page: the status and the reply's link.
  const posting = queue.getByRole('region', { name: 'Публикация ответа' })
  await expect(posting).toContainText('ВКонтакте (демо-страница)')
  await expect(posting).toContainText('Опубликован', { timeout: 20_000 })
  await expect(queue.getByText('Ответ опубликован', { exact: true }).first()).toBeVisible()
  const link = posting.getByRole('link', { name: 'Открыть ответ на демо-странице' })
  await expect(link).toHaveAttribute('href', /^\/demo-channels#demo-reply-\d+$/)
  await expect(queue.getByRole('region', { name: 'Ответ', exact: true })).toContainText(final)
  await shot(queue, 'comments-smc-posted')
  await expectAccessible(queue, 'SMC comment posted')

  // The demo page shows the reply under the citizen's comment.
  await link.click()
  const reply = queue.locator(`[id^="demo-reply-"]`, { hasText: final })
  await expect(reply).toBeVisible()
  await expect(reply).toContainText(citizen)
  await shot(queue, 'comments-demo-replies')

  // The department's screen followed by itself.
  await expect(dept.page.getByText('Ответ опубликован', { exact: true }).last()).toBeVisible()
  await expect(dept.page.getByText(final)).toBeVisible()
  await dept.context.close()
  await smc.context.close()
})
