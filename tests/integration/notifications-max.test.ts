import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq, lte, sql } from 'drizzle-orm'
import { createChannelEmulator, EMULATED } from '../../src/mocks/channels'
import {
  messengerLinkCodes,
  messengerLinks,
  notificationDeliveries,
  users,
} from '../../src/server/db/schema'
import { MAX_TEXT } from '../../src/server/notifications/max'
import { postIn } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)
const PERSON = '4100001' // the department contact's MAX user_id

let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      notify: {
        maxToken: EMULATED.max.token,
        maxPolling: false,
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
beforeEach(() => {
  emulator.maxDirect.length = 0
})

const bot = () => t.server.deps.notifications.max!
const worker = () => t.server.deps.notifications.worker
const db = () => t.server.deps.database.db
/** What the long poll brings, handled as the polling loop does (one request, no waiting). */
const poll = async () => expect(await bot().pollOnce()).toEqual({ ok: true })
const lastTo = (userId: string) => emulator.maxDirect.findLast((m) => m.user_id === userId)
const maxOf = async (postId: string) =>
  (
    await db()
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${postId} and ${notificationDeliveries.channel} = 'max'`,
      )
  )[0]
const codeFrom = async (client: Awaited<ReturnType<TestServer['client']>>) => {
  const r = await client.post('/api/notifications/max/link')
  expect(r.status).toBe(200)
  const url = new URL(r.body.url)
  expect(`${url.origin}${url.pathname}`).toBe('https://max.ru/viza_test_bot')
  return url.searchParams.get('start')!
}
const linkPerson = async (userId: string) => {
  const code = await codeFrom(await t.client('deptOwn'))
  emulator.maxUser(userId).start(code)
  await poll()
  expect(lastTo(userId)).toMatchObject({ text: MAX_TEXT.linked })
}
const healthId = async () =>
  (await db().select().from(users).where(eq(users.login, 'health')))[0]!.id

describe('MAX notification bot (emulated MAX Bot API)', () => {
  it('links an account with the one-time deep link (bot_started payload); the code works once', async () => {
    const own = await t.client('deptOwn')
    const before = await own.get('/api/notifications/settings')
    expect(before.body.channels.max).toEqual({
      available: true,
      reaches: false,
      note: 'не подключён',
    })
    const code = await codeFrom(own)
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,64}$/)

    emulator.maxUser(PERSON).start(code)
    await poll()
    expect(lastTo(PERSON)).toEqual({ user_id: PERSON, text: MAX_TEXT.linked })
    const after = await own.get('/api/notifications/settings')
    expect(after.body.channels.max).toMatchObject({ available: true, reaches: true })

    // the same code again, a made-up one, junk, and no code at all
    const other = emulator.maxUser('4100002')
    for (const bad of [code, 'AAAAAAAAAAAAAAAAAAAAAAAA', '../../etc']) {
      other.start(bad)
      await poll()
      expect(lastTo('4100002')).toMatchObject({ text: MAX_TEXT.badCode })
    }
    other.start()
    await poll()
    expect(lastTo('4100002')).toMatchObject({ text: MAX_TEXT.hello })
    const links = await db().select().from(messengerLinks)
    expect(links.map((l) => [l.messenger, l.chatId])).toEqual([['max', PERSON]])
  })

  it('an expired code is refused', async () => {
    const code = await codeFrom(await t.client('deptOwn'))
    t.server.deps.testClock!.advance(15 * 60_000 + 1000)
    emulator.maxUser('4100003').start(code)
    await poll()
    expect(lastTo('4100003')).toMatchObject({ text: MAX_TEXT.badCode })
    const mine = await db()
      .select()
      .from(messengerLinks)
      .where(eq(messengerLinks.chatId, '4100003'))
    expect(mine).toEqual([])
  })

  it('issuing is limited per person: 5 unused links, then a 429 until the oldest expires', async () => {
    // Issue 26, item 9. The test clock moves on with real time: figures within a minute.
    const clock = t.server.deps.testClock!
    const governor = await t.client('governor')
    const ask = async (client: Awaited<ReturnType<TestServer['client']>>) => {
      const res = await fetch(`${t.url}/api/notifications/max/link`, {
        method: 'POST',
        headers: { cookie: client.cookie },
      })
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: await res.json(),
      }
    }
    expect((await ask(governor)).status).toBe(200)
    clock.advance(60_000)
    for (let i = 0; i < 4; i++) expect((await ask(governor)).status).toBe(200)

    const refused = await ask(governor)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('too_many_links')
    expect(refused.body.error.message).toMatch(
      /^Слишком много неиспользованных ссылок для подключения\. Откройте последнюю полученную ссылку или повторите через 1[34] мин\.$/,
    )
    // the oldest was issued a minute before: it stops working in 14 minutes
    const seconds = Number(refused.retryAfter)
    expect(seconds).toBe(refused.body.error.details.retryAfterSeconds)
    expect(seconds).toBeGreaterThan(13 * 60)
    expect(seconds).toBeLessThanOrEqual(14 * 60)
    // per person: another one is not held back
    expect((await ask(await t.client('deptOther'))).status).toBe(200)

    // once the oldest has expired, one more link is given
    clock.advance(seconds * 1000)
    expect((await ask(governor)).status).toBe(200)
    expect((await ask(governor)).status).toBe(429)
  })

  it('expired link codes are deleted: on the sweeper’s beat, and when a code is issued', async () => {
    const clock = t.server.deps.testClock!
    const expired = async () =>
      (
        await db()
          .select()
          .from(messengerLinkCodes)
          .where(lte(messengerLinkCodes.expiresAt, clock.now()))
      ).length
    await codeFrom(await t.client('admin'))
    clock.advance(15 * 60_000 + 1000)
    expect(await expired()).toBeGreaterThan(0)
    await t.server.deps.sweeper.sweep()
    expect(await expired()).toBe(0)

    await codeFrom(await t.client('admin'))
    clock.advance(15 * 60_000 + 1000)
    expect(await expired()).toBeGreaterThan(0)
    await codeFrom(await t.client('editor'))
    expect(await expired()).toBe(0)
  })

  it('a new request arrives as a direct message with a link button that opens the screen', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const message = lastTo(PERSON)!
    expect(message.text).toMatch(/^Новый запрос от ЦСМ: «Открытие поликлиники» — до /)
    expect(message.text).toContain('Запрашивает — Редактор ЦСМ, ЦСМ.')
    expect(message.attachments).toEqual([
      {
        type: 'inline_keyboard',
        payload: {
          buttons: [
            [
              {
                type: 'link',
                text: 'Открыть в Визе',
                url: `https://viza.example.ru/posts/${post.id}`,
              },
            ],
          ],
        },
      },
    ])
    expect(await maxOf(post.id)).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('429: the delivery waits in the outbox and goes on the next attempt', async () => {
    emulator.inject('max', 'rateLimited')
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const first = await maxOf(post.id)
    expect(first).toMatchObject({ state: 'pending', attempts: 1 })
    expect(first!.error).toBe('MAX просит подождать 1 с')
    expect(emulator.maxDirect).toEqual([])
    t.server.deps.testClock!.advance(11_000) // past the first backoff (10 s)
    await worker().pass()
    expect(await maxOf(post.id)).toMatchObject({ state: 'sent', attempts: 2 })
    expect(emulator.maxDirect).toHaveLength(1)
  })

  it('unlinks from both sides: /stop in the chat, or «Отключить MAX» in Viza', async () => {
    await bot().handleUpdate({
      update_type: 'message_created',
      timestamp: Date.now(),
      message: {
        sender: { user_id: Number(PERSON), first_name: 'Игорь', is_bot: false },
        recipient: { chat_id: 1, chat_type: 'dialog' },
        timestamp: Date.now(),
        body: { mid: 'm', seq: 1, text: '/stop' },
      },
    })
    expect(lastTo(PERSON)).toMatchObject({ text: MAX_TEXT.stopped })
    expect(await db().select().from(messengerLinks)).toEqual([])

    await linkPerson(PERSON)
    const own = await t.client('deptOwn')
    const off = await own.request('DELETE', '/api/notifications/max')
    expect(off.body).toEqual({ unlinked: true })
    expect(lastTo(PERSON)).toMatchObject({ text: MAX_TEXT.unlinkedFromViza })
    const left = await db()
      .select()
      .from(messengerLinks)
      .where(eq(messengerLinks.userId, await healthId()))
    expect(left).toEqual([])
    expect((await own.request('DELETE', '/api/notifications/max')).body).toEqual({
      unlinked: false,
    })
  })

  it('bot_stopped (the person stopped or blocked the bot) unlinks; nothing more is queued for MAX', async () => {
    await linkPerson(PERSON)
    emulator.maxUser(PERSON).block()
    await poll()
    expect(await db().select().from(messengerLinks)).toEqual([])
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    expect(await maxOf(post.id)).toBeUndefined()
  })

  it('403 chat.denied on sending: a failure for the admin, and the account is unlinked', async () => {
    await linkPerson(PERSON)
    emulator.maxUser(PERSON).blockSilently()
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const row = await maxOf(post.id)
    expect(row).toMatchObject({ state: 'failed', attempts: 1 })
    expect(row!.error).toBe(`MAX: chat.denied: Key: error.dialog.suspended, args: [${PERSON},].`)
    const admin = await (await t.client('admin')).get('/api/admin/notifications')
    expect(admin.body.items.find((i: { id: number }) => i.id === row!.id)).toMatchObject({
      channel: 'max',
      userLogin: 'health',
    })
    expect(await db().select().from(messengerLinks)).toEqual([])
  })

  it('the polling loop reads the feed by itself and stops on close', async () => {
    const code = await codeFrom(await t.client('deptOwn'))
    bot().startPolling()
    try {
      emulator.maxUser('4100009').start(code)
      await expect.poll(() => lastTo('4100009')?.text, { timeout: 5000 }).toBe(MAX_TEXT.linked)
    } finally {
      await bot().close()
    }
    const [link] = await db()
      .select()
      .from(messengerLinks)
      .where(eq(messengerLinks.chatId, '4100009'))
    expect(link).toMatchObject({ messenger: 'max', userId: await healthId() })
  })
})
