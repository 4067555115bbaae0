import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  channelFields,
  type ChannelCheckDto,
  type ChannelSettingsDto,
  type ChannelSettingsListDto,
  type SettableChannel,
} from '../../../../shared/api/admin-contract'
import { ErrorNote } from '../../../components/ErrorNote'
import { toast } from '../../../components/Toasts'
import { client, read } from '../../../lib/api'
import { keys } from '../../../lib/queries'
import { adminKeys, channelSettingsQuery } from '../queries'

const titles: Record<SettableChannel, string> = {
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  max: 'MAX',
}

function statusLine(s: ChannelSettingsDto): { text: string; tone: string } {
  if (s.source === 'env')
    return {
      text: 'Подключён: данные из переменных окружения сервера',
      tone: 'bg-emerald-100 text-emerald-900',
    }
  if (s.source === 'settings')
    return { text: 'Подключён: данные сохранены здесь', tone: 'bg-emerald-100 text-emerald-900' }
  if (s.demo)
    return {
      text: 'Демо-канал: публикации остаются в Визе',
      tone: 'bg-amber-100 text-amber-950',
    }
  return { text: 'Не настроен: посты публикуют вручную', tone: 'bg-slate-200 text-slate-800' }
}

export default function ChannelsAdmin() {
  const { data } = useQuery(channelSettingsQuery)
  if (!data) return <p role="status">Загрузка…</p>
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">Каналы</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Ключи хранятся на сервере в зашифрованном виде и больше не показываются — ни здесь, ни
        где-либо ещё. Чтобы заменить ключ, введите новый. Переменные окружения сервера важнее
        сохранённых здесь данных.
      </p>
      {!data.canStore && (
        <p role="alert" className="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900">
          Сохранить ключи нельзя: на сервере не задан ключ шифрования <code>VIZA_SECRET_KEY</code>.
          Попросите администратора сервера задать его (не короче 16 знаков) и перезапустить Визу.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {data.items.map((s) => (
          <ChannelCard
            key={s.channel}
            settings={s}
            canStore={data.canStore}
            vkCallback={s.channel === 'vk' ? data.vkCallback : null}
          />
        ))}
      </div>
    </div>
  )
}

type VkCallbackStatus = ChannelSettingsListDto['vkCallback']

function ChannelCard({
  settings,
  canStore,
  vkCallback,
}: {
  settings: ChannelSettingsDto
  canStore: boolean
  vkCallback: VkCallbackStatus | null
}) {
  const queryClient = useQueryClient()
  const channel = settings.channel
  const fields = channelFields[channel]
  const [values, setValues] = useState<Record<string, string>>({})
  const [check, setCheck] = useState<ChannelCheckDto | null>(null)
  const entered = Object.fromEntries(
    Object.entries(values)
      .map(([k, v]) => [k, v.trim()])
      .filter(([, v]) => v),
  )
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.channels() })
    // how channels are served shows on every screen
    void queryClient.invalidateQueries({ queryKey: keys.channels })
  }
  const save = useMutation({
    mutationFn: () =>
      read(client.admin.channels[':channel'].$put({ param: { channel }, json: entered })),
    onSuccess: (s) => {
      setValues({})
      setCheck(null)
      toast(
        s.configured && s.source === 'settings'
          ? `${titles[channel]}: ключи сохранены, канал подключён. Проверьте подключение`
          : `${titles[channel]}: ключи сохранены`,
        'success',
      )
      refresh()
    },
  })
  const remove = useMutation({
    mutationFn: () => read(client.admin.channels[':channel'].$delete({ param: { channel } })),
    onSuccess: () => {
      setCheck(null)
      toast(`${titles[channel]}: сохранённые ключи удалены`, 'success')
      refresh()
    },
  })
  const test = useMutation({
    mutationFn: () => read(client.admin.channels[':channel'].check.$post({ param: { channel } })),
    onSuccess: setCheck,
  })
  const status = statusLine(settings)
  const complete = settings.source !== null
  const headingId = `ch-${channel}`

  return (
    <section aria-labelledby={headingId} className="card flex flex-col gap-3 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {titles[channel]}
        </h2>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${status.tone}`}>
          {status.text}
        </span>
      </div>
      {settings.unreadable && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
          {canStore
            ? 'Сохранённые ключи не расшифровываются: ключ шифрования VIZA_SECRET_KEY на сервере не тот, с которым их сохранили. '
            : 'Сохранённые ключи не прочитать: на сервере не задан ключ шифрования VIZA_SECRET_KEY. '}
          {settings.demo
            ? 'Пока канал работает как демо-канал. '
            : 'Пока канал не настроен: посты публикуют вручную. '}
          Попросите администратора сервера вернуть прежний ключ и перезапустить Визу или введите
          ключи заново.
        </p>
      )}
      {vkCallback && <VkCallbackLine status={vkCallback} />}
      {channel === 'max' && <MaxHowTo />}
      {settings.source === 'env' && (
        <p className="text-sm text-slate-700">
          Действуют переменные окружения {fields.map((f) => f.env).join(', ')}. Сохранённое здесь
          вступит в силу, только если их убрать.
        </p>
      )}
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate()
        }}
      >
        {fields.map((f) => {
          const id = `${channel}-${f.key}`
          const stored = settings.storedFields.includes(f.key)
          return (
            <div key={f.key}>
              <label className="label" htmlFor={id}>
                {f.label}
              </label>
              <input
                id={id}
                type="password"
                autoComplete="off"
                spellCheck={false}
                className="field font-mono"
                disabled={!canStore}
                placeholder={stored ? 'сохранено' : ''}
                aria-describedby={`${id}-state`}
                value={values[f.key] ?? ''}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
              <span id={`${id}-state`} className="mt-1 block text-xs text-slate-600">
                {stored ? 'Сохранено. Чтобы заменить, введите новое значение' : 'Не задано'}
              </span>
            </div>
          )
        })}
        <div className="flex flex-wrap gap-2">
          <button
            className="btn-primary"
            type="submit"
            disabled={!canStore || Object.keys(entered).length === 0 || save.isPending}
          >
            Сохранить ключи
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={!complete || test.isPending}
            onClick={() => test.mutate()}
          >
            {test.isPending ? 'Проверяем…' : 'Проверить подключение'}
          </button>
          {settings.storedFields.length > 0 && (
            <button
              type="button"
              className="btn-secondary"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Удалить сохранённые ключи
            </button>
          )}
        </div>
        {!complete && (
          <p className="text-sm text-slate-600">
            Проверить подключение можно, когда заполнены все поля.
          </p>
        )}
      </form>
      <ErrorNote error={save.error ?? remove.error ?? test.error} />
      {check && (
        <p
          role="status"
          className={`rounded-lg px-3 py-2 text-sm ${check.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-900'}`}
        >
          {check.message}
        </p>
      )}
    </section>
  )
}

/** Whether VK's Callback API brings comments as they are left, and what it lacks if not. */
function VkCallbackLine({ status }: { status: VkCallbackStatus }) {
  if (status.configured)
    return (
      <p className="text-sm text-slate-700">
        Callback API подключён: комментарии приходят в Визу сразу.
      </p>
    )
  if (status.missing.length === 3)
    return (
      <p className="text-sm text-slate-700">
        Callback API не подключён: нужны переменные окружения {status.missing.join(', ')}.
      </p>
    )
  const one = status.missing.length === 1
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
      Callback API не принимает комментарии: {one ? 'не задана переменная' : 'не заданы переменные'}{' '}
      окружения {status.missing.join(', ')}. Попросите администратора сервера{' '}
      {one ? 'задать её' : 'задать их'} и перезапустить Визу.
    </p>
  )
}

/** How a person gets the MAX bot's token and the channel's number, and makes the bot its admin. */
function MaxHowTo() {
  return (
    <details className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800">
      <summary className="cursor-pointer font-medium">Как подключить канал в MAX</summary>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        <li>
          Бота создаёт организация на платформе MAX для партнёров (business.max.ru): «Чат-боты» →
          «Создать бота». Новый бот проходит модерацию.
        </li>
        <li>
          Токен бота — в разделе «Чат-боты»: ⋮ у нужного бота → «Настройки». Скопируйте его в поле
          «Токен бота».
        </li>
        <li>
          В приложении MAX откройте канал губернатора → «Администраторы» → «Добавить» и выберите
          бота. Оставьте ему право писать сообщения — без него публиковать нельзя.
        </li>
        <li>
          Номер канала (chat_id) — число, у каналов со знаком минус. MAX сообщает его боту, когда
          бота добавляют в канал; узнать номер помогут разработчики или поддержка MAX.
        </li>
        <li>Сохраните ключи и нажмите «Проверить подключение».</li>
      </ol>
    </details>
  )
}
