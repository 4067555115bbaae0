import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { NotificationDto } from '../../shared/api/notifications-contract'
import { formatDeadline, pluralRu } from '../lib/format'
import { markRead, notificationKeys, notificationsQuery } from '../lib/notifications'

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
  const queryClient = useQueryClient()
  const [, navigate] = useLocation()
  const { data } = useQuery(notificationsQuery)
  const read = useMutation({
    mutationFn: markRead,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  })
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

  const openOne = (n: NotificationDto) => {
    if (!n.read) read.mutate({ ids: [n.id] })
    setOpen(false)
    navigate(n.path)
  }

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
        <section
          id={panelId}
          aria-label="Уведомления"
          className="absolute right-0 z-50 mt-2 w-[min(28rem,90vw)] rounded-lg bg-white text-slate-900 shadow-xl ring-1 ring-slate-200"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
            <h2 className="text-base font-semibold">Уведомления</h2>
            {unread > 0 && (
              <button
                type="button"
                onClick={() => read.mutate({ all: true })}
                className="min-h-11 rounded-md px-2 text-sm font-medium text-brand-800 hover:underline"
              >
                Отметить все прочитанными
              </button>
            )}
          </div>
          {!data?.items.length ? (
            <p className="px-4 py-6 text-sm text-slate-700">
              Уведомлений нет. Новые появятся здесь сразу — страницу обновлять не нужно.
            </p>
          ) : (
            <ul className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto">
              {data.items.map((n) => (
                <li key={n.id}>
                  <a
                    href={n.path}
                    onClick={(e) => {
                      e.preventDefault()
                      openOne(n)
                    }}
                    className={`block px-4 py-3 hover:bg-slate-50 ${n.read ? '' : 'bg-amber-50'}`}
                  >
                    <span className="flex items-start gap-2">
                      {n.urgent && (
                        <span className="mt-0.5 shrink-0 rounded bg-red-700 px-1.5 text-xs font-semibold text-white">
                          Срочно
                        </span>
                      )}
                      <span className={n.read ? '' : 'font-semibold'}>{n.title}</span>
                    </span>
                    {n.body && (
                      <span className="mt-1 block text-sm whitespace-pre-line text-slate-700">
                        {n.body}
                      </span>
                    )}
                    <span className="mt-1 block text-xs text-slate-600">
                      {formatDeadline(n.at)}
                      {n.read ? '' : ' · не прочитано'}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <div className="border-t border-slate-200 px-4 py-2">
            <Link
              href="/notifications/settings"
              onClick={() => setOpen(false)}
              className="inline-flex min-h-11 items-center text-sm font-medium text-brand-800 hover:underline"
            >
              Настройки уведомлений
            </Link>
          </div>
        </section>
      )}
    </div>
  )
}
