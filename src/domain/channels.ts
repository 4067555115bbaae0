export const channels = ['telegram', 'vk', 'ok', 'max', 'manual'] as const
export type Channel = (typeof channels)[number]

export const channelLabels: Record<Channel, string> = {
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  max: 'MAX',
  manual: 'Вручную',
}
