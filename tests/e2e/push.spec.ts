import { expect, test } from './fixtures'
import { pushPayload } from '../../src/server/notifications/push'
import { signedIn, unique, sentUpViaApi } from './helpers'

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
