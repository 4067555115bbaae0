import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import {
  messengerLinkCodes,
  messengerLinks,
  notificationDeliveries,
  users,
} from '../../src/server/db/schema'
import { TELEGRAM_TEXT } from '../../src/server/notifications/telegram'
import { postIn } from '../setup/flows'
import { notifyBotApi } from '../setup/notify-bot-api'
import { startTestServer, type TestServer } from '../setup/test-server'

const TOKEN = '7000001:notify-test-token'
const api = notifyBotApi(TOKEN)
const msw = setupServer(...api.handlers)
const CHAT = '555001'

let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      notify: {
        telegramToken: TOKEN,
        telegramApiRoot: api.root,
        telegramPolling: false,
        quietHours: false,
        intervalMs: 3_600_000,
      },
    },
  })
})
afterAll(async () => {
  await t?.close()
  msw.close()
})

const bot = () => t.server.deps.notifications.telegram!
const worker = () => t.server.deps.notifications.worker
const telegramOf = async (postId: string) =>
  (
    await t.server.deps.database.db
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${postId} and ${notificationDeliveries.channel} = 'telegram'`,
      )
  )[0]

describe('Telegram notification bot (emulated Bot API)', () => {
  it('links a chat with the one-time deep link /start <code>; the code works once', async () => {
    const own = await t.client('deptOwn')
    const link = await own.post('/api/notifications/telegram/link')
    expect(link.status).toBe(200)
    const url = new URL(link.body.url)
    expect(`${url.origin}${url.pathname}`).toBe('https://t.me/viza_notify_bot')
    const code = url.searchParams.get('start')!
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,64}$/)

    await bot().bot.handleUpdate(api.message(CHAT, `/start ${code}`))
    expect(api.sent.at(-1)).toMatchObject({ chat_id: CHAT, text: TELEGRAM_TEXT.linked })
    const settings = await own.get('/api/notifications/settings')
    expect(settings.body.channels.telegram).toMatchObject({ available: true, reaches: true })

    // the same code again, a made-up one, and junk: refused with a clear answer
    for (const bad of [code, 'AAAAAAAAAAAAAAAAAAAAAAAA', '../../etc']) {
      await bot().bot.handleUpdate(api.message('555002', `/start ${bad}`))
      expect(api.sent.at(-1)).toMatchObject({ chat_id: '555002', text: TELEGRAM_TEXT.badCode })
    }
    const links = await t.server.deps.database.db.select().from(messengerLinks)
    expect(links.map((l) => l.chatId)).toEqual([CHAT])
  })

  it('a new request arrives as a direct message with a button that opens the screen', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const message = api.sent.findLast((m) => m.chat_id === CHAT)!
    expect(message.text).toMatch(/^Новый запрос от ЦСМ: «Открытие поликлиники» — до /)
    expect(message.text).toContain('Запрашивает — Редактор ЦСМ, ЦСМ.')
    expect(message.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Открыть в Визе', url: `https://viza.example.ru/posts/${post.id}` }],
      ],
    })
    expect(await telegramOf(post.id)).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('429 with retry_after: waits as long as Telegram asks, then sends', async () => {
    api.throttleNext(1)
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const first = await telegramOf(post.id)
    expect(first).toMatchObject({ state: 'pending', attempts: 1 })
    expect(first!.error).toBe('Telegram просит подождать 5 с')
    // the backoff (10 s) is longer than retry_after (5 s): not before it
    t.server.deps.testClock!.advance(11_000)
    await worker().pass()
    expect(await telegramOf(post.id)).toMatchObject({ state: 'sent', attempts: 2 })
  })

  it('403 "bot was blocked by the user": a failure for the admin, and the chat is unlinked', async () => {
    api.block(CHAT)
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const row = await telegramOf(post.id)
    expect(row).toMatchObject({ state: 'failed', attempts: 1 })
    expect(row!.error).toBe('Telegram: Forbidden: bot was blocked by the user')
    const admin = await (await t.client('admin')).get('/api/admin/notifications')
    expect(admin.body.items.find((i: { id: number }) => i.id === row!.id)).toMatchObject({
      channel: 'telegram',
      userLogin: 'health',
    })
    expect(await t.server.deps.database.db.select().from(messengerLinks)).toEqual([])
    // nothing more is queued for Telegram until the person links again
    const next = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    expect(await telegramOf(next.id)).toBeUndefined()
  })

  it('unlinks from both sides: /stop in the chat, or «Отключить» in Viza', async () => {
    const own = await t.client('deptOwn')
    const chat = '555003'
    const link = async () => {
      const code = new URL(
        (await own.post('/api/notifications/telegram/link')).body.url,
      ).searchParams.get('start')!
      await bot().bot.handleUpdate(api.message(chat, `/start ${code}`))
      expect(api.sent.at(-1)).toMatchObject({ chat_id: chat, text: TELEGRAM_TEXT.linked })
    }
    await link()
    await bot().bot.handleUpdate(api.message(chat, '/stop'))
    expect(api.sent.at(-1)).toMatchObject({ chat_id: chat, text: TELEGRAM_TEXT.stopped })
    expect(await t.server.deps.database.db.select().from(messengerLinks)).toEqual([])

    await link()
    const off = await own.request('DELETE', '/api/notifications/telegram')
    expect(off.body).toEqual({ unlinked: true })
    expect(api.sent.at(-1)).toMatchObject({ chat_id: chat, text: TELEGRAM_TEXT.unlinkedFromViza })
    const [user] = await t.server.deps.database.db
      .select()
      .from(users)
      .where(eq(users.login, 'health'))
    const left = await t.server.deps.database.db
      .select()
      .from(messengerLinks)
      .where(eq(messengerLinks.userId, user!.id))
    expect(left).toEqual([])
  })
})

describe('Telegram out of reach when a person links', () => {
  let down: TestServer
  beforeAll(async () => {
    // every call fails as an unreachable host does (a network error, no HTTP answer)
    msw.use(http.post('https://tg-down.test/*', () => HttpResponse.error()))
    down = await startTestServer({
      config: {
        publicUrl: 'https://viza.example.ru',
        notify: {
          telegramToken: TOKEN,
          telegramApiRoot: 'https://tg-down.test',
          telegramPolling: false,
          quietHours: false,
          intervalMs: 3_600_000,
        },
      },
    })
  })
  afterAll(() => down?.close())

  it('says so (409, not 500) and leaves no unused code behind', async () => {
    const own = await down.client('deptOwn')
    const r = await own.post('/api/notifications/telegram/link')
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({
      code: 'telegram_unavailable',
      message: 'Telegram сейчас не отвечает: попробуйте подключить позже',
    })
    expect(await down.server.deps.database.db.select().from(messengerLinkCodes)).toEqual([])
  })
})
