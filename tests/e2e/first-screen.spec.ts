import { type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { FIRST_SCREEN_ELEMENT_ID, GOVERNOR_FIRST_READS } from '../../src/shared/first-screen'
import { sentUpViaApi, shot, signedIn, unique } from './helpers'

/** Every request the page makes from here on, by path and query. */
function requestsOf(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    seen.push(url.pathname + url.search)
  })
  return seen
}

/** The page the server sends to this context (not the DOM the app has made of it since). */
async function shellOf(page: Page): Promise<string> {
  return (await page.request.get('/')).text()
}

const preloadsIn = (html: string) =>
  [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]!)

test('the governor’s tablet draws his queue in its first render, from the page itself', async ({
  browser,
}) => {
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  // Anything that ever showed a loading text, from the first byte of the page on.
  await governor.context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { loadingSeen: string[] }).loadingSeen = seen
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role="status"]'))
        if (el.textContent?.includes('Загрузка')) seen.push(el.textContent)
    }).observe(document, { childList: true, subtree: true, characterData: true })
  })
  const requests = requestsOf(governor.page)
  await governor.page.goto('/')
  const queue = governor.page.getByRole('list').first()
  await expect(governor.page.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  await expect(queue.getByRole('link').first()).toBeVisible()
  // what the app asked for until the queue was drawn (later, a live change on the demo
  // database — a deadline passing, a scheduled post going out — rightly makes it ask again)
  const untilDrawn = [...requests]
  await governor.page.waitForLoadState('networkidle')
  await shot(governor.page, 'first-screen-governor-queue')

  // the first render was the queue: no loading text, ever
  expect(
    await governor.page.evaluate(
      () => (window as unknown as { loadingSeen: string[] }).loadingSeen,
    ),
  ).toEqual([])
  // …drawn from the answers inside the page: the app asked for none of them again
  for (const url of Object.values(GOVERNOR_FIRST_READS))
    expect(
      untilDrawn.filter((r) => r === url),
      url,
    ).toEqual([])
  // …with the queue's code named in the page, each chunk fetched once
  const preloads = preloadsIn(await shellOf(governor.page))
  expect(preloads.some((p) => /\/GovernorQueue-[\w-]+\.js$/.test(p))).toBe(true)
  for (const href of preloads)
    expect(
      requests.filter((r) => r === href),
      href,
    ).toHaveLength(1)
  await governor.context.close()
})

test('the SMC’s desktop page names no one else’s first screen', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  await editor.page.goto('/')
  await expect(editor.page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  const html = await shellOf(editor.page)
  expect(preloadsIn(html)).toEqual([])
  expect(html).not.toContain(FIRST_SCREEN_ELEMENT_ID)
  await editor.context.close()
})

test('a post sent up while the governor’s page was on its way still reaches his queue', async ({
  browser,
}) => {
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  const editor = await signedIn(browser, 'smc')
  // His page is made (with his queue in it); the SMC sends a post up before his app's live
  // stream opens — as on a slow link, where the page and its code take seconds.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let streamUrl: URL | null = null
  await governor.page.route('**/api/events*', async (route) => {
    streamUrl = new URL(route.request().url())
    await held
    await route.continue()
  })
  await governor.page.goto('/')
  await expect(governor.page.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  await expect.poll(() => streamUrl).not.toBeNull()
  const title = unique('Пока страница шла')
  await sentUpViaApi(editor.page, title, 'Текст, отправленный, пока открывалась страница.')
  release()
  // the stream resumes from the page's own reads, so the change is replayed to him
  await expect(governor.page.getByRole('link', { name: new RegExp(title) })).toBeVisible()
  expect(streamUrl!.search).toMatch(/^\?lastEventId=\d+$/)
  await governor.context.close()
  await editor.context.close()
})
