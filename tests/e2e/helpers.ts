import AxeBuilder from '@axe-core/playwright'
import {
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test'
import { mkdirSync } from 'node:fs'

export const DEMO_PASSWORD = 'viza-demo'

export const viewports = {
  desktop: { viewport: { width: 1440, height: 900 } },
  tabletPortrait: {
    viewport: { width: 1024, height: 1366 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 1,
  },
  tabletLandscape: {
    viewport: { width: 1366, height: 1024 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 1,
  },
} as const

/** One browser context per person, as three people on three devices. */
export async function signedIn(
  browser: Browser,
  login: string,
  device: keyof typeof viewports = 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...viewports[device] })
  const page = await context.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto('/')
  await page.getByLabel('Логин').fill(login)
  await page.getByLabel('Пароль').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  return { context, page }
}

export async function shot(page: Page, name: string) {
  mkdirSync('test-results/screenshots', { recursive: true })
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}

/** axe-core: no serious or critical violation on this screen. */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map(
      (v) =>
        `${name}: ${v.id} — ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
    ),
  ).toEqual([])
}

export const unique = (title: string) => `${title} ${Date.now().toString(36).slice(-5)}`

/**
 * A precondition only (the step under test is always done on screen): a post written by the
 * SMC and sent up to the governor, through the API.
 */
export async function sentUpViaApi(
  page: Page,
  title: string,
  text: string,
  channels = ['telegram', 'vk', 'ok'],
) {
  const api = page.request
  let p = await (
    await api.post('/api/posts', { data: { title, brief: 'Сроки', channels, urgent: false } })
  ).json()
  for (const payload of [
    { type: 'WRITE_IN_HOUSE' },
    { type: 'EDIT_TEXT', text },
    { type: 'SEND_TO_GOVERNOR' },
  ]) {
    p = await (
      await api.post(`/api/posts/${p.id}/events`, {
        data: { ...payload, expectedVersion: p.version },
      })
    ).json()
  }
  return p as { id: string; version: number; textVersion: number; title: string }
}

/** The number on the bell (0 when it shows none): compared whole, never as a substring. */
export async function bellCount(bell: Locator): Promise<number> {
  return Number((await bell.textContent())?.replace(/\D/g, '') || 0)
}

/** The person's unread count as the server has it (the bell may not have loaded it yet). */
export async function unreadOnServer(page: Page): Promise<number> {
  const r = await page.request.get('/api/notifications')
  expect(r.status()).toBe(200)
  return ((await r.json()) as { unread: number }).unread
}
