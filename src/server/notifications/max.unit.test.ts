import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createChannelEmulator, EMULATED } from '../../mocks/channels'
import type { Db } from '../db/client'
import { systemClock } from '../lib/clock'
import { silentLogger } from '../lib/log'
import { MaxNotifyBot } from './max'

const emulator = createChannelEmulator()
const server = setupServer(...emulator.handlers)
/** Every request the bot makes, as MAX would see it. */
const seen: Array<{ method: string; url: URL; auth: string | null; body: unknown }> = []
server.events.on('request:start', async ({ request }) => {
  const body = request.method === 'POST' ? await request.clone().json() : undefined
  seen.push({
    method: request.method,
    url: new URL(request.url),
    auth: request.headers.get('authorization'),
    body,
  })
})
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  emulator.reset()
  server.resetHandlers()
  seen.length = 0
})
afterAll(() => server.close())

// These requests never reach the database (no link codes, no unlinking).
const noDb = null as unknown as Db
const bot = () =>
  new MaxNotifyBot(noDb, systemClock, silentLogger, { token: EMULATED.max.token, pollTimeoutS: 0 })
const message = {
  deliveryId: 1,
  title: 'Новый запрос от ЦСМ: «Ремонт моста» — до пн, 30 нояб., 18:00',
  body: 'Запрашивает — Анна Соколова, ЦСМ.',
  url: 'https://viza.example.ru/posts/p1',
  urgent: true,
}

describe('MAX notification bot: requests as the Bot API documents them', () => {
  it('a direct message: POST /messages?user_id=…, the token as it is, text and one link button', async () => {
    emulator.maxUser('4100001').start()
    seen.length = 0
    expect(await bot().sendDirect('4100001', message)).toEqual({ ok: true })
    expect(seen).toHaveLength(1)
    const [r] = seen
    expect(`${r!.method} ${r!.url.host}${r!.url.pathname}`).toBe(
      'POST platform-api2.max.ru/messages',
    )
    expect([...r!.url.searchParams]).toEqual([['user_id', '4100001']]) // never chat_id here
    expect(r!.auth).toBe(EMULATED.max.token)
    expect(r!.body).toEqual({
      text: `❗ ${message.title}\n\n${message.body}`,
      attachments: [
        {
          type: 'inline_keyboard',
          payload: {
            buttons: [[{ type: 'link', text: 'Открыть в Визе', url: message.url }]],
          },
        },
      ],
    })
  })

  it('text longer than MAX takes (4000) is cut, not refused', async () => {
    emulator.maxUser('4100001').start()
    const long = { ...message, urgent: false, body: 'а'.repeat(5000) }
    expect(await bot().sendDirect('4100001', long)).toEqual({ ok: true })
    expect(emulator.maxDirect[0]!.text).toHaveLength(4000)
  })

  it('the long poll: GET /updates with timeout and the types it reads; the marker moves on', async () => {
    const b = bot()
    const person = emulator.maxUser('4100001')
    person.write('добрый день')
    person.write('ещё')
    expect(await b.pollOnce()).toEqual({ ok: true })
    expect(await b.pollOnce()).toEqual({ ok: true })
    const polls = seen.filter((r) => r.url.pathname === '/updates')
    expect(polls.map((r) => Object.fromEntries(r.url.searchParams))).toEqual([
      { timeout: '0', types: 'bot_started,bot_stopped,dialog_removed,message_created' },
      {
        marker: '2',
        timeout: '0',
        types: 'bot_started,bot_stopped,dialog_removed,message_created',
      },
    ])
    expect(polls.every((r) => r.method === 'GET' && r.auth === EMULATED.max.token)).toBe(true)
  })

  it('a failed poll says how long to pause: what a 429 asked, else the configured pause', async () => {
    server.use(
      http.get('https://platform-api2.max.ru/updates', () =>
        HttpResponse.json(
          { code: 'too.many.requests', message: 'Too many requests' },
          { status: 429, headers: { 'Retry-After': '7' } },
        ),
      ),
    )
    expect(await bot().pollOnce()).toEqual({ ok: false, pauseMs: 7000 })
    server.use(
      http.get('https://platform-api2.max.ru/updates', () =>
        HttpResponse.json({ code: 'internal', message: 'Internal error' }, { status: 500 }),
      ),
    )
    expect(await bot().pollOnce()).toEqual({ ok: false, pauseMs: 5000 })
  })
})

describe('MAX notification bot: outcomes', () => {
  it('429 is retried after what MAX asked (Retry-After), else after 1 s', async () => {
    emulator.inject('max', 'rateLimited')
    expect(await bot().sendDirect('4100001', message)).toEqual({
      ok: false,
      retryable: true,
      retryAfterMs: 1000,
      error: 'MAX просит подождать 1 с',
    })
    server.use(
      http.post('https://platform-api2.max.ru/messages', () =>
        HttpResponse.json(
          { code: 'too.many.requests', message: 'Too many requests' },
          { status: 429, headers: { 'Retry-After': '12' } },
        ),
      ),
    )
    expect(await bot().sendDirect('4100001', message)).toMatchObject({
      retryable: true,
      retryAfterMs: 12_000,
    })
  })

  it('5xx is retried; a wrong token is not', async () => {
    emulator.maxUser('4100001').start()
    emulator.inject('max', 'serverError', 'unauthorized')
    expect(await bot().sendDirect('4100001', message)).toEqual({
      ok: false,
      retryable: true,
      error: 'MAX недоступен: 503 service.unavailable',
    })
    expect(await bot().sendDirect('4100001', message)).toEqual({
      ok: false,
      retryable: false,
      error: 'MAX: 401 verify.token: Invalid access_token',
    })
    expect(emulator.maxDirect).toEqual([])
  })
})
