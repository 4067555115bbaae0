import type { Channel } from '../../domain/channels'
import type { ChannelAdapter } from './adapter'
import { okAdapter } from './ok'
import { telegramAdapter } from './telegram'
import { vkAdapter } from './vk'

/** The manual channel: the editor posts by hand and records the link; nothing is sent. */
export const manualAdapter: ChannelAdapter = {
  channel: 'manual',
  configured: true,
  idempotent: false,
  async publish() {
    return {
      kind: 'failed',
      error: 'Ручной канал: опубликуйте сами и укажите ссылку',
      retryable: false,
    }
  },
}

/** Adapters from the environment; a channel without credentials is reported as not configured. */
export function adaptersFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<Channel, ChannelAdapter> {
  return {
    telegram: telegramAdapter(
      env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_CHAT_ID
        ? { botToken: env.TELEGRAM_BOT_TOKEN, chatId: env.TELEGRAM_CHAT_ID }
        : null,
    ),
    vk: vkAdapter(
      env.VK_ACCESS_TOKEN && env.VK_GROUP_ID
        ? { accessToken: env.VK_ACCESS_TOKEN, groupId: env.VK_GROUP_ID }
        : null,
    ),
    ok: okAdapter(
      env.OK_APPLICATION_KEY &&
        env.OK_APPLICATION_SECRET_KEY &&
        env.OK_ACCESS_TOKEN &&
        env.OK_GROUP_ID
        ? {
            applicationKey: env.OK_APPLICATION_KEY,
            applicationSecretKey: env.OK_APPLICATION_SECRET_KEY,
            accessToken: env.OK_ACCESS_TOKEN,
            groupId: env.OK_GROUP_ID,
          }
        : null,
    ),
    manual: manualAdapter,
  }
}
