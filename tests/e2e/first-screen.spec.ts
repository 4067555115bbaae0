import { expect, test, type Page } from '@playwright/test'
import { signedIn } from './helpers'

/** Every request the page makes from here on, by path and query. */
function requestsOf(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    seen.push(url.pathname + url.search)
  })
  return seen
}

/**
 * The hints the server put in the page it sent (not the ones Vite's loader adds to the DOM
 * later for lazy chunks): asked again with the same cookie.
 */
async function hintsIn(page: Page): Promise<string[]> {
  const html = await (await page.request.get('/')).text()
  return [...html.matchAll(/<link rel="(?:modulepreload|preload)" href="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((href) => href !== '/api/me') // every page asks who is signed in
}

test('the governor’s tablet asks for his queue’s lists with the page, and uses each once', async ({
  browser,
}) => {
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  const requests = requestsOf(governor.page)
  await governor.page.goto('/')
  await expect(governor.page.getByRole('heading', { name: 'На утверждение' })).toBeVisible()
  await governor.page.waitForLoadState('networkidle')

  const hints = await hintsIn(governor.page)
  expect(hints).toContain('/api/posts?state=awaitingGovernor&pageSize=200')
  // A hint the app does not use is a second download of the same URL: each went out once.
  for (const hint of hints) {
    expect(
      requests.filter((r) => r === hint),
      hint,
    ).toHaveLength(1)
  }
  // …and a hint that drifted from the app's URL leaves the app asking for its own: every list
  // the queue read was a hinted one.
  const reads = requests.filter((r) => r.startsWith('/api/posts?') || r === '/api/departments')
  expect(reads.length).toBeGreaterThan(0)
  for (const read of reads) expect(hints, read).toContain(read)
  await governor.context.close()
})

test('the SMC’s desktop page names no one else’s first screen', async ({ browser }) => {
  const editor = await signedIn(browser, 'smc')
  await editor.page.goto('/')
  await expect(editor.page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  expect(await hintsIn(editor.page)).toEqual([])
  await editor.context.close()
})
