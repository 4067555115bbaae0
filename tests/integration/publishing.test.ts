import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createChannelEmulator } from '../../src/mocks/channels'
import { emulatedAdapters } from '../setup/emulated-channels'
import { telegramAdapter } from '../../src/server/channels/telegram'
import { publications } from '../../src/server/db/schema'
import { enqueuePublications } from '../../src/server/publishing/publisher'
import { newRequest } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

const emulator = createChannelEmulator()
// Requests to our own server pass through; the channels' hosts are emulated.
const msw = setupServer(...emulator.handlers)
const TIMEOUT = 300
const adapters = emulatedAdapters(TIMEOUT)

let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({ adapters })
})
afterAll(async () => {
  await t?.close()
  msw.close()
})
beforeEach(() => emulator.reset())

/** An approved post with the given channels, through the API as people would. */
async function approved(
  channels: string[],
  text = '**Итоги недели**: 42 пункта вакцинации <до 20.12> & [запись](https://gosuslugi.ru)',
) {
  const editor = await t.client('editor')
  const gov = await t.client('governor')
  let p = (await editor.post('/api/posts', newRequest({ departmentId: null, channels }))).body
  p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
  p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text })).body
  p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
  p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
  expect(p.state).toBe('approved')
  return p
}
const detail = async (id: string) => (await (await t.client('editor')).get(`/api/posts/${id}`)).body
const advance = async (ms: number) =>
  (await t.client('editor')).post('/api/test/clock', { advanceMs: ms })

describe('publishing through the ledger', () => {
  it('publishes to Telegram, VK, OK and MAX once each, with links, and the post becomes published', async () => {
    const p = await approved(['telegram', 'vk', 'ok', 'max'])
    const editor = await t.client('editor')
    const r = await editor.event(p.id, p.version, { type: 'PUBLISH' })
    expect(r.body.state).toBe('publishing')
    // The event answers with the new state; the ledger is on the post itself (one row per
    // channel; the worker, woken by the event, may already be sending).
    const queued = await editor.get(`/api/posts/${p.id}`)
    expect(queued.body.publications.map((x: { channel: string }) => x.channel)).toEqual([
      'telegram',
      'vk',
      'ok',
      'max',
    ])
    for (const x of queued.body.publications as Array<{ state: string }>)
      expect(['queued', 'sending', 'sent']).toContain(x.state)
    await t.server.deps.publisher.pass()
    const after = await detail(p.id)
    expect(after.state).toBe('published')
    expect(after.context.links.map((l: { channel: string }) => l.channel).sort()).toEqual([
      'max',
      'ok',
      'telegram',
      'vk',
    ])
    expect(
      after.publications.every((x: { url: string }) =>
        /^https:\/\/(t\.me|vk\.com|ok\.ru|max\.ru)\//.test(x.url),
      ),
    ).toBe(true)
    expect(emulator.posts.map((x) => x.channel).sort()).toEqual(['max', 'ok', 'telegram', 'vk'])
    // the approved text, rendered per channel
    expect(emulator.posts.find((x) => x.channel === 'telegram')!.text).toBe(
      '<b>Итоги недели</b>: 42 пункта вакцинации &lt;до 20.12&gt; &amp; <a href="https://gosuslugi.ru">запись</a>',
    )
    expect(emulator.posts.find((x) => x.channel === 'max')!.raw).toMatchObject({
      format: 'html',
      text: '<b>Итоги недели</b>: 42 пункта вакцинации &lt;до 20.12&gt; &amp; <a href="https://gosuslugi.ru">запись</a>',
    })
    // a second pass sends nothing more
    await t.server.deps.publisher.pass()
    expect(emulator.posts).toHaveLength(4)
  })

  it('MAX has no idempotency key: a 5xx goes to the editor, who checks and sends again once', async () => {
    const p = await approved(['max'])
    emulator.inject('max', 'serverError')
    await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH' })
    await t.server.deps.publisher.pass()
    await advance(10 * 60_000)
    await t.server.deps.publisher.pass()
    let d = await detail(p.id)
    expect(d.state).toBe('publishing')
    expect(d.publications[0]).toMatchObject({
      channel: 'max',
      state: 'unknown',
      canRetry: false,
      error: expect.stringMatching(/503/),
    })
    expect(emulator.posts).toHaveLength(0)
    // the editor found no post in the channel: one more attempt, on her word
    const again = await (
      await t.client('editor')
    ).post(`/api/posts/${p.id}/publications/${d.publications[0].id}/confirm`, { sent: false })
    expect(again.status).toBe(200)
    await t.server.deps.publisher.pass()
    d = await detail(p.id)
    expect(d.state).toBe('published')
    expect(d.publications[0]).toMatchObject({
      state: 'sent',
      url: expect.stringMatching(/^https:\/\/max\.ru\//),
    })
    expect(emulator.posts).toHaveLength(1)
  })

  it('runs a scheduled publication when the time comes, and not before', async () => {
    const p = await approved(['telegram'])
    const at = new Date(
      Date.parse((await (await t.client('editor')).get('/api/test/clock')).body.now) + 3_600_000,
    ).toISOString()
    const r = await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH', at })
    expect(r.body).toMatchObject({
      state: 'approved',
      context: { scheduledAt: expect.any(String) },
    })
    await t.server.deps.sweeper.sweep()
    await t.server.deps.publisher.pass()
    expect(emulator.posts).toHaveLength(0)
    await advance(3_600_000 + 1000)
    await t.server.deps.publisher.pass()
    expect((await detail(p.id)).state).toBe('published')
    expect(emulator.posts).toHaveLength(1)
  })

  it('an unknown Telegram outcome is never retried blindly: the editor checks and confirms', async () => {
    const p = await approved(['telegram'])
    emulator.inject('telegram', 'timeoutAfterReceive')
    await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH' })
    await t.server.deps.publisher.pass()
    await advance(10 * 60_000)
    await t.server.deps.publisher.pass()
    const d = await detail(p.id)
    expect(d.state).toBe('publishing')
    expect(d.publicationTrouble).toBe(true)
    expect(d.publications[0]).toMatchObject({ state: 'unknown', canRetry: false })
    expect(emulator.posts).toHaveLength(1)
    const confirmed = await (
      await t.client('editor')
    ).post(`/api/posts/${p.id}/publications/${d.publications[0].id}/confirm`, {
      sent: true,
      url: 'https://t.me/gov_test/100',
    })
    expect(confirmed.body.state).toBe('published')
    expect(emulator.posts).toHaveLength(1)
  })

  it('VK after a timeout is retried with the same guid and gets the same post', async () => {
    const p = await approved(['vk'])
    emulator.inject('vk', 'timeoutAfterReceive')
    await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH' })
    await t.server.deps.publisher.pass()
    expect((await detail(p.id)).publications[0].state).toBe('queued')
    await advance(60_000)
    await t.server.deps.publisher.pass()
    expect((await detail(p.id)).state).toBe('published')
    expect(emulator.posts).toHaveLength(1)
  })

  it('honours Telegram’s retry_after, and records a final refusal as failed with a reason', async () => {
    const p = await approved(['telegram', 'ok'])
    emulator.inject('telegram', 'rateLimited')
    emulator.inject('ok', 'unauthorized')
    await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH' })
    await t.server.deps.publisher.pass()
    let d = await detail(p.id)
    const tg = d.publications.find((x: { channel: string }) => x.channel === 'telegram')
    expect(tg.state).toBe('queued')
    expect(
      Date.parse(tg.nextAttemptAt) -
        Date.parse((await (await t.client('editor')).get('/api/test/clock')).body.now),
    ).toBeGreaterThan(6000)
    expect(d.publications.find((x: { channel: string }) => x.channel === 'ok')).toMatchObject({
      state: 'failed',
      canRetry: false,
      error: expect.stringMatching(/^OK 102/),
    })
    await t.server.deps.publisher.pass()
    expect(emulator.posts).toHaveLength(0) // not before retry_after
    await advance(8000)
    await t.server.deps.publisher.pass()
    d = await detail(p.id)
    expect(d.publications.find((x: { channel: string }) => x.channel === 'telegram').state).toBe(
      'sent',
    )
    expect(d.state).toBe('publishing') // OK still needs a person
    const retry = await (
      await t.client('editor')
    ).post(`/api/posts/${p.id}/publications/${d.publications[1].id}/retry`)
    expect(retry.status).toBe(422)
  })

  it('a second PUBLISH of the same approved version never adds a row, whatever happens', async () => {
    const p = await approved(['telegram', 'vk'])
    await (await t.client('editor')).event(p.id, p.version, { type: 'PUBLISH' })
    const db = t.server.deps.database.db
    const post = await detail(p.id)
    await db.transaction((tx) => enqueuePublications(tx, p.id, post.context, adapters, new Date()))
    const rows = await db.select().from(publications).where(eq(publications.postId, p.id))
    expect(rows).toHaveLength(2)
  })

  it('after a crash mid-send: Telegram asks a person, VK (guid) is retried', async () => {
    const p = await approved(['telegram', 'vk'])
    // through the service, so that no publisher pass starts before the "crash"
    await t.server.deps.posts.applyEvent(
      t.actors.editor,
      p.id,
      { type: 'PUBLISH' },
      p.version,
      new Date(),
    )
    const db = t.server.deps.database.db
    const long = new Date(Date.now() - 10 * 60_000)
    await db
      .update(publications)
      .set({ state: 'sending', updatedAt: long })
      .where(eq(publications.postId, p.id))
    await advance(0)
    await t.server.deps.publisher.pass()
    const d = await detail(p.id)
    expect(d.publications.find((x: { channel: string }) => x.channel === 'telegram').state).toBe(
      'unknown',
    )
    expect(
      d.publications.find((x: { channel: string }) => x.channel === 'vk'),
      JSON.stringify(d.publications),
    ).toMatchObject({ state: 'sent' })
  })

  it('a crash after the last channel is recorded sent, before the post moves: the next pass publishes it', async () => {
    const p = await approved(['telegram', 'vk'])
    await t.server.deps.posts.applyEvent(
      t.actors.editor,
      p.id,
      { type: 'PUBLISH' },
      p.version,
      new Date(),
    )
    // what the process had written when it died: every row sent, the post still publishing
    const db = t.server.deps.database.db
    await db
      .update(publications)
      .set({ state: 'sent', url: 'https://t.me/gov/1' })
      .where(eq(publications.postId, p.id))
    expect((await detail(p.id)).state).toBe('publishing')
    await t.server.deps.publisher.pass()
    const d = await detail(p.id)
    expect(d.state).toBe('published')
    expect(d.history.at(-1)).toMatchObject({ event: 'PUBLISHED', toState: 'published' })
    expect(emulator.posts).toHaveLength(0) // settled, nothing sent again
    await t.server.deps.publisher.pass()
    expect((await detail(p.id)).version).toBe(d.version)
  })

  it('a channel without credentials waits for a link by hand, marked not configured', async () => {
    const p = await approved(['telegram', 'manual'])
    const t2 = await startTestServer({ adapters: { ...adapters, telegram: telegramAdapter(null) } })
    try {
      const ed = await t2.client('editor')
      const gov = await t2.client('governor')
      let q = (
        await ed.post(
          '/api/posts',
          newRequest({ departmentId: null, channels: ['telegram', 'manual'] }),
        )
      ).body
      q = (await ed.event(q.id, q.version, { type: 'WRITE_IN_HOUSE' })).body
      q = (await ed.event(q.id, q.version, { type: 'EDIT_TEXT', text: 'Текст' })).body
      q = (await ed.event(q.id, q.version, { type: 'SEND_TO_GOVERNOR' })).body
      q = (await gov.event(q.id, q.version, { type: 'APPROVE', textVersion: q.textVersion })).body
      q = (await ed.event(q.id, q.version, { type: 'PUBLISH' })).body
      q = (await ed.get(`/api/posts/${q.id}`)).body
      expect(q.publications).toEqual([
        expect.objectContaining({
          channel: 'telegram',
          state: 'manual',
          configured: false,
          mode: 'notConfigured',
          error: expect.stringMatching(/не настроен/),
        }),
        expect.objectContaining({ channel: 'manual', state: 'manual' }),
      ])
    } finally {
      await t2.close()
    }
    void p
  })
})
