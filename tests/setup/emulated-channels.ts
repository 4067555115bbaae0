import type { Channel } from '../../src/domain/channels'
import type { ChannelAdapter } from '../../src/server/channels/adapter'
import { manualAdapter } from '../../src/server/channels'
import { maxAdapter } from '../../src/server/channels/max'
import { okAdapter } from '../../src/server/channels/ok'
import { telegramAdapter } from '../../src/server/channels/telegram'
import { vkAdapter } from '../../src/server/channels/vk'
import { EMULATED } from '../../src/mocks/channel-accounts'

/** The real adapters, pointed at the emulated accounts of `src/mocks/channels.ts`. */
export function emulatedAdapters(timeoutMs?: number): Record<Channel, ChannelAdapter> {
  const e = EMULATED
  return {
    telegram: telegramAdapter({ botToken: e.telegram.token, chatId: e.telegram.chatId, timeoutMs }),
    vk: vkAdapter({ accessToken: e.vk.token, groupId: e.vk.groupId, timeoutMs }),
    ok: okAdapter({
      applicationKey: e.ok.appKey,
      applicationSecretKey: e.ok.secret,
      accessToken: e.ok.token,
      groupId: e.ok.groupId,
      timeoutMs,
    }),
    max: maxAdapter({
      botToken: e.max.token,
      chatId: e.max.chatId,
      timeoutMs,
      notReadyPausesMs: [10, 10, 10, 10],
    }),
    manual: manualAdapter,
  }
}
