/** The channels Viza sends to itself (through an adapter); also the default for a new request. */
export const sendingChannels = ['telegram', 'vk', 'ok', 'max'] as const
export type SendingChannel = (typeof sendingChannels)[number]

export const channels = [...sendingChannels, 'manual'] as const
export type Channel = (typeof channels)[number]

export const channelLabels: Record<Channel, string> = {
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  max: 'MAX',
  manual: 'Вручную',
}
