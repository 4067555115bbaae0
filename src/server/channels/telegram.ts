import { parseMarkup, renderTelegramHtml } from '../../domain/publishing/format'
import { send, type ChannelAdapter, type PublishOutcome, type PublishRequest } from './adapter'

export interface TelegramConfig {
  botToken: string
  /** `@channelusername` or the numeric id (-100…). */
  chatId: string
  apiBase?: string
  timeoutMs?: number
}

interface TelegramReply {
  ok: boolean
  result?: { message_id: number } | Array<{ message_id: number }>
  error_code?: number
  description?: string
  parameters?: { retry_after?: number }
}

/** A public link to a channel message: t.me/<username>/<id>, or t.me/c/<id>/<msg> for private ones. */
export function telegramMessageUrl(chatId: string, messageId: number): string {
  if (chatId.startsWith('@')) return `https://t.me/${chatId.slice(1)}/${messageId}`
  return `https://t.me/c/${chatId.replace(/^-100/, '')}/${messageId}`
}

/**
 * Telegram Bot API: sendMessage for text, sendPhoto for one image (text as caption),
 * sendMediaGroup for several (caption on the first). HTML parse mode.
 */
export function telegramAdapter(config: TelegramConfig | null): ChannelAdapter {
  return {
    channel: 'telegram',
    configured: !!config,
    channelUrl: config
      ? config.chatId.startsWith('@')
        ? `https://t.me/${config.chatId.slice(1)}`
        : undefined
      : undefined,
    idempotent: false,
    async publish(req: PublishRequest): Promise<PublishOutcome> {
      if (!config)
        return {
          kind: 'failed',
          error: 'Telegram не настроен: нет токена бота или канала',
          retryable: false,
        }
      const base = `${config.apiBase ?? 'https://api.telegram.org'}/bot${config.botToken}`
      const html = renderTelegramHtml(parseMarkup(req.text))
      let url: string
      let body: BodyInit
      let headers: Record<string, string> = {}
      if (req.images.length === 0) {
        url = `${base}/sendMessage`
        body = JSON.stringify({
          chat_id: config.chatId,
          text: html,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: false },
        })
        headers = { 'content-type': 'application/json' }
      } else if (req.images.length === 1) {
        url = `${base}/sendPhoto`
        const form = new FormData()
        form.set('chat_id', config.chatId)
        form.set('caption', html)
        form.set('parse_mode', 'HTML')
        form.set(
          'photo',
          new Blob([req.images[0]!.bytes], { type: req.images[0]!.mime }),
          req.images[0]!.name,
        )
        body = form
      } else {
        url = `${base}/sendMediaGroup`
        const form = new FormData()
        form.set('chat_id', config.chatId)
        const media = req.images.map((img, i) => ({
          type: 'photo',
          media: `attach://photo${i}`,
          ...(i === 0 ? { caption: html, parse_mode: 'HTML' } : {}),
        }))
        form.set('media', JSON.stringify(media))
        req.images.forEach((img, i) =>
          form.set(`photo${i}`, new Blob([img.bytes], { type: img.mime }), img.name),
        )
        body = form
      }
      const r = await send(url, { method: 'POST', body, headers }, config.timeoutMs)
      if (!r.ok)
        return r.sent
          ? { kind: 'unknown', error: r.error }
          : { kind: 'failed', error: r.error, retryable: true }
      const reply = (await r.res.json().catch(() => null)) as TelegramReply | null
      if (reply?.ok && reply.result) {
        const first = Array.isArray(reply.result) ? reply.result[0]! : reply.result
        return {
          kind: 'sent',
          externalId: String(first.message_id),
          url: telegramMessageUrl(config.chatId, first.message_id),
        }
      }
      const status = reply?.error_code ?? r.res.status
      const error = reply?.description ?? `HTTP ${r.res.status}`
      if (status === 429)
        return {
          kind: 'failed',
          error,
          retryable: true,
          retryAfterMs: (reply?.parameters?.retry_after ?? 5) * 1000,
        }
      // A 5xx may come after the message was posted: only a person can tell.
      if (status >= 500) return { kind: 'unknown', error }
      return { kind: 'failed', error, retryable: false }
    },
  }
}
