import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  DEFAULT_DIGEST_AT,
  kindLabels,
  outsideChannels,
  type NotificationSettings,
  type OutsideChannel,
} from '../../../domain/notifications/preferences'
import type { NotificationSettingsDto } from '../../../shared/api/notifications-contract'
import { ErrorNote } from '../../components/ErrorNote'
import { toast } from '../../components/Toasts'
import { client, read } from '../../lib/api'
import { notificationKeys, notificationSettingsQuery } from '../../lib/notifications'

const channelLabels: Record<OutsideChannel, string> = {
  email: 'Почта',
  telegram: 'Telegram',
  max: 'MAX',
  push: 'На устройство',
}

/** Where and when a person is told: channels per kind of event, and quiet hours. */
export default function NotificationSettingsPage() {
  const { data, error } = useQuery(notificationSettingsQuery)
  if (error) return <ErrorNote error={error} />
  if (!data) return null
  return <SettingsForm key={JSON.stringify(data.settings)} dto={data} />
}

function SettingsForm({ dto }: { dto: NotificationSettingsDto }) {
  const queryClient = useQueryClient()
  const [settings, setSettings] = useState<NotificationSettings>(dto.settings)
  const save = useMutation({
    mutationFn: (json: NotificationSettings) => read(client.notifications.settings.$put({ json })),
    onSuccess: (next) => {
      queryClient.setQueryData(notificationKeys.settings(), next)
      toast('Настройки уведомлений сохранены', 'success')
    },
    onError: (e) => toast(e.message, 'error'),
  })
  const toggle = (kind: keyof NotificationSettings['channels'], channel: OutsideChannel) => {
    const now = settings.channels[kind] ?? []
    const next = now.includes(channel) ? now.filter((c) => c !== channel) : [...now, channel]
    setSettings({ ...settings, channels: { ...settings.channels, [kind]: next } })
  }
  const quiet = settings.quietHours
  return (
    <form
      className="max-w-3xl space-y-6"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate(settings)
      }}
    >
      <h1 className="text-2xl font-bold">Настройки уведомлений</h1>
      <p className="text-slate-700">
        В Визе уведомления видны всегда — под кнопкой «Уведомления». Здесь можно выбрать, о чём
        сообщать ещё и куда.
      </p>
      <ul className="space-y-1 text-sm text-slate-700">
        {outsideChannels.map((c) => (
          <li key={c}>
            <span className="font-medium">{channelLabels[c]}:</span>{' '}
            {dto.channels[c].reaches
              ? dto.channels[c].note || 'подключено'
              : dto.channels[c].note || 'не подключено'}
          </li>
        ))}
      </ul>
      {dto.channels.telegram.available && (
        <MessengerLink messenger="telegram" linked={dto.channels.telegram.reaches} />
      )}
      {dto.channels.max.available && (
        <MessengerLink messenger="max" linked={dto.channels.max.reaches} />
      )}
      {dto.channels.push.available && <PushOnThisDevice />}
      <fieldset className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <legend className="px-1 font-semibold">О чём и куда</legend>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th className="py-2 pr-4 font-medium">Событие</th>
              {outsideChannels.map((c) => (
                <th key={c} className="px-2 py-2 font-medium">
                  {channelLabels[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dto.kinds.map((kind) => (
              <tr key={kind} className="border-t border-slate-100">
                <th scope="row" className="py-2 pr-4 font-normal">
                  {kindLabels[kind]}
                </th>
                {outsideChannels.map((c) => (
                  <td key={c} className="px-2 py-2">
                    <input
                      type="checkbox"
                      className="size-5"
                      aria-label={`${kindLabels[kind]}: ${channelLabels[c]}`}
                      checked={(settings.channels[kind] ?? []).includes(c)}
                      onChange={() => toggle(kind, c)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      {dto.kinds.includes('governorDigest') && (
        <DigestTimes
          times={settings.digestAt ?? DEFAULT_DIGEST_AT}
          onChange={(digestAt) => setSettings({ ...settings, digestAt })}
        />
      )}
      <fieldset className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <legend className="px-1 font-semibold">Тихие часы</legend>
        {!dto.quietHoursOn && (
          <p className="text-sm text-amber-900">
            На этом сервере тихие часы отключены: уведомления приходят круглосуточно.
          </p>
        )}
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="size-5"
            checked={quiet !== null}
            onChange={(e) =>
              setSettings({
                ...settings,
                quietHours: e.target.checked ? { from: '21:00', to: '08:00' } : null,
              })
            }
          />
          Не беспокоить в нерабочее время (срочные запросы приходят всегда)
        </label>
        {quiet && (
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2">
              с
              <input
                type="time"
                required
                className="rounded border border-slate-300 px-2 py-1"
                value={quiet.from}
                onChange={(e) =>
                  setSettings({ ...settings, quietHours: { ...quiet, from: e.target.value } })
                }
              />
            </label>
            <label className="flex items-center gap-2">
              до
              <input
                type="time"
                required
                className="rounded border border-slate-300 px-2 py-1"
                value={quiet.to}
                onChange={(e) =>
                  setSettings({ ...settings, quietHours: { ...quiet, to: e.target.value } })
                }
              />
            </label>
            <span className="text-sm text-slate-600">по времени Югры</span>
          </div>
        )}
        {quiet &&
          // the digest comes at the times chosen for it, quiet hours or not
          dto.kinds
            .filter((kind) => kind !== 'governorDigest')
            .map((kind) => (
              <label key={kind} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={settings.evenWhenQuiet.includes(kind)}
                  onChange={(e) =>
                    setSettings({
                      ...settings,
                      evenWhenQuiet: e.target.checked
                        ? [...settings.evenWhenQuiet, kind]
                        : settings.evenWhenQuiet.filter((k) => k !== kind),
                    })
                  }
                />
                «{kindLabels[kind]}» — сообщать и в тихие часы
              </label>
            ))}
      </fieldset>
      <button
        type="submit"
        disabled={save.isPending}
        className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        Сохранить настройки уведомлений
      </button>
    </form>
  )
}

const DIGEST_SUGGESTIONS = ['08:30', '13:00', '18:00', '21:00']

/** The governor's digest: at which times (region time) the list of what waits for him comes. */
function DigestTimes({
  times,
  onChange,
}: {
  times: string[]
  onChange: (times: string[]) => void
}) {
  const next = DIGEST_SUGGESTIONS.find((t) => !times.includes(t))
  return (
    <fieldset className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <legend className="px-1 font-semibold">Сводка: что ждёт решения</legend>
      <p className="text-sm text-slate-700">
        В выбранное время придёт список постов, которые ждут вашего решения, — если такие есть.
        Время — по Югре.
      </p>
      {times.length === 0 && <p className="text-sm">Сводка не приходит.</p>}
      {times.map((t, i) => (
        <div key={i} className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            Сводка в
            <input
              type="time"
              required
              className="rounded border border-slate-300 px-2 py-1"
              value={t}
              onChange={(e) => onChange(times.map((x, j) => (j === i ? e.target.value : x)))}
            />
          </label>
          <button
            type="button"
            onClick={() => onChange(times.filter((_, j) => j !== i))}
            className="min-h-11 rounded-md px-3 text-sm ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Убрать сводку в {t}
          </button>
        </div>
      ))}
      {times.length < 4 && next && (
        <button
          type="button"
          onClick={() => onChange([...times, next])}
          className="min-h-11 rounded-md px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Добавить время сводки
        </button>
      )}
    </fieldset>
  )
}

const messengerCopy = {
  telegram: { name: 'Telegram', start: '«Запустить»' },
  max: { name: 'MAX', start: '«Начать»' },
} as const

/**
 * Linking a messenger (Telegram, MAX): a one-time deep link to the bot; unlinking from here, or
 * in the chat with /stop.
 */
function MessengerLink({ messenger, linked }: { messenger: 'telegram' | 'max'; linked: boolean }) {
  const { name, start: startButton } = messengerCopy[messenger]
  const queryClient = useQueryClient()
  const [link, setLink] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.settings() })
  const start = useMutation({
    mutationFn: () =>
      read(
        messenger === 'telegram'
          ? client.notifications.telegram.link.$post()
          : client.notifications.max.link.$post(),
      ),
    onSuccess: (r) => {
      setLink(r.url)
      window.open(r.url, '_blank', 'noopener')
    },
    onError: (e) => toast(e.message, 'error'),
  })
  const stop = useMutation({
    mutationFn: () =>
      read(
        messenger === 'telegram'
          ? client.notifications.telegram.$delete()
          : client.notifications.max.$delete(),
      ),
    onSuccess: () => {
      toast(`${name} отключён: уведомления туда больше не приходят`, 'success')
      setLink(null)
      void refresh()
    },
    onError: (e) => toast(e.message, 'error'),
  })
  return (
    <section aria-label={name} className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      {linked ? (
        <>
          <p>{name} подключён: уведомления приходят от бота Визы.</p>
          <button
            type="button"
            onClick={() => stop.mutate()}
            className="min-h-11 rounded-md px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Отключить {name}
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            onClick={() => start.mutate()}
            className="min-h-11 rounded-md px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Подключить {name}
          </button>
          {link && (
            <p className="text-sm text-slate-700">
              Откройте ссылку и нажмите в {name} {startButton}:{' '}
              <a href={link} target="_blank" rel="noopener noreferrer" className="underline">
                {link}
              </a>
              . Ссылка действует 15 минут и только один раз.{' '}
              <button type="button" onClick={() => void refresh()} className="underline">
                Проверить, подключён ли {name}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  )
}

/** Web Push on this browser: permission, PushManager.subscribe with the server's VAPID key. */
function PushOnThisDevice() {
  const queryClient = useQueryClient()
  const supported =
    typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window
  const enable = useMutation({
    mutationFn: async () => {
      if ((await Notification.requestPermission()) !== 'granted')
        throw new Error('Браузер не разрешил уведомления: разрешите их в настройках сайта')
      const { publicKey } = await read(client.notifications.push.key.$get())
      const registration = await navigator.serviceWorker.ready
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: publicKey,
      })
      // toJSON() types every field optional; the server refuses (400) what a browser left out.
      const { endpoint = '', keys = {}, expirationTime = null } = subscription.toJSON()
      const json = {
        endpoint,
        keys: { p256dh: keys.p256dh ?? '', auth: keys.auth ?? '' },
        expirationTime,
      }
      await read(client.notifications.push.subscriptions.$post({ json }))
    },
    onSuccess: () => {
      toast('Уведомления на этом устройстве включены', 'success')
      void queryClient.invalidateQueries({ queryKey: notificationKeys.settings() })
    },
    onError: (e) => toast(e.message, 'error'),
  })
  if (!supported) return null
  return (
    <section
      aria-label="Уведомления на устройстве"
      className="rounded-lg bg-white p-4 ring-1 ring-slate-200"
    >
      <button
        type="button"
        onClick={() => enable.mutate()}
        className="min-h-11 rounded-md px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50"
      >
        Включить уведомления на этом устройстве
      </button>
    </section>
  )
}
