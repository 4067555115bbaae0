import { Bot, GrammyError, HttpError, InlineKeyboard } from 'grammy'
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

export const TELEGRAM_TEXT = {
  linked:
    'Готово: уведомления Визы будут приходить сюда. Отключить — командой /stop или в Визе, в настройках уведомлений.',
  badCode:
    'Ссылка недействительна или устарела. Получите новую в Визе: «Уведомления» → «Настройки уведомлений» → «Подключить Telegram».',
  hello:
    'Это бот уведомлений Визы. Чтобы получать их здесь, откройте в Визе «Настройки уведомлений» и нажмите «Подключить Telegram».',
  stopped: 'Уведомления Визы сюда больше не приходят. Подключить снова можно в Визе.',
  unlinkedFromViza: 'Уведомления Визы отключены в настройках. Подключить снова можно в Визе.',
  open: 'Открыть в Визе',
} as const

export interface TelegramNotifyConfig {
  /** `VIZA_NOTIFY_BOT_TOKEN`, else `TELEGRAM_BOT_TOKEN`. */
  token: string
  /** Tests: the emulated Bot API's root. */
  apiRoot?: string
}

/**
 * The notification bot on grammY: direct messages with a button that opens the screen, and the
 * one-time deep link `/start <code>` that links a chat to a person. Updates arrive by long
 * polling (`startPolling`); tests hand them to `handleUpdate`.
 */
const BOT_INFO_TIMEOUT_MS = 5_000

export class TelegramNotifyBot implements MessengerBot {
  readonly messenger = 'telegram' as const
  readonly bot: Bot
  private username: string | null = null

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    config: TelegramNotifyConfig,
  ) {
    this.bot = new Bot(config.token, {
      client: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), timeoutSeconds: 20 },
    })
    this.bot.command('start', async (ctx) => {
      if (ctx.chat.type !== 'private') return
      const code = ctx.match.trim()
      if (!code) return void (await ctx.reply(TELEGRAM_TEXT.hello))
      const linked = await this.redeem(code, String(ctx.chat.id))
      await ctx.reply(linked ? TELEGRAM_TEXT.linked : TELEGRAM_TEXT.badCode)
    })
    this.bot.command('stop', async (ctx) => {
      await this.unlinkChat(String(ctx.chat.id))
      await ctx.reply(TELEGRAM_TEXT.stopped)
    })
    // A person who blocks the bot has unlinked it from their side.
    this.bot.on('my_chat_member', async (ctx) => {
      const status = ctx.myChatMember.new_chat_member.status
      if (status === 'kicked' || status === 'left') await this.unlinkChat(String(ctx.chat.id))
    })
    this.bot.catch((err) => this.log.error('telegram bot update failed', errorFields(err.error)))
  }

  /** The bot's @username, for deep links (`getMe`, once). */
  async botUsername(): Promise<string> {
    if (!this.username) {
      // grammY retries getMe for as long as Telegram cannot be reached: a person waits 5 s at most
      await this.bot.init(AbortSignal.timeout(BOT_INFO_TIMEOUT_MS) as Parameters<Bot['init']>[0])
      this.username = this.bot.botInfo.username
    }
    return this.username
  }

  /** A one-time deep link for this person: `https://t.me/<bot>?start=<code>`, valid 15 min. */
  async linkFor(userId: string): Promise<{ url: string; expiresAt: Date }> {
    // the bot's name first: when Telegram cannot be reached, no code is left behind unused
    const username = await this.botUsername()
    const { code, expiresAt } = await issueLinkCode(this.db, this.clock, 'telegram', userId)
    return { url: `https://t.me/${username}?start=${code}`, expiresAt }
  }

  private redeem(code: string, chatId: string) {
    return redeemLinkCode(this.db, this.clock, 'telegram', code, chatId)
  }

  private async unlinkChat(chatId: string) {
    await unlinkChat(this.db, 'telegram', chatId)
  }

  /** Unlinks from Viza's side, and says so in the chat (best effort). */
  async unlinkUser(userId: string): Promise<boolean> {
    const chatId = await unlinkUser(this.db, 'telegram', userId)
    if (chatId)
      await this.bot.api.sendMessage(chatId, TELEGRAM_TEXT.unlinkedFromViza).catch(() => {})
    return !!chatId
  }

  async sendDirect(chatId: string, m: OutgoingMessage): Promise<SendOutcome> {
    const text = [m.urgent ? `❗ ${m.title}` : m.title, m.body].filter(Boolean).join('\n\n')
    try {
      await this.bot.api.sendMessage(chatId, text, {
        reply_markup: new InlineKeyboard().url(TELEGRAM_TEXT.open, m.url),
        link_preview_options: { is_disabled: true },
      })
      return { ok: true }
    } catch (err) {
      if (err instanceof GrammyError) {
        if (err.error_code === 429) {
          const after = err.parameters.retry_after ?? 30
          return {
            ok: false,
            retryable: true,
            retryAfterMs: after * 1000,
            error: `Telegram просит подождать ${after} с`,
          }
        }
        if (err.error_code === 403) {
          // blocked or deactivated: the person unlinked from their side
          await this.unlinkChat(chatId)
          return { ok: false, retryable: false, error: `Telegram: ${err.description}` }
        }
        if (err.error_code >= 500) {
          return { ok: false, retryable: true, error: `Telegram недоступен: ${err.error_code}` }
        }
        return { ok: false, retryable: false, error: `Telegram: ${err.description}` }
      }
      if (err instanceof HttpError) {
        return { ok: false, retryable: true, error: 'Telegram недоступен: нет связи' }
      }
      throw err
    }
  }

  startPolling() {
    void this.bot
      .start({ allowed_updates: ['message', 'my_chat_member'], drop_pending_updates: false })
      .catch((err: unknown) => this.log.error('telegram polling stopped', errorFields(err)))
  }

  async close() {
    if (this.bot.isRunning()) await this.bot.stop()
  }
}
