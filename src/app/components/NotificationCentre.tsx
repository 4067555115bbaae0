import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react'
import { pluralRu } from '../lib/format'
import { notificationsQuery } from '../lib/notifications'

const NotificationPanel = lazy(() => import('./NotificationPanel'))

const unreadWords = ['непрочитанное', 'непрочитанных', 'непрочитанных'] as const

/**
 * The notification centre in the header: an unread count, and a panel of what Viza told this
 * person (new requests, material, decisions, reminders), each opening its screen. Kept fresh by
 * the live stream (`notification` frames).
 */
export function NotificationCentre() {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const root = useRef<HTMLDivElement>(null)
  const { data } = useQuery(notificationsQuery)
  const unread = data?.unread ?? 0

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)
      )
        setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex min-h-11 items-center gap-2 rounded-md px-3 font-medium ring-1 ring-white/40 hover:bg-white/10"
      >
        Уведомления
        {unread > 0 && (
          <span
            className="rounded-full bg-amber-300 px-2 text-xs font-bold text-amber-950"
            aria-label={`${unread} ${pluralRu(unread, unreadWords)}`}
          >
            {unread}
          </span>
        )}
      </button>
      {open && (
        <Suspense fallback={null}>
          <NotificationPanel
            id={panelId}
            data={data}
            unread={unread}
            close={() => setOpen(false)}
          />
        </Suspense>
      )}
    </div>
  )
}
