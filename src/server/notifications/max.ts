import { linkButton, MaxClient, type MaxUpdate, type MaxUpdateType } from '../channels/max'
import type { Db } from '../db/client'
import type { Clock } from '../lib/clock'
import { errorFields, type Logger } from '../lib/log'
import {
  issueLinkCode,
  redeemLinkCode,
  unlinkChat,
  unlinkUser,
  type MessengerBot,
} from './messenger'
import type { OutgoingMessage, SendOutcome } from './sender'

export const MAX_TEXT = {
  linked:
    'Готово: уведомления Визы будут приходить сюда. Отключить — командой /stop или в Визе, в настройках уведомлений.',
  badCode:
    'Ссылка недействительна или устарела. Получите новую в Визе: «Уведомления» → «Настройки уведомлений» → «Подключить MAX».',
  hello:
    'Это бот уведомлений Визы. Чтобы получать их здесь, откройте в Визе «Настройки уведомлений» и нажмите «Подключить MAX».',
  stopped: 'Уведомления Визы сюда больше не приходят. Подключить снова можно в Визе.',
  unlinkedFromViza: 'Уведомления Визы отключены в настройках. Подключить снова можно в Визе.',
  open: 'Открыть в Визе',
} as const

/** The updates the bot asks the long poll for. */
const MAX_NOTIFY_UPDATES: MaxUpdateType[] = [
  'bot_started',
  'bot_stopped',
  'dialog_removed',
  'message_created',
]

export interface MaxNotifyConfig {
  /** `VIZA_NOTIFY_MAX_TOKEN`, else `MAX_BOT_TOKEN`. */
  token: string
  /** Tests: the emulated API's root (default `https://platform-api2.max.ru`). */
  apiBase?: string
  /** How long MAX holds a long poll open, seconds (default 30). */
  pollTimeoutS?: number
  /** Pause after a failed poll (default 5 s, or what a 429 asked). */
  pollPauseMs?: number
}

/**
 * The MAX notification bot, on the same small client as the MAX channel (channels/max.ts):
 * direct messages (`POST /messages?user_id=…`) with an inline keyboard holding one `link`
 * button that opens the screen; linking by the one-time deep link
 * `https://max.ru/<bot>?start=<code>`, which MAX hands over as the `payload` of a
 * `bot_started` update. A person unlinks with /stop, by stopping or blocking the bot
 * (`bot_stopped`), by deleting the chat (`dialog_removed`), or from Viza; a 403 `chat.denied`
 * on sending means the same. The chat id Viza keeps is the person's MAX `user_id`.
 * Updates arrive by long polling `GET /updates` (`startPolling`); tests hand them to
 * `handleUpdate`.
 */
export class MaxNotifyBot implements MessengerBot {
  readonly messenger = 'max' as const
  readonly client: MaxClient
  private username: string | null = null
  private marker: number | null = null
  private polling: AbortController | null = null
  private loop: Promise<void> | null = null

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly config: MaxNotifyConfig,
  ) {
    this.client = new MaxClient(config.token, { apiBase: config.apiBase, timeoutMs: 20_000 })
  }

  /** The bot's username, for deep links (`GET /me`, once). */
  async botUsername(): Promise<string> {
    if (!this.username) {
      const me = await this.client.getMe()
      if (!me.ok)
        throw new Error(
          me.kind === 'api'
            ? `MAX: ${me.status} ${me.code}: ${me.message}`
            : `MAX недоступен: ${me.error}`,
        )
      if (!me.data.username) throw new Error('MAX: у бота нет имени (username) для ссылки')
      this.username = me.data.username
    }
    return this.username
  }

  /** A one-time deep link for this person: `https://max.ru/<bot>?start=<code>`, valid 15 min. */
  async linkFor(userId: string): Promise<{ url: string; expiresAt: Date }> {
    const username = await this.botUsername()
    const { code, expiresAt } = await issueLinkCode(this.db, this.clock, 'max', userId)
    return { url: `https://max.ru/${username}?start=${code}`, expiresAt }
  }

  /** One update from the long poll. */
  async handleUpdate(u: MaxUpdate): Promise<void> {
    const userId = u.user?.user_id ?? u.message?.sender?.user_id
    if (userId == null) return
    const chat = String(userId)
    switch (u.update_type) {
      case 'bot_started': {
        const code = u.payload?.trim()
        if (!code) return void (await this.say(chat, MAX_TEXT.hello))
        const linked = await redeemLinkCode(this.db, this.clock, 'max', code, chat)
        await this.say(chat, linked ? MAX_TEXT.linked : MAX_TEXT.badCode)
        return
      }
      case 'bot_stopped':
      case 'dialog_removed':
        // the person stopped or blocked the bot, or deleted the chat: nothing can reach them
        await unlinkChat(this.db, 'max', chat)
        return
      case 'message_created': {
        // only a person's own dialog with the bot; a message in a group chat is not a command
        if (u.message?.recipient.chat_type !== 'dialog') return
        const text = u.message.body.text?.trim() ?? ''
        if (text === '/stop') {
          await unlinkChat(this.db, 'max', chat)
          await this.say(chat, MAX_TEXT.stopped)
        } else if (text === '/start') {
          await this.say(chat, MAX_TEXT.hello)
        }
        return
      }
    }
  }

  /** Unlinks from Viza's side, and says so in the chat (best effort). */
  async unlinkUser(userId: string): Promise<boolean> {
    const chatId = await unlinkUser(this.db, 'max', userId)
    if (chatId) await this.say(chatId, MAX_TEXT.unlinkedFromViza)
    return !!chatId
  }

  /** A plain reply; a failure is logged, never thrown (the person can try again). */
  private async say(userId: string, text: string) {
    const r = await this.client.sendMessage({ userId }, { text })
    if (!r.ok)
      this.log.warn('max bot reply failed', {
        error: r.kind === 'api' ? `${r.status} ${r.code}` : r.error,
      })
  }

  async sendDirect(userId: string, m: OutgoingMessage): Promise<SendOutcome> {
    const text = [m.urgent ? `❗ ${m.title}` : m.title, m.body].filter(Boolean).join('\n\n')
    const r = await this.client.sendMessage(
      { userId },
      { text: text.slice(0, 4000), attachments: [linkButton(MAX_TEXT.open, m.url)] },
    )
    if (r.ok) return { ok: true }
    // A notice has no ledger to check: one that may have gone is sent again rather than lost.
    if (r.kind === 'transport')
      return { ok: false, retryable: true, error: `MAX недоступен: ${r.error}` }
    if (r.status === 429) {
      const after = r.retryAfterMs ?? 1000
      return {
        ok: false,
        retryable: true,
        retryAfterMs: after,
        error: `MAX просит подождать ${Math.ceil(after / 1000)} с`,
      }
    }
    if (r.status === 403) {
      // `chat.denied` (error.dialog.suspended): the person stopped or blocked the bot
      await unlinkChat(this.db, 'max', userId)
      return { ok: false, retryable: false, error: `MAX: ${r.code}: ${r.message}` }
    }
    if (r.status >= 500)
      return { ok: false, retryable: true, error: `MAX недоступен: ${r.status} ${r.code}` }
    return { ok: false, retryable: false, error: `MAX: ${r.status} ${r.code}: ${r.message}` }
  }

  /** One long poll: handles what came and moves the marker on. False when it failed. */
  async pollOnce(signal?: AbortSignal): Promise<{ ok: true } | { ok: false; pauseMs: number }> {
    const r = await this.client.getUpdates({
      marker: this.marker,
      timeoutS: this.config.pollTimeoutS ?? 30,
      types: MAX_NOTIFY_UPDATES,
      signal,
    })
    const pause = this.config.pollPauseMs ?? 5000
    if (!r.ok) {
      if (!signal?.aborted)
        this.log.warn('max polling failed', {
          error: r.kind === 'api' ? `${r.status} ${r.code}: ${r.message}` : r.error,
        })
      return { ok: false, pauseMs: r.kind === 'api' && r.retryAfterMs ? r.retryAfterMs : pause }
    }
    for (const u of r.data.updates) {
      try {
        await this.handleUpdate(u)
      } catch (err) {
        this.log.error('max bot update failed', errorFields(err))
      }
    }
    if (r.data.marker != null) this.marker = r.data.marker
    return { ok: true }
  }

  startPolling() {
    if (this.polling) return
    const stop = new AbortController()
    this.polling = stop
    this.loop = (async () => {
      while (!stop.signal.aborted) {
        const r = await this.pollOnce(stop.signal)
        if (!r.ok && !stop.signal.aborted) await pause(r.pauseMs, stop.signal)
      }
    })().catch((err: unknown) => this.log.error('max polling stopped', errorFields(err)))
  }

  async close() {
    this.polling?.abort()
    await this.loop
    this.polling = null
    this.loop = null
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        resolve()
      },
      { once: true },
    )
  })
