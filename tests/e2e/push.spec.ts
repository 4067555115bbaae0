import { type Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { pushPayload } from '../../src/server/notifications/push'
import { DEMO_PASSWORD, signedIn, unique, sentUpViaApi, viewports } from './helpers'

/**
 * The last leg of Web Push in real Chromium: the server's own payload for a real notification,
 * handed to Viza's service worker as the push service would (DevTools protocol
 * `ServiceWorker.deliverPushMessage`: there is no push service on this machine), and shown by it.
 * The legs before — VAPID signature and aes128gcm encryption to a subscription — are checked
 * against a local push endpoint in tests/integration/notifications-push.test.ts.
 */
test('a push for the governor is shown by the service worker on his tablet, and names the post', async ({
  browser,
  baseURL,
}) => {
  const governor = await signedIn(browser, 'governor', 'tabletPortrait')
  await governor.context.grantPermissions(['notifications'], { origin: baseURL! })
  const page = governor.page
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)

  const cdp = await governor.context.newCDPSession(page)
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === scope && !r.isDeleted)
      if (ours) resolve(ours.registrationId)
    })
  })
  await cdp.send('ServiceWorker.enable')

  // A real event: the SMC sends a post up; the server writes the governor's notification.
  const editor = await signedIn(browser, 'smc')
  const title = unique('Ледовая переправа')
  const post = await sentUpViaApi(editor.page, title, 'Переправа через Обь открыта для легковых.')
  const list = await (await page.request.get('/api/notifications')).json()
  const n = list.items.find((i: { postId: string }) => i.postId === post.id)
  expect(n, 'the governor has a notification about the post').toBeTruthy()

  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: new URL(baseURL!).origin,
    registrationId: await registrationId,
    data: pushPayload({
      deliveryId: n.id,
      title: n.title,
      body: n.body,
      url: new URL(n.path, baseURL).href,
      urgent: n.urgent,
    }),
  })

  const shown = async () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((x) => ({
        title: x.title,
        body: x.body,
        tag: x.tag,
        url: (x.data as { url: string }).url,
      })),
    )
  await expect.poll(shown).toHaveLength(1)
  const [notification] = await shown()
  expect(notification!.title).toContain(title)
  expect(notification!.body).toBe(n.body)
  expect(notification!.tag).toBe(`viza-${n.id}`)
  expect(new URL(notification!.url).pathname).toBe(n.path)
  await governor.context.close()
  await editor.context.close()
})

/**
 * The offline cache as the persister left it in IndexedDB (app/lib/offline.ts: database «viza»,
 * store «offline»): the queries' first key parts, without «me» (who is signed in: nobody).
 */
const persisted = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('viza')
      // as idb-keyval makes it, so that the app can still open it after this look
      open.onupgradeneeded = () => open.result.createObjectStore('offline')
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const state = await new Promise<{ clientState: { queries: Array<{ queryKey: unknown[] }> } }>(
      (resolve, reject) => {
        const read = db.transaction('offline').objectStore('offline').get('viza:offline-cache')
        read.onsuccess = () => resolve(read.result)
        read.onerror = () => reject(read.error)
      },
    )
    db.close()
    return (state?.clientState.queries ?? [])
      .map((q) => String(q.queryKey[0]))
      .filter((key) => key !== 'me')
  })

test('on a shared tablet, «Выйти» stops this browser’s pushes, and a session that ends otherwise leaves no readable cache', async ({
  browser,
}) => {
  const context = await browser.newContext({ ...viewports.tabletPortrait })
  // The browser's push subscription (no push service here: PushManager answers with a stand-in
  // whose unsubscribe is recorded, as Chromium's would be).
  await context.addInitScript(() => {
    const log: string[] = ((window as unknown as { pushLog: string[] }).pushLog = [])
    const subscription = {
      endpoint: 'https://fcm.googleapis.com/fcm/send/shared-tablet',
      unsubscribe: async () => (log.push('unsubscribed'), true),
    }
    PushManager.prototype.getSubscription = async () => subscription as unknown as PushSubscription
  })
  const page = await context.newPage()
  const signIn = async (login: string) => {
    await page.getByLabel('Логин').fill(login)
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Войти' }).click()
    await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  }
  await page.goto('/')
  await signIn('governor')
  await page.evaluate(async () => void (await navigator.serviceWorker.ready))

  // «Выйти»: the server is told to forget the subscription, the browser drops it
  const forget = page.waitForRequest(
    (r) => r.method() === 'DELETE' && r.url().endsWith('/api/notifications/push/subscriptions'),
  )
  await page.getByRole('button', { name: 'Выйти' }).click()
  expect((await forget).postDataJSON()).toEqual({
    endpoint: 'https://fcm.googleapis.com/fcm/send/shared-tablet',
  })
  await expect(page.getByLabel('Логин')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { pushLog: string[] }).pushLog)).toEqual([
    'unsubscribed',
  ])
  await expect.poll(() => persisted(page)).toEqual([])

  // The governor reads his queue; the cache is kept for the plane …
  await signIn('governor')
  await expect.poll(async () => (await persisted(page)).length).toBeGreaterThan(1)
  // … and his session ends without «Выйти» (it expired): the next person finds nothing of his
  await context.clearCookies()
  await page.reload()
  await expect(page.getByLabel('Логин')).toBeVisible()
  await expect.poll(() => persisted(page)).toEqual([])
  await context.close()
})
