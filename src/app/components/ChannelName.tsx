import { useQuery } from '@tanstack/react-query'
import { channelLabels, type Channel } from '../../domain/channels'
import type { ChannelMode } from '../../shared/api/contract'
import { channelsQuery } from '../lib/queries'

const modeNote: Partial<Record<ChannelMode, [string, string]>> = {
  demo: ['демо-канал', 'bg-amber-100 text-amber-950 ring-amber-300'],
  notConfigured: ['не настроен', 'bg-slate-100 text-slate-700 ring-slate-300'],
}

/** A channel's name, marked «демо-канал» or «не настроен» wherever it is shown. */
export function ChannelName({ channel, mode }: { channel: Channel; mode?: ChannelMode }) {
  const { data: modes } = useQuery(channelsQuery)
  const note = modeNote[mode ?? modes?.get(channel) ?? 'real']
  return (
    <span className="inline-flex items-center gap-1.5">
      <span>{channelLabels[channel]}</span>
      {note && (
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${note[1]}`}>
          {note[0]}
        </span>
      )}
    </span>
  )
}

/** «Telegram, ВКонтакте» with each channel's mark. */
export function ChannelList({ channels }: { channels: readonly Channel[] }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1">
      {channels.map((c) => (
        <ChannelName key={c} channel={c} />
      ))}
    </span>
  )
}
