import type { QueryClient } from '@tanstack/react-query'
import { client, read } from './api'
import { OFFLINE_CACHE_KEY, persister } from './offline'
import { keys } from './queries'

/**
 * A tablet is shared: what this browser keeps for one person — the offline cache, decisions
 * waiting for a connection, drafts, the Web Push subscription — must not reach the next.
 * Signing out removes it all; a session that ended otherwise (expired, revoked) leaves nothing
 * readable either; and a different person signing in starts from nothing.
 */

/** Whose data this browser keeps: the id of the person last signed in here. */
export const OWNER_KEY = 'viza:owner'

/** This browser's push subscription, when Viza's service worker has one. */
async function pushSubscription(): Promise<PushSubscription | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null
  const registration = await navigator.serviceWorker.getRegistration()
  return (await registration?.pushManager?.getSubscription()) ?? null
}

/** Stops pushes to this browser: the push service forgets the subscription. */
async function unsubscribePush(): Promise<PushSubscription | null> {
  const subscription = await pushSubscription().catch(() => null)
  await subscription?.unsubscribe().catch(() => false)
  return subscription
}

/**
 * Everything kept for the person: queries (but who is signed in), drafts, the stored offline
 * cache, and the decisions waiting for a connection — unless `keepDecisions`: a session that
 * merely expired must not lose the governor's decision made on a plane; it stays stored (the
 * queries do not) until he signs in again, or another person does and it is dropped.
 */
export async function forgetPerson(
  queryClient: QueryClient,
  { keepDecisions = false }: { keepDecisions?: boolean } = {},
) {
  if (!keepDecisions) queryClient.getMutationCache().clear()
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] })
  for (const k of Object.keys(localStorage))
    if (k.startsWith('viza:draft:') || k === OFFLINE_CACHE_KEY) localStorage.removeItem(k)
  // last: the changes above are saved as they happen, and this deletes what they saved
  if (!keepDecisions) await Promise.resolve(persister.removeClient()).catch(() => {})
}

/**
 * «Выйти»: the server forgets this browser's push subscription (the session's own is removed
 * with it too), the browser drops it, the session ends and nothing of the person stays.
 */
export async function signOut(queryClient: QueryClient) {
  const subscription = await unsubscribePush()
  if (subscription)
    await read(
      client.notifications.push.subscriptions.$delete({
        json: { endpoint: subscription.endpoint },
      }),
    ).catch(() => {})
  await read(client.session.$delete()).catch(() => {})
  await forgetPerson(queryClient)
  localStorage.removeItem(OWNER_KEY)
  queryClient.setQueryData(keys.me, null)
}

/**
 * Each answer to «who is signed in» (`null`: nobody, the session ended). Nobody: what was kept
 * for the last person is forgotten but for decisions waiting to be sent (the push subscription
 * stays too: a session that expired on the person's own phone must not silence it; the next
 * person's sign-in drops both). Someone other
 * than the last person: theirs is forgotten, and the browser's push subscription, theirs too.
 */
export function claimDevice(queryClient: QueryClient, userId: string | null) {
  const owner = localStorage.getItem(OWNER_KEY)
  if (userId === null) return void forgetPerson(queryClient, { keepDecisions: true })
  if (owner !== null && owner !== userId) {
    void forgetPerson(queryClient)
    void unsubscribePush()
  }
  // no owner: a new browser, or one signed out of (and emptied) — what is here is this person's
  localStorage.setItem(OWNER_KEY, userId)
}
