import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { LiveEventDto, UserDto } from '../../shared/api/contract'
import { toast } from '../components/Toasts'
import { onConnectivity } from './api'
import { keys } from './queries'

/** What a person reads when someone else changes a post. */
export function describeLiveEvent(e: LiveEventDto): string {
  const t = `«${e.title}»`
  switch (e.event) {
    case 'CREATED':
      return `${e.actorName}: новый запрос ${t}`
    case 'SEND_REQUEST':
      return `Запрос ${t} отправлен департаменту`
    case 'WRITE_IN_HOUSE':
      return `ЦСМ готовит пост ${t} сам`
    case 'SUBMIT_DRAFT':
      return `${e.actorName} прислал материал ${t}`
    case 'RETURN_TO_DEPARTMENT':
      return `Материал ${t} возвращён на доработку`
    case 'REASSIGN':
      return `Запрос ${t} передан другому департаменту`
    case 'EDIT_TEXT':
      return `${e.actorName} изменил текст ${t}`
    case 'ATTACH_MEDIA':
      return `${e.actorName} добавил фото к ${t}`
    case 'DETACH_MEDIA':
      return `${e.actorName} убрал фото из ${t}`
    case 'SEND_TO_GOVERNOR':
      return `Пост ${t} отправлен губернатору на утверждение`
    case 'APPROVE':
      return `Губернатор утвердил пост ${t}`
    case 'RETURN_TO_EDITOR':
      return `Губернатор вернул пост ${t} в ЦСМ`
    case 'REJECT':
      return `Губернатор отклонил пост ${t}`
    case 'PUBLISH':
      return e.toState === 'publishing' ? `Пост ${t} публикуется` : `Публикация ${t} запланирована`
    case 'PUBLISHED':
      return `Пост ${t} опубликован`
    case 'CANCEL':
      return `Запрос ${t} отменён`
    case 'DEADLINE_PASSED':
      return `Срок по запросу ${t} истёк`
  }
}

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
    const source = new EventSource('/api/events')
    let wasOffline = generation > 0
    source.addEventListener('ready', () => {
      setStatus('online')
      if (wasOffline) void queryClient.invalidateQueries({ queryKey: keys.posts })
      wasOffline = false
    })
    source.addEventListener('post', (message) => {
      const e = JSON.parse((message as MessageEvent<string>).data) as LiveEventDto
      void queryClient.invalidateQueries({ queryKey: keys.postLists() })
      void queryClient.invalidateQueries({ queryKey: keys.postDetail(e.postId) })
      if (worthNotifying(me, e))
        toast(
          describeLiveEvent(e),
          e.event === 'DEADLINE_PASSED' || e.event === 'REJECT' ? 'error' : 'info',
        )
    })
    source.onerror = () => {
      wasOffline = true
      setStatus('offline')
    }
    return () => source.close()
  }, [me, queryClient, generation])
}
