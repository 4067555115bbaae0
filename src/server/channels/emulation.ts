import type { Channel } from '../../domain/channels'
import type { ChannelAdapter } from './adapter'
import { manualAdapter } from './index'
import { okAdapter } from './ok'
import { telegramAdapter } from './telegram'
import { vkAdapter } from './vk'
import { EMULATED } from '../../mocks/channel-accounts'

/**
 * Test mode only (VIZA_EMULATE_CHANNELS=1): the real adapters talk to MSW emulations of the
 * Telegram, VK and OK APIs running inside this process, so the browser suite can publish
 * end to end without reaching the internet. MSW is a dev dependency, loaded only here.
 */
export async function emulatedChannels(): Promise<{
  adapters: Record<Channel, ChannelAdapter>
  stop(): void
}> {
  const [{ setupServer }, { createChannelEmulator }] = await Promise.all([
    import('msw/node'),
    import('../../mocks/channels'),
  ])
  const emulator = createChannelEmulator()
  const server = setupServer(...emulator.handlers)
  server.listen({ onUnhandledRequest: 'bypass' })
  return {
    adapters: emulatedAdapters(),
    stop: () => server.close(),
  }
}

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
    manual: manualAdapter,
  }
}
