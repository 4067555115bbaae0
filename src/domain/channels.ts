export const channels = ['telegram', 'vk', 'ok', 'manual'] as const
export type Channel = (typeof channels)[number]

export const channelLabels: Record<Channel, string> = {
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  manual: 'Вручную',
}
