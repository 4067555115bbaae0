import { useQueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, type ReactNode } from 'react'
import { Link } from 'wouter'
import { personLabel } from '../../domain/roles'
import type { UserDto } from '../../shared/api/contract'
import { client, read } from '../lib/api'
import { useConnectionStatus } from '../lib/live'
import { persister } from '../lib/offline'
import { channelsQuery, commentCountsQuery, keys } from '../lib/queries'
import { Toasts } from './Toasts'
import { NotificationCentre } from './NotificationCentre'

const nav: Record<UserDto['role'], Array<[string, string]>> = {
  editor: [
    ['/dashboard', 'Все посты'],
    ['/requests/new', 'Новый запрос'],
    ['/comments', 'Комментарии'],
    ['/analytics', 'Аналитика'],
  ],
  department: [
    ['/inbox', 'Запросы'],
    ['/comments', 'Комментарии'],
  ],
  governor: [
    ['/review', 'На утверждение'],
    ['/published', 'Опубликовано'],
    ['/instructions', 'Мои поручения'],
    ['/instruction', 'Дать поручение'],
    ['/week', 'Итоги недели'],
  ],
  admin: [
    ['/admin', 'Пользователи'],
    ['/admin/departments', 'Департаменты'],
    ['/admin/calendar', 'Календарь'],
    ['/admin/channels', 'Каналы'],
    ['/comments', 'Комментарии'],
    ['/analytics', 'Аналитика'],
    ['/admin/notifications', 'Уведомления'],
  ],
}

export function Layout({
  me,
  demo,
  children,
}: {
  me: UserDto
  demo: boolean
  children: ReactNode
}) {
  const queryClient = useQueryClient()
  const status = useConnectionStatus()
  const top = useStickyHeight()
  const { data: modes } = useQuery({ ...channelsQuery, enabled: me.role !== 'department' })
  // how many comments wait for the SMC: new ones, answers to review, replies that need her word
  const { data: commentCounts } = useQuery({ ...commentCountsQuery, enabled: me.role === 'editor' })
  const waiting = commentCounts?.waitingForSmc ?? 0
  const links = [...nav[me.role]]
  if ([...(modes?.values() ?? [])].includes('demo')) links.push(['/demo-channels', 'Демо-каналы'])
  const signOut = async () => {
    await read(client.session.$delete()).catch(() => {})
    for (const k of Object.keys(localStorage))
      if (k.startsWith('viza:draft:')) localStorage.removeItem(k)
    queryClient.getMutationCache().clear()
    queryClient.setQueryData(keys.me, null)
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' })
    // last: the changes above are saved as they happen, and this deletes what they saved
    await persister.removeClient()
    history.replaceState(null, '', '/')
  }
  return (
    <div className="min-h-screen">
      {/* One sticky block: banners, the header and the notices. It takes its own room, so a
          notice never lies over the page; sticky panels below start under it (--top). */}
      <div ref={top} className="sticky top-0 z-40">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          К содержанию
        </a>
        {demo && (
          <div className="bg-amber-100 px-4 py-1 text-center text-sm text-amber-950">
            Демо-режим: учебные данные и учётные записи. Не используйте для настоящих публикаций.
          </div>
        )}
        {status === 'offline' && (
          <div
            role="alert"
            className="bg-red-700 px-4 py-2 text-center text-sm font-medium text-white"
          >
            Нет связи с сервером. Изменения других не приходят; переподключаемся автоматически…
          </div>
        )}
        <header className="bg-brand-800 text-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link
              href="/"
              className="inline-flex min-h-11 items-center text-lg font-bold tracking-wide"
            >
              Виза
            </Link>
            <nav aria-label="Разделы" className="flex flex-wrap gap-1">
              {links.map(([href, label]) => (
                <Link
                  key={href}
                  href={href}
                  className={(active) =>
                    `inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium ${active ? 'bg-white/15' : 'hover:bg-white/10'}`
                  }
                >
                  {label}
                  {href === '/comments' && waiting > 0 && (
                    <span className="ml-1.5 rounded-full bg-white px-1.5 text-xs font-bold text-brand-800">
                      <span className="sr-only">, ждут ЦСМ: </span>
                      {waiting}
                    </span>
                  )}
                </Link>
              ))}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              {me.role !== 'admin' && <NotificationCentre />}
              <span>{personLabel(me.name, me.role)}</span>
              <button
                type="button"
                onClick={signOut}
                className="min-h-11 min-w-11 rounded-md px-3 font-medium ring-1 ring-white/40 hover:bg-white/10"
              >
                Выйти
              </button>
            </div>
          </div>
        </header>
        <Toasts />
      </div>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  )
}

/** Keeps `--top` on the page equal to the sticky block's height, for sticky panels below it. */
function useStickyHeight() {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    // The observer reports the first size itself, after the browser's own layout: measuring
    // here at once would force an extra layout of the whole page on first load.
    const observer = new ResizeObserver(([entry]) => {
      const height = entry?.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height
      document.documentElement.style.setProperty('--top', `${height}px`)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return ref
}
