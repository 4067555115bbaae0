import type { Channel } from '../../domain/channels'
import type { Db } from '../db/client'
import type { Clock } from '../lib/clock'
import type { ChannelAdapter } from './adapter'
import { demoAdapter } from './demo'
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

/**
 * Adapters from the environment. A channel with credentials is real; without them it is the
 * built-in demo channel on a demo database, and "not configured" anywhere else.
 */
export function adaptersFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  demo: { db: Db; clock: Clock } | null = null,
): Record<Channel, ChannelAdapter> {
  const orDemo = (channel: 'telegram' | 'vk' | 'ok', real: ChannelAdapter) =>
    real.configured || !demo ? real : demoAdapter(channel, demo.db, demo.clock)
  return {
    telegram: orDemo(
      'telegram',
      telegramAdapter(
        env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_CHAT_ID
          ? { botToken: env.TELEGRAM_BOT_TOKEN, chatId: env.TELEGRAM_CHAT_ID }
          : null,
      ),
    ),
    vk: orDemo(
      'vk',
      vkAdapter(
        env.VK_ACCESS_TOKEN && env.VK_GROUP_ID
          ? { accessToken: env.VK_ACCESS_TOKEN, groupId: env.VK_GROUP_ID }
          : null,
      ),
    ),
    ok: orDemo(
      'ok',
      okAdapter(
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
    ),
    manual: manualAdapter,
  }
}
