import { channelLabels, type Channel } from '../../domain/channels'

/** Telegram counts UTF-16 code units: JavaScript's string length is exactly that. */
const limits: Record<Channel, Array<[string, number]>> = {
  telegram: [
    ['сообщение', 4096],
    ['подпись к фото', 1024],
  ],
  vk: [['пост', 16384]],
  ok: [['заметка', 16384]],
  manual: [],
}

export function ChannelCounters({ text, channels }: { text: string; channels: Channel[] }) {
  const length = text.length
  return (
    <ul className="flex flex-wrap gap-2 text-xs" aria-label="Длина текста по каналам">
      {channels.flatMap((c) =>
        limits[c].map(([what, max]) => {
          const over = length > max
          return (
            <li
              key={`${c}-${what}`}
              className={`rounded-full px-2.5 py-1 ring-1 ${over ? 'bg-red-50 text-red-800 ring-red-300' : 'bg-slate-50 text-slate-700 ring-slate-200'}`}
            >
              {channelLabels[c]}, {what}: {length.toLocaleString('ru-RU')} /{' '}
              {max.toLocaleString('ru-RU')}
              {over && ' — слишком длинно'}
            </li>
          )
        }),
      )}
    </ul>
  )
}
