import type { ChannelAdapter } from './adapter'

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
