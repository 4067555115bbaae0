import {
  onlineManager,
  useMutationState,
  type Mutation,
  type QueryClient,
} from '@tanstack/react-query'
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client'
import { createStore, del, get, set, type UseStore } from 'idb-keyval'
import type { z } from 'zod'
import type { postEventPayloadSchema } from '../../domain/post-lifecycle/events'
import type { PostDetailDto, PostEventAnswerDto, UserDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { ApiError, client, NetworkError, read } from './api'
import { keys } from './queries'

/**
 * Working without a connection (the governor on a plane). Three well-kept pieces do it:
 * the service worker (vite-plugin-pwa / Workbox) serves the app itself; TanStack Query's
 * persister keeps the fetched posts on the device (IndexedDB); and an event sent without a
 * connection is a *paused mutation*, written to the device at once, and sent when the
 * connection returns — with the version the person saw, so a post that changed meanwhile is
 * refused (409) and nothing is approved.
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

/** Saves whose only change is in the cached answers wait this long (the queue reads many). */
const ANSWERS_SAVE_MS = 1000

let idbStore: UseStore | undefined
const deviceStore = () => (idbStore ??= createStore('viza', 'offline'))

/** The decisions in a saved client, by identity: a change among them is written at once. */
const decisionsOf = (client: PersistedClient) =>
  JSON.stringify(
    client.clientState.mutations.map((m) => [m.mutationKey, m.state.submittedAt, m.state.status]),
  )

/**
 * The query client kept on the device, in IndexedDB (the pattern of TanStack Query's docs,
 * with idb-keyval): it survives reloads, closing the app and restarting the tablet, and is not
 * limited to localStorage's few megabytes. A decision waiting to be sent — or one sent, so
 * that it is gone — is written at once, before anything else can happen (a reload within the
 * throttle of the stock persisters lost it); cached answers alone are written at most once a
 * second.
 */
export function createDevicePersister(): Persister {
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest: PersistedClient | undefined
  let savedDecisions = '[]'
  const write = (client: PersistedClient) =>
    set(OFFLINE_CACHE_KEY, client, deviceStore()).then(
      // the previous version's copy is not needed once this one is written
      () => localStorage.removeItem(OFFLINE_CACHE_KEY),
      (e: unknown) => console.warn('The offline cache was not saved', e),
    )
  return {
    persistClient: (client) => {
      latest = client
      const decisions = decisionsOf(client)
      if (decisions !== savedDecisions) {
        savedDecisions = decisions
        clearTimeout(timer)
        timer = undefined
        return write(client)
      }
      timer ??= setTimeout(() => {
        timer = undefined
        if (latest) void write(latest)
      }, ANSWERS_SAVE_MS)
    },
    restoreClient: async () => {
      const client =
        (await get<PersistedClient>(OFFLINE_CACHE_KEY, deviceStore())) ?? legacyClient()
      if (client) savedDecisions = decisionsOf(client)
      return client
    },
    removeClient: async () => {
      clearTimeout(timer)
      timer = undefined
      localStorage.removeItem(OFFLINE_CACHE_KEY)
      await del(OFFLINE_CACHE_KEY, deviceStore()).catch((e: unknown) =>
        console.warn('The offline cache was not deleted', e),
      )
    },
  }
}

/** What the previous version kept in localStorage (a decision may be waiting in it). */
function legacyClient(): PersistedClient | undefined {
  const kept = localStorage.getItem(OFFLINE_CACHE_KEY)
  if (!kept) return undefined
  try {
    return JSON.parse(kept) as PersistedClient
  } catch {
    return undefined
  }
}

export const persister = createDevicePersister()

/**
 * A decision is kept from the moment it is made until the server has answered: while it waits
 * for a connection, and also while its request is on its way (a page closed then sends it
 * again when opened, and `configurePostEvents` recognises the answer if the first one arrived).
 */
export const shouldKeepDecision = (m: Mutation) => m.state.status === 'pending'

/**
 * Sends the decisions restored from the device: those that waited for a connection and those
 * whose request was on its way when the page closed (the library resumes only the former).
 * Without a connection they pause again; they go out when it returns.
 */
export function sendRestoredDecisions(queryClient: QueryClient) {
  return Promise.all(
    queryClient
      .getMutationCache()
      .getAll()
      .filter((m) => m.state.status === 'pending')
      .map((m) => m.continue().catch(() => undefined)),
  )
}

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
    mutationFn: async (v: PostEventVariables) => {
      try {
        return await sendPostEvent(v)
      } catch (e) {
        // Sent again after its answer was lost (the page closed, the link dropped): the server
        // refuses the second copy, whose post it has already moved on — with this decision.
        const current = e instanceof ApiError ? e.currentPost : undefined
        const me = queryClient.getQueryData<UserDto | null>(keys.me)
        if (current && me && alreadyTaken(v, current, me.id)) return answerOf(current)
        throw e
      }
    },
    // No connection: wait (paused while the browser is offline) and try again for as long as it
    // takes — a plane's Wi-Fi without internet says "online" and fails every request for hours;
    // never again on a 4xx.
    retry: (_count, e) => e instanceof NetworkError,
    retryDelay: (attempt) => Math.min(30_000, 1000 * 2 ** attempt),
    onSuccess: (answer: PostEventAnswerDto, v: PostEventVariables) => {
      const waited = hasWaited(queryClient, v)
      applyEventAnswer(queryClient, answer)
      clearDrafts(v.postId)
      if (waited) {
        told.add(v)
        toast(sentNotice(queryClient, v), 'success')
      }
    },
    onError: (e: Error, v: PostEventVariables) => {
      // A stale screen: show the post as it is now (the person's own text stays in the draft).
      const current = e instanceof ApiError ? e.currentPost : undefined
      if (current) queryClient.setQueryData(keys.postDetail(v.postId), current)
      if (current && hasWaited(queryClient, v)) {
        told.add(v)
        toast(
          `Пока не было связи, пост «${current.title}» изменился: ваше решение не отправлено. Откройте пост и решите заново.`,
          'error',
        )
      } else if (!current) toast(e.message, 'error')
    },
  })
}

/**
 * Whether the server already has this decision: the first thing that happened to the post
 * after the version the person saw is this very event, by this person, and the text it
 * approved is the one sent (a decision is sent at most once; a copy of it is not a conflict).
 */
export function alreadyTaken(v: PostEventVariables, current: PostDetailDto, meId: string) {
  const next = current.history.find((h) => h.version === v.expectedVersion + 1)
  if (!next || next.event !== v.payload.type || next.actorId !== meId) return false
  const text = 'text' in v.payload ? v.payload.text : undefined
  return text === undefined || (current.textVersion === next.textVersion && current.text === text)
}

const answerOf = (post: PostDetailDto): PostEventAnswerDto => ({
  id: post.id,
  state: post.state,
  version: post.version,
  textVersion: post.textVersion,
  text: post.text,
  context: post.context,
  allowedEvents: post.allowedEvents,
  updatedAt: post.updatedAt,
})

/** Decisions whose outcome the person has been told of by `configurePostEvents`. */
const told = new WeakSet<PostEventVariables>()

/** Whether the screen that sent this event still has to say what came of it. */
export const toldAlready = (v: PostEventVariables) => told.has(v)

/** Whether this event waited before it went out: made offline, or sent again after a failure. */
function hasWaited(queryClient: QueryClient, v: PostEventVariables) {
  if (v.queuedOffline) return true
  const m = queryClient.getMutationCache().find({ predicate: (m) => m.state.variables === v })
  return (m?.state.failureCount ?? 0) > 0
}

const SENT_DECISIONS: Partial<Record<ClientEventPayload['type'], string>> = {
  APPROVE: 'утверждён',
  RETURN_TO_EDITOR: 'возвращён в ЦСМ',
  REJECT: 'отклонён',
}

/** What the person is told when a decision that waited has reached the server. */
function sentNotice(queryClient: QueryClient, v: PostEventVariables) {
  const title = queryClient.getQueryData<PostDetailDto>(keys.postDetail(v.postId))?.title
  const post = title ? `пост «${title}»` : 'пост'
  const decision = SENT_DECISIONS[v.payload.type]
  return decision
    ? `Решение отправлено: ${post} ${decision}.`
    : `Изменения отправлены: ${post} сохранён.`
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

/** Whether this event is still on its way, and waits for a connection («ждёт отправки»). */
const isWaiting = (m: Mutation<unknown, Error, unknown>) =>
  m.state.status === 'pending' && (m.state.isPaused || m.state.failureCount > 0)

/** Posts with a decision made without a connection, waiting to be sent («ждёт отправки»). */
export function useWaitingPosts(): Set<string> {
  const ids = useMutationState({
    filters: { mutationKey: [POST_EVENT], status: 'pending' },
    // paused while offline, or retrying after a request that found no connection
    select: (m) =>
      isWaiting(m) ? (m.state.variables as PostEventVariables | undefined)?.postId : undefined,
  })
  return new Set(ids.filter((id): id is string => !!id))
}

/**
 * This post's event still on its way, whichever page sent it (also one restored after a
 * reload, which no screen's own mutation observes): whether it waits for a connection.
 */
export function usePendingEvent(postId: string): { waiting: boolean } | null {
  const pending = useMutationState({
    filters: { mutationKey: [POST_EVENT, postId], status: 'pending' },
    select: (m) => isWaiting(m),
  })
  return pending.length > 0 ? { waiting: pending.some(Boolean) } : null
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
