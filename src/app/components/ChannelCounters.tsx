import { channelLabels, type Channel } from '../../domain/channels'
import { CHANNEL_LIMITS, channelTextLength } from '../../domain/publishing/format'

/**
 * The text's length per channel, counted as the channel counts it and against the limit that
 * applies (with a photo, Telegram's text is a caption) — the same rule that gates sending up.
 */
export function ChannelCounters({
  text,
  channels,
  withImages,
}: {
  text: string
  channels: Channel[]
  withImages: boolean
}) {
  const shown = channels.filter((c) => c !== 'manual')
  if (shown.length === 0) return null
  return (
    <ul className="flex flex-wrap gap-2 text-xs" aria-label="Длина текста по каналам">
      {shown.map((c) => {
        const limits = CHANNEL_LIMITS[c]
        const max = withImages ? limits.textWithImages : limits.text
        const length = channelTextLength(text.trim(), c)
        const over = length > max
        const what = c === 'telegram' && withImages ? 'подпись к фото' : 'пост'
        return (
          <li
            key={c}
            className={`rounded-full px-2.5 py-1 ring-1 ${over ? 'bg-red-50 text-red-800 ring-red-300' : 'bg-slate-50 text-slate-700 ring-slate-200'}`}
          >
            {channelLabels[c]}, {what}: {length.toLocaleString('ru-RU')} /{' '}
            {max.toLocaleString('ru-RU')}
            {over && ` — длиннее на ${(length - max).toLocaleString('ru-RU')}`}
          </li>
        )
      })}
    </ul>
  )
}
