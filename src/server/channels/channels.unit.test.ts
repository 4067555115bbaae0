import { createHash } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createChannelEmulator, EMULATED, type Fault } from '../../mocks/channels'
import { nextStep, type ChannelAdapter, type PublishImage, type PublishRequest } from './adapter'
import { checkMax } from './check'
import { MaxClient, maxAdapter, linkButton } from './max'
import { okAdapter, okSignature } from './ok'
import { telegramAdapter } from './telegram'
import { vkAdapter } from './vk'

const emulator = createChannelEmulator()
const server = setupServer(...emulator.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => emulator.reset())
afterAll(() => server.close())

const TIMEOUT = 300
const telegram = telegramAdapter({
  botToken: EMULATED.telegram.token,
  chatId: EMULATED.telegram.chatId,
  timeoutMs: TIMEOUT,
})
const vk = vkAdapter({
  accessToken: EMULATED.vk.token,
  groupId: EMULATED.vk.groupId,
  timeoutMs: TIMEOUT,
})
const ok = okAdapter({
  applicationKey: EMULATED.ok.appKey,
  applicationSecretKey: EMULATED.ok.secret,
  accessToken: EMULATED.ok.token,
  groupId: EMULATED.ok.groupId,
  timeoutMs: TIMEOUT,
})

const max = maxAdapter({
  botToken: EMULATED.max.token,
  chatId: EMULATED.max.chatId,
  timeoutMs: TIMEOUT,
  notReadyPausesMs: [1, 1, 1, 1],
})

const image = (n: number): PublishImage => ({
  id: `m${n}`,
  name: `photo${n}.jpg`,
  mime: 'image/jpeg',
  bytes: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]),
})
const request = (over: Partial<PublishRequest> = {}): PublishRequest => ({
  postId: 'post-1',
  text: '**Важно**: прививки в 42 пунктах <до 20.12> & [запись](https://gosuslugi.ru/?a=1&b=2) 👍',
  images: [],
  guid: 'post-1:vk:v3',
  ...over,
})

describe('Telegram Bot API', () => {
  it('sends HTML with correct escaping and returns the message link', async () => {
    const out = await telegram.publish(request())
    expect(out).toEqual({ kind: 'sent', externalId: '100', url: 'https://t.me/gov_test/100' })
    expect(emulator.posts[0]!.raw).toMatchObject({
      chat_id: '@gov_test',
      parse_mode: 'HTML',
      text: '<b>Важно</b>: прививки в 42 пунктах &lt;до 20.12&gt; &amp; <a href="https://gosuslugi.ru/?a=1&amp;b=2">запись</a> 👍',
    })
  })
  it('sends one photo with the text as caption, several as a media group', async () => {
    await telegram.publish(request({ images: [image(1)] }))
    expect(emulator.posts[0]).toMatchObject({ photos: 1, raw: { parse_mode: 'HTML' } })
    const group = await telegram.publish(request({ images: [image(1), image(2), image(3)] }))
    expect(group.kind).toBe('sent')
    expect(emulator.posts[1]!.photos).toBe(3)
  })
  it('honours retry_after on 429, treats 5xx and timeouts after sending as unknown, 401 as final', async () => {
    emulator.inject('telegram', 'rateLimited', 'serverError', 'timeoutAfterReceive', 'unauthorized')
    expect(await telegram.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: true,
      retryAfterMs: 7000,
    })
    expect(await telegram.publish(request())).toMatchObject({ kind: 'unknown' })
    expect(await telegram.publish(request())).toMatchObject({
      kind: 'unknown',
      error: expect.stringMatching(/нет ответа/),
    })
    expect(await telegram.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: 'Unauthorized',
    })
    expect(emulator.posts).toHaveLength(1) // only the timed-out one reached the channel
  })
  it('is refused by the channel for a caption over 1024 characters', async () => {
    const out = await telegram.publish(request({ text: 'Ю'.repeat(1025), images: [image(1)] }))
    expect(out).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: 'Bad Request: message caption is too long',
    })
  })
})

describe('VK API', () => {
  it('posts to the community wall with from_group, v=5.199 and a guid', async () => {
    const out = await vk.publish(request())
    expect(out).toEqual({ kind: 'sent', externalId: '100', url: 'https://vk.com/wall-555_100' })
    expect(emulator.posts[0]!.raw).toMatchObject({
      owner_id: '-555',
      from_group: '1',
      v: '5.199',
      guid: 'post-1:vk:v3',
      message:
        'Важно: прививки в 42 пунктах <до 20.12> & запись (https://gosuslugi.ru/?a=1&b=2) 👍',
    })
  })
  it('uploads photos through the wall upload server and attaches them', async () => {
    await vk.publish(request({ images: [image(1), image(2)] }))
    expect(emulator.posts[0]!.raw.attachments).toBe('photo-555_4243,photo-555_4243')
  })
  it('maps errors 6 and 9 to retry later, 14 (captcha) and 5 (auth) to final', async () => {
    emulator.inject('vk', 'rateLimited', 'vkFlood', 'vkCaptcha', 'unauthorized')
    expect(await vk.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: true,
      retryAfterMs: 1000,
    })
    expect(await vk.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: true,
      retryAfterMs: 60_000,
    })
    expect(await vk.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: 'VK 14: Captcha needed',
    })
    expect(await vk.publish(request())).toMatchObject({ kind: 'failed', retryable: false })
    expect(emulator.posts).toHaveLength(0)
  })
  it('after a timeout, a retry with the same guid gets the same post, not a second one', async () => {
    emulator.inject('vk', 'timeoutAfterReceive')
    expect((await vk.publish(request())).kind).toBe('unknown')
    expect(await vk.publish(request())).toEqual({
      kind: 'sent',
      externalId: '100',
      url: 'https://vk.com/wall-555_100',
    })
    expect(emulator.posts).toHaveLength(1)
  })
})

describe('OK API', () => {
  it('signs the request as documented and posts a group topic', async () => {
    const out = await ok.publish(request({ images: [image(1)] }))
    expect(out).toEqual({
      kind: 'sent',
      externalId: '100',
      url: 'https://ok.ru/group/7001/topic/100',
    })
    const raw = emulator.posts[0]!.raw
    expect(raw).toMatchObject({
      method: 'mediatopic.post',
      type: 'GROUP_THEME',
      gid: '7001',
      format: 'json',
    })
    expect(JSON.parse(String(raw.attachment))).toEqual({
      media: [
        {
          type: 'text',
          text: 'Важно: прививки в 42 пунктах <до 20.12> & запись (https://gosuslugi.ru/?a=1&b=2) 👍',
        },
        { type: 'photo', list: [{ id: 'photo-token-1' }] },
      ],
    })
  })
  it('computes the documented signature: sorted k=v pairs, then md5(token + secret)', () => {
    const md5 = (x: string) => createHash('md5').update(x).digest('hex')
    const expected = md5('application_key=Aformat=jsonmethod=users.getCurrentUser' + md5('toksec'))
    expect(
      okSignature(
        {
          method: 'users.getCurrentUser',
          format: 'json',
          application_key: 'A',
          access_token: 'tok',
        },
        'tok',
        'sec',
      ),
    ).toBe(expected)
  })
  it('reports a bad signature (104) and an expired session (102) as final', async () => {
    const wrongSecret = okAdapter({
      applicationKey: EMULATED.ok.appKey,
      applicationSecretKey: 'wrong',
      accessToken: EMULATED.ok.token,
      groupId: EMULATED.ok.groupId,
    })
    expect(await wrongSecret.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: expect.stringMatching(/^OK 104/),
    })
    emulator.inject('ok', 'unauthorized')
    expect(await ok.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: expect.stringMatching(/^OK 102/),
    })
  })
  it('treats 503 and a timeout after sending as unknown', async () => {
    emulator.inject('ok', 'serverError', 'timeoutAfterReceive')
    expect((await ok.publish(request())).kind).toBe('unknown')
    expect((await ok.publish(request())).kind).toBe('unknown')
  })
})

describe('MAX Bot API', () => {
  /** Every request the adapter makes, as MAX would see it. */
  const seen: Array<{ method: string; url: URL; auth: string | null }> = []
  const listen = ({ request }: { request: Request }) => {
    seen.push({
      method: request.method,
      url: new URL(request.url),
      auth: request.headers.get('authorization'),
    })
  }
  beforeAll(() => server.events.on('request:start', listen))
  afterEach(() => (seen.length = 0))
  afterAll(() => server.events.removeListener('request:start', listen))

  it('posts HTML to the channel with the token in the Authorization header, and links the message', async () => {
    const out = await max.publish(request())
    expect(out).toEqual({
      kind: 'sent',
      externalId: 'mid.0000000000000064',
      url: 'https://max.ru/gov_test/mid.0000000000000064',
    })
    expect(emulator.posts[0]!.raw).toEqual({
      chat_id: '-70000000001',
      format: 'html',
      text: '<b>Важно</b>: прививки в 42 пунктах &lt;до 20.12&gt; &amp; <a href="https://gosuslugi.ru/?a=1&amp;b=2">запись</a> 👍',
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.method).toBe('POST')
    expect(seen[0]!.url.origin + seen[0]!.url.pathname).toBe(
      'https://platform-api2.max.ru/messages',
    )
    expect([...seen[0]!.url.searchParams]).toEqual([['chat_id', '-70000000001']])
    expect(seen[0]!.auth).toBe(EMULATED.max.token) // as it is: no "Bearer", never in the query
  })
  it('uploads each image in two steps and attaches what the upload answered', async () => {
    await max.publish(request({ images: [image(1), image(2)] }))
    expect(
      seen.map((r) => `${r.method} ${r.url.host}${r.url.pathname}${r.url.search.split('&')[0]}`),
    ).toEqual([
      'POST platform-api2.max.ru/uploads?type=image',
      'POST iu.oneme.ru/upload.do?apiToken=t',
      'POST platform-api2.max.ru/uploads?type=image',
      'POST iu.oneme.ru/upload.do?apiToken=t',
      'POST platform-api2.max.ru/messages?chat_id=-70000000001',
    ])
    expect(emulator.posts[0]!.raw.attachments).toEqual([
      { type: 'image', payload: { photos: { hash1: { token: 'max-img-token-1' } } } },
      { type: 'image', payload: { photos: { hash2: { token: 'max-img-token-2' } } } },
    ])
    expect(emulator.posts[0]!.photos).toBe(2)
  })
  it('sends again while MAX answers attachment.not.ready, then posts once', async () => {
    emulator.inject('max', 'attachmentNotReady', 'attachmentNotReady', 'attachmentNotReady')
    expect((await max.publish(request({ images: [image(1)] }))).kind).toBe('sent')
    expect(seen.filter((r) => r.url.pathname === '/messages')).toHaveLength(4)
    expect(emulator.posts).toHaveLength(1)
  })
  it('gives up on a still-processing image as "surely not sent", to be retried later', async () => {
    emulator.inject('max', ...Array<Fault>(5).fill('attachmentNotReady'))
    expect(await max.publish(request({ images: [image(1)] }))).toMatchObject({
      kind: 'failed',
      retryable: true,
      error: expect.stringMatching(/attachment\.not\.ready/),
    })
    expect(emulator.posts).toHaveLength(0)
  })
  it('maps 429 to retry later, 5xx and a timeout after sending to unknown, a bad token to final', async () => {
    emulator.inject('max', 'rateLimited', 'serverError', 'timeoutAfterReceive', 'unauthorized')
    expect(await max.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: true,
      retryAfterMs: 1000,
    })
    expect(await max.publish(request())).toMatchObject({
      kind: 'unknown',
      error: expect.stringMatching(/503 service\.unavailable/),
    })
    expect(await max.publish(request())).toMatchObject({
      kind: 'unknown',
      error: expect.stringMatching(/нет ответа/),
    })
    expect(await max.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: expect.stringMatching(/^MAX не принял токен бота \(401 verify\.token/),
    })
    expect(emulator.posts).toHaveLength(1) // only the timed-out one reached the channel
  })
  it('is refused for a wrong channel and for a text over 4000 characters, finally', async () => {
    const elsewhere = maxAdapter({ botToken: EMULATED.max.token, chatId: '-1', timeoutMs: TIMEOUT })
    expect(await elsewhere.publish(request())).toMatchObject({
      kind: 'failed',
      retryable: false,
      error: expect.stringMatching(/не нашёл канал.*404 chat\.not\.found/),
    })
    expect(await max.publish(request({ text: 'Ю'.repeat(4001) }))).toMatchObject({
      kind: 'failed',
      retryable: false,
    })
    expect(emulator.posts).toHaveLength(0)
  })
  it('a notifier can reuse the client: a direct message with a link button, and the update feed', async () => {
    const client = new MaxClient(EMULATED.max.token)
    server.use(
      http.post('https://platform-api2.max.ru/messages', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({
          message: {
            recipient: { user_id: 42, chat_type: 'dialog' },
            timestamp: 1,
            body: { mid: 'mid.dm', seq: 1, text: body.text },
            url: null,
          },
        })
      }),
      http.get('https://platform-api2.max.ru/updates', () =>
        HttpResponse.json({
          updates: [
            {
              update_type: 'bot_started',
              timestamp: 1,
              chat_id: 77,
              user: { user_id: 42, first_name: 'Анна', is_bot: false },
              payload: 'link-3F9K2A',
            },
          ],
          marker: 5,
        }),
      ),
    )
    const dm = await client.sendMessageWhenReady(
      { userId: '42' },
      {
        text: 'Новый запрос от ЦСМ',
        attachments: [linkButton('Открыть', 'https://viza.example.ru/posts/1')],
      },
    )
    expect(dm.ok).toBe(true)
    expect([...seen.at(-1)!.url.searchParams]).toEqual([['user_id', '42']])
    const feed = await client.getUpdates({ marker: 4, timeoutS: 0, types: ['bot_started'] })
    expect(feed).toMatchObject({
      ok: true,
      data: { marker: 5, updates: [{ payload: 'link-3F9K2A' }] },
    })
    expect(Object.fromEntries(seen.at(-1)!.url.searchParams)).toEqual({
      marker: '4',
      timeout: '0',
      types: 'bot_started',
    })
  })
  it("«Проверить подключение» asks /me, the channel and the bot's rights", async () => {
    expect(await checkMax({ botToken: EMULATED.max.token, chatId: EMULATED.max.chatId })).toEqual({
      ok: true,
      message: 'Подключено: @viza_test_bot, канал «Губернатор области (тест)»',
    })
    expect(seen.map((r) => r.url.pathname)).toEqual([
      '/me',
      '/chats/-70000000001',
      '/chats/-70000000001/members/me',
    ])
    expect(await checkMax({ botToken: 'wrong', chatId: EMULATED.max.chatId })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^MAX не принял токен бота/),
    })
    expect(await checkMax({ botToken: EMULATED.max.token, chatId: '-5' })).toMatchObject({
      ok: false,
      message: 'Токен верный (@viza_test_bot), но канал -5 не найден или бот не добавлен в него',
    })
  })
})

describe('channels without credentials', () => {
  it('say they are not configured instead of being skipped', async () => {
    for (const a of [telegramAdapter(null), vkAdapter(null), okAdapter(null), maxAdapter(null)]) {
      expect(a.configured).toBe(false)
      expect(await a.publish(request())).toMatchObject({
        kind: 'failed',
        retryable: false,
        error: expect.stringMatching(/не настро/),
      })
    }
  })
})

describe('the retry policy never posts the same approved version twice', () => {
  const faultArb = fc.constantFrom<Fault>(
    'none',
    'rateLimited',
    'serverError',
    'timeoutAfterReceive',
    'unauthorized',
    'vkCaptcha',
    'vkFlood',
    'attachmentNotReady',
  )
  const cases: Array<[string, ChannelAdapter, 'telegram' | 'vk' | 'ok' | 'max']> = [
    ['telegram', telegram, 'telegram'],
    ['vk', vk, 'vk'],
    ['ok', ok, 'ok'],
    ['max', max, 'max'],
  ]
  for (const [name, adapter, channel] of cases) {
    it(
      `${name}: whatever fails, at most one post per approved version`,
      { timeout: 60_000 },
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(faultArb, { maxLength: 6 }), async (faults) => {
            emulator.reset()
            emulator.inject(channel, ...faults)
            for (let attempt = 1; ; attempt++) {
              // with a photo, so MAX's upload and attachment.not.ready are in play too
              const outcome = await adapter.publish(request({ images: [image(1)] }))
              const step = nextStep(outcome, adapter, attempt)
              if (step.step !== 'retry') break
            }
            expect(emulator.posts.length).toBeLessThanOrEqual(1)
          }),
          { numRuns: 25 },
        )
      },
    )
  }
})
