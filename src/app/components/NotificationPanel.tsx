import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Link, useLocation } from 'wouter'
import type { NotificationDto, NotificationListDto } from '../../shared/api/notifications-contract'
import { formatDeadline } from '../lib/format'
import { markRead, notificationKeys } from '../lib/notifications'

/**
 * The open notification panel: a chunk of its own, loaded when the person first opens it, so
 * the header's unread count is all the first screen carries (the governor's first load).
 */
export default function NotificationPanel({
  id,
  data,
  unread,
  close,
}: {
  id: string
  data: NotificationListDto | undefined
  unread: number
  close: () => void
}) {
  const queryClient = useQueryClient()
  const [, navigate] = useLocation()
  const read = useMutation({
    mutationFn: markRead,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  })

  const openOne = (n: NotificationDto) => {
    if (!n.read) read.mutate({ ids: [n.id] })
    close()
    navigate(n.path)
  }

  return (
    <section
      id={id}
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
          onClick={close}
          className="inline-flex min-h-11 items-center text-sm font-medium text-brand-800 hover:underline"
        >
          Настройки уведомлений
        </Link>
      </div>
    </section>
  )
}
