export const channels = ['telegram', 'vk', 'ok', 'manual'] as const
export type Channel = (typeof channels)[number]

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
