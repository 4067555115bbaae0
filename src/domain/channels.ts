import { z } from 'zod'

export const channels = ['telegram', 'vk', 'ok', 'manual'] as const
export const channelSchema = z.enum(channels)
export type Channel = z.infer<typeof channelSchema>

export const channelLabels: Record<Channel, string> = {
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  manual: 'Вручную',
}

/** Text limits per channel, in UTF-16 code units as Telegram counts them. */
export const channelTextLimits: Record<Channel, number> = {
  telegram: 4096,
  vk: 16384,
  ok: 16384,
  manual: 100_000,
}
