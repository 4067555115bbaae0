import type { Update } from 'grammy/types'
import { http, HttpResponse } from 'msw'

/**
 * The Telegram Bot API as the notification bot meets it (MSW): getMe, sendMessage into private
 * chats, with faults on demand — 403 "Forbidden: bot was blocked by the user" for a chat that
 * blocked the bot, and 429 with `parameters.retry_after`, as the real API answers them.
 */
export function notifyBotApi(token: string, root = 'https://tg-notify.test') {
  const base = `${root}/bot${token}`
  const sent: Array<{ chat_id: string; text: string; reply_markup?: any }> = []
  const blocked = new Set<string>()
  let tooManyRequests = 0
  const handlers = [
    http.post(`${base}/getMe`, () =>
      HttpResponse.json({
        ok: true,
        result: {
          id: 7000001,
          is_bot: true,
          first_name: 'Виза',
          username: 'viza_notify_bot',
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        },
      }),
    ),
    http.post(`${base}/sendMessage`, async ({ request }) => {
      const body = (await request.json()) as { chat_id: string | number; text: string }
      const chat = String(body.chat_id)
      if (tooManyRequests > 0) {
        tooManyRequests--
        return HttpResponse.json(
          {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 5',
            parameters: { retry_after: 5 },
          },
          { status: 429 },
        )
      }
      if (blocked.has(chat)) {
        return HttpResponse.json(
          { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
          { status: 403 },
        )
      }
      sent.push({ ...(body as object), chat_id: chat } as (typeof sent)[number])
      return HttpResponse.json({
        ok: true,
        result: {
          message_id: sent.length,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chat), type: 'private' },
          text: body.text,
        },
      })
    }),
  ]
  let updateId = 1
  return {
    root,
    handlers,
    sent,
    block: (chat: string) => blocked.add(chat),
    throttleNext: (n: number) => (tooManyRequests = n),
    /** A private message from a person, as an Update object. */
    message(chat: string, text: string): Update {
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0]!.length }]
        : undefined
      return {
        update_id: updateId++,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chat), type: 'private' as const, first_name: 'Игорь' },
          from: { id: Number(chat), is_bot: false, first_name: 'Игорь' },
          text,
          entities,
        },
      }
    },
  }
}
