import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { LiveEventDto, UserDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { client, onConnectivity } from './api'
import { keys } from './queries'
import { takeFirstScreenEventId } from './first-screen'
import { notificationKeys } from './notifications'

/** Which changes are worth interrupting each role for; everything still refreshes the screen. */
const NOTIFY: Record<UserDto['role'], ReadonlySet<LiveEventDto['event']> | 'all'> = {
  editor: 'all',
  department: new Set([
    'SEND_REQUEST',
    'RETURN_TO_DEPARTMENT',
    'REASSIGN',
    'CANCEL',
    'DEADLINE_PASSED',
    'PUBLISHED',
  ]),
  governor: new Set(['SEND_TO_GOVERNOR', 'PUBLISHED', 'CANCEL']),
  admin: new Set(),
}

export function worthNotifying(me: UserDto, e: LiveEventDto): boolean {
  if (e.actorId === me.id) return false
  const set = NOTIFY[me.role]
  return set === 'all' || set.has(e.event)
}

type Status = 'connecting' | 'online' | 'offline'
let status: Status = 'connecting'
const statusListeners = new Set<() => void>()
function setStatus(s: Status) {
  if (s === status) return
  // A late answer from before the network dropped does not mean we are back.
  if (s === 'online' && typeof navigator !== 'undefined' && navigator.onLine === false) return
  status = s
  statusListeners.forEach((l) => l())
}
onConnectivity((online) => setStatus(online ? 'online' : 'offline'))

export function useConnectionStatus(): Status {
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l)
      return () => statusListeners.delete(l)
    },
    () => status,
  )
}

/**
 * Listens to the server's event stream for the signed-in user: each change invalidates the
 * lists and that post's detail, and a change made by someone else shows a short notice.
 * EventSource reconnects by itself and resumes from the last event id.
 */
export function useLiveUpdates(me: UserDto | null) {
  const queryClient = useQueryClient()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    // The browser knows it went offline before the stream does; back online, reconnect at once.
    const offline = () => setStatus('offline')
    const online = () => setGeneration((g) => g + 1)
    window.addEventListener('offline', offline)
    window.addEventListener('online', online)
    return () => {
      window.removeEventListener('offline', offline)
      window.removeEventListener('online', online)
    }
  }, [])
  useEffect(() => {
    if (!me) return
    const from = takeFirstScreenEventId()
    const source = new EventSource(
      (from === null
        ? client.events.$url()
        : client.events.$url({ query: { lastEventId: String(from) } })
      ).href,
    )
    let wasOffline = generation > 0
    source.addEventListener('ready', (message) => {
      setStatus('online')
      // too far behind to replay (`reset`): the screens ask again, as after a lost connection
      const { reset } = JSON.parse((message as MessageEvent<string>).data) as { reset: boolean }
      if (wasOffline || reset) {
        // versions never change: lists and details only
        void queryClient.invalidateQueries({ queryKey: keys.postLists() })
        void queryClient.invalidateQueries({ queryKey: keys.postDetails() })
        // comment frames are not replayed: refetch the comment screens
        void queryClient.invalidateQueries({ queryKey: keys.comments })
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all })
      }
      wasOffline = false
    })
    source.addEventListener('post', (message) => {
      // A frame's data is a LiveEvent (the stream's one untyped edge: hc does not read SSE).
      const e = JSON.parse((message as MessageEvent<string>).data) as LiveEventDto
      void queryClient.invalidateQueries({ queryKey: keys.postLists() })
      void queryClient.invalidateQueries({ queryKey: keys.postDetail(e.postId) })
      if (worthNotifying(me, e)) {
        const kind = e.event === 'DEADLINE_PASSED' || e.event === 'REJECT' ? 'error' : 'info'
        // The wording comes with the first notice, not with the page (the governor's first
        // visit stays under 100 KB); if it cannot be fetched, a plainer notice still says it.
        void import('../../domain/post-lifecycle/wording').then(
          ({ liveNotice }) => toast(liveNotice(e, me.role), kind),
          () => toast(`Пост изменён: «${e.title}»`, kind),
        )
      }
    })
    // A citizen's comment this person may see changed (issue 14): its screens and the counts.
    // The open answer box keeps what is typed (the screens key their drafts, not the data).
    source.addEventListener('comment', () => {
      void queryClient.invalidateQueries({ queryKey: keys.comments })
    })
    // Something new in the notification centre (issue 13).
    source.addEventListener('notification', () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all })
    })
    source.onerror = () => {
      wasOffline = true
      setStatus('offline')
    }
    return () => source.close()
  }, [me, queryClient, generation])
}
