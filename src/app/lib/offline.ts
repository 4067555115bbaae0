import { onlineManager, useMutationState, type QueryClient } from '@tanstack/react-query'
import { createSyncStoragePersister } from '@tanstack/query-sync-storage-persister'
import type { z } from 'zod'
import type { postEventPayloadSchema } from '../../domain/post-lifecycle/events'
import type { PostDetailDto, PostEventAnswerDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { ApiError, client, NetworkError, read } from './api'
import { keys } from './queries'

/**
 * Working without a connection (the governor on a plane). Three well-kept pieces do it:
 * the service worker (vite-plugin-pwa / Workbox) serves the app itself; TanStack Query's
 * persister keeps the fetched posts on the device; and an event sent without a connection is
 * a *paused mutation*, persisted too, and sent when the connection returns — with the version
 * the person saw, so a post that changed meanwhile is refused (409) and nothing is approved.
 */
export const POST_EVENT = 'post-event'

/** What a client may send on /events (an image arrives through the upload instead). */
export type ClientEventPayload = z.input<typeof postEventPayloadSchema>

export interface PostEventVariables {
  postId: string
  payload: ClientEventPayload
  expectedVersion: number
  /** Decided without a connection: it waited on the device before it was sent. */
  queuedOffline?: boolean
}

export const sendPostEvent = (v: PostEventVariables) =>
  read(
    client.posts[':id'].events.$post({
      param: { id: v.postId },
      json: { ...v.payload, expectedVersion: v.expectedVersion },
    }),
  )

export const OFFLINE_CACHE_KEY = 'viza:offline-cache'

export const persister = createSyncStoragePersister({
  storage: typeof window === 'undefined' ? undefined : window.localStorage,
  key: OFFLINE_CACHE_KEY,
  throttleTime: 1000,
})

/**
 * How every post event is sent, also one resumed after a reload (a persisted mutation keeps
 * only its key and variables; its function and effects come from here).
 */
export function configurePostEvents(queryClient: QueryClient) {
  // TanStack Query only hears the online/offline events; a page opened offline must start so.
  onlineManager.setEventListener((setOnline) => {
    if (typeof window === 'undefined') return
    setOnline(navigator.onLine)
    const online = () => setOnline(true)
    const offline = () => setOnline(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    }
  })
  queryClient.setMutationDefaults([POST_EVENT], {
    mutationFn: sendPostEvent,
    // No connection: wait (paused while the browser is offline) and try again; never on a 4xx.
    retry: (count, e) => e instanceof NetworkError && count < 100,
    retryDelay: (attempt) => Math.min(30_000, 1000 * 2 ** attempt),
    onSuccess: (answer: PostEventAnswerDto, v: PostEventVariables) => {
      applyEventAnswer(queryClient, answer)
      clearDrafts(v.postId)
    },
    onError: (e: Error, v: PostEventVariables) => {
      // A stale screen: show the post as it is now (the person's own text stays in the draft).
      const current = e instanceof ApiError ? e.currentPost : undefined
      if (current) queryClient.setQueryData(keys.postDetail(v.postId), current)
      else toast(e.message, 'error')
    },
  })
}

/**
 * An event's answer carries the post's new state, version, text and next actions, not the whole
 * post: patch the cached detail at once (the buttons and the next expectedVersion are right
 * immediately), then refetch what the answer leaves out (history, versions, deadlines, ledger)
 * and the lists. An older answer never overwrites a newer post.
 */
export function applyEventAnswer(queryClient: QueryClient, answer: PostEventAnswerDto) {
  queryClient.setQueryData<PostDetailDto>(keys.postDetail(answer.id), (old) =>
    old && old.version < answer.version ? { ...old, ...answer } : old,
  )
  void queryClient.invalidateQueries({ queryKey: keys.postDetail(answer.id) })
  void queryClient.invalidateQueries({ queryKey: keys.postLists() })
}

function clearDrafts(postId: string) {
  for (const k of Object.keys(localStorage))
    if (k.startsWith(`viza:draft:${postId}:`)) localStorage.removeItem(k)
}

/** Posts with a decision made without a connection, waiting to be sent («ждёт отправки»). */
export function useWaitingPosts(): Set<string> {
  const ids = useMutationState({
    filters: { mutationKey: [POST_EVENT], status: 'pending' },
    // paused while offline, or retrying after a request that found no connection
    select: (m) =>
      m.state.isPaused || m.state.failureCount > 0
        ? (m.state.variables as PostEventVariables | undefined)?.postId
        : undefined,
  })
  return new Set(ids.filter((id): id is string => !!id))
}

/**
 * The last decision on this post made without a connection that came back refused because the
 * post had changed while it waited (a refusal made online is shown where the button was).
 */
export function useRefusedWhileAway(postId: string) {
  const refused = useMutationState({
    filters: { mutationKey: [POST_EVENT, postId], status: 'error' },
    select: (m) => ({
      error: m.state.error,
      variables: m.state.variables as PostEventVariables | undefined,
    }),
  })
  const last = refused.at(-1)
  return last?.variables?.queuedOffline &&
    last.error instanceof ApiError &&
    last.error.status === 409
    ? last
    : null
}

/** How long the page is left alone after it has loaded before the app is downloaded for later. */
const SETTLE_MS = 3_000

/**
 * The service worker (Workbox's, built by vite-plugin-pwa), registered once the page has
 * settled rather than at `load`: installing it downloads the whole app for the plane (57 files,
 * about 700 KB), which on the tablet's link competes with the queue's own reads and with the
 * post he opens next. Lighthouse's mobile run, 3 runs each: TBT 180–365 ms with registration at
 * `load`, 127–198 ms without it in the measured load (docs/decisions/0008-offline-approach.md says what
 * that does and does not prove).
 */
export function registerServiceWorkerLater() {
  if (!('serviceWorker' in navigator)) return
  const register = () =>
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  // Safari has no requestIdleCallback: a timer is the next best moment there.
  const whenIdle = (fn: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: SETTLE_MS }) : fn()
  const later = () => setTimeout(() => whenIdle(register), SETTLE_MS)
  if (document.readyState === 'complete') later()
  else addEventListener('load', later, { once: true })
}
