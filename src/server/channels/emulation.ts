import type { Channel } from '../../domain/channels'
import type { ChannelAdapter } from './adapter'
import { manualAdapter } from './index'
import { okAdapter } from './ok'
import { telegramAdapter } from './telegram'
import { vkAdapter } from './vk'

/**
 * Test mode only (VIZA_EMULATE_CHANNELS=1): the real adapters talk to MSW emulations of the
 * Telegram, VK and OK APIs running inside this process, so the browser suite can publish
 * end to end without reaching the internet. MSW is a dev dependency, loaded only here.
 */
export async function emulatedChannels(): Promise<{
  adapters: Record<Channel, ChannelAdapter>
  stop(): void
}> {
  const [{ setupServer }, { createChannelEmulator, EMULATED }] = await Promise.all([
    import('msw/node'),
    import('../../mocks/channels'),
  ])
  const emulator = createChannelEmulator()
  const server = setupServer(...emulator.handlers)
  server.listen({ onUnhandledRequest: 'bypass' })
  return {
    adapters: {
      telegram: telegramAdapter({
        botToken: EMULATED.telegram.token,
        chatId: EMULATED.telegram.chatId,
      }),
      vk: vkAdapter({ accessToken: EMULATED.vk.token, groupId: EMULATED.vk.groupId }),
      ok: okAdapter({
        applicationKey: EMULATED.ok.appKey,
        applicationSecretKey: EMULATED.ok.secret,
        accessToken: EMULATED.ok.token,
        groupId: EMULATED.ok.groupId,
      }),
      manual: manualAdapter,
    },
    stop: () => server.close(),
  }
}
