/* Web Push in Viza's service worker (imported by the generated Workbox worker). Shows the
   notification the server sent and opens its screen when tapped. */
self.addEventListener('push', (event) => {
  let data
  try {
    data = event.data ? event.data.json() : {}
  } catch {
    data = { title: event.data ? event.data.text() : 'Виза' }
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Виза', {
      body: data.body || '',
      tag: data.tag,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      requireInteraction: !!data.urgent,
      data: { url: data.url || '/' },
    }),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  // Always a screen of this Viza, whatever address the server put in the link.
  const target = new URL(event.notification.data?.url || '/', self.location.origin)
  const url = new URL(target.pathname + target.search, self.location.origin).href
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if ('navigate' in w) return w.focus().then(() => w.navigate(url))
      }
      return self.clients.openWindow(url)
    }),
  )
})
