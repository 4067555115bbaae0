import { setupServer } from 'msw/node'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChannelEmulator, EMULATED } from '../../src/mocks/channels'
import { comments, publications } from '../../src/server/db/schema'
import { emulatedAdapters } from '../setup/emulated-channels'
import { newRequest } from '../setup/flows'
import { regionTime } from '../setup/moved-clock'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// Catch-up polling over real HTTP against the emulated VK and OK pages: comments a callback
// missed are registered once (also those the callback did store), paged, the governor's own
// replies skipped, a deleted comment withdrawn, faults retried later without duplicates, and
// the registration rhythm of polled comments on the test clock.

const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)
const PAGE = `-${EMULATED.vk.groupId}`
const SECRET = 'poll-callback-secret'
const saved = { ...process.env }

let t: TestServer
let smc: ApiClient

// Tue 1 Dec 2026, 10:30 in the region
const START = regionTime('2026-12-01T10:30')

beforeAll(async () => {
  process.env.VK_CALLBACK_CONFIRMATION = 'c0nf1rm'
  process.env.VK_CALLBACK_SECRET = SECRET
  process.env.VK_GROUP_ID = EMULATED.vk.groupId
  delete process.env.VIZA_COMMENT_INTAKE // hourly, the regulation's rhythm
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    adapters: emulatedAdapters(300),
    config: { testNow: START, commentPoll: { pauseMs: 0, retryMs: 60_000 } },
  })
  smc = await t.client('editor')
}, 120_000)
afterAll(async () => {
  await t?.close()
  msw.close()
  process.env = saved
})

const db = () => t.server.deps.database.db
const poll = () => t.server.deps.commentPoller.pass()
const clockTo = (local: string) =>
  smc.post('/api/test/clock', { at: regionTime(local).toISOString() })
const advance = (ms: number) => smc.post('/api/test/clock', { advanceMs: ms })

/** A post approved by the governor and published to `channel` through the ledger: its id there. */
async function published(channel: 'vk' | 'ok') {
  const gov = await t.client('governor')
  let p = (await smc.post('/api/posts', newRequest({ departmentId: null, channels: [channel] })))
    .body
  p = (await smc.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
  p = (await smc.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Каток в парке открыт.' })).body
  p = (await smc.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
  p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
  p = (await smc.event(p.id, p.version, { type: 'PUBLISH' })).body
  await t.server.deps.publisher.pass()
  const [row] = await db().select().from(publications).where(eq(publications.postId, p.id))
  expect(row!.state).toBe('sent')
  return row!.externalId!
}

const stored = (network: 'vk' | 'ok', postId: string) =>
  db()
    .select()
    .from(comments)
    .where(and(eq(comments.network, network), eq(comments.networkPostId, postId)))

let citizen = 90_000 // never a group's id
const say = (
  network: 'vk' | 'ok',
  postId: string,
  text: string,
  at: Date,
  extra: { replyTo?: number; name?: string } = {},
) =>
  emulator.comment({
    network,
    postId,
    authorId: String(++citizen),
    authorName: extra.name ?? 'Ольга Петрова',
    text,
    at,
    replyTo: extra.replyTo,
  })

describe('VK: catch-up polling with wall.getComments', () => {
  it('registers what the callback missed, once; the callback’s copy and the group’s own reply are not stored again', async () => {
    const post = await published('vk')
    const missed = say('vk', post, 'Когда откроют каток в Сургуте?', regionTime('2026-12-01T10:05'))
    const delivered = say(
      'vk',
      post,
      'А лёд зальют до Нового года?',
      regionTime('2026-12-01T10:10'),
    )
    // the callback delivered one of them while Viza was up
    const r = await t.anonymous().post('/api/integrations/vk/callback', {
      type: 'wall_reply_new',
      group_id: Number(EMULATED.vk.groupId),
      event_id: 'poll-ev-1',
      v: '5.199',
      secret: SECRET,
      object: {
        id: delivered.id,
        from_id: Number(delivered.authorId),
        date: Math.floor(delivered.at.getTime() / 1000),
        text: delivered.text,
        post_id: Number(post),
        owner_id: Number(PAGE),
      },
    })
    expect(r.body).toBe('ok')
    emulator.comment({
      network: 'vk',
      postId: post,
      authorId: PAGE,
      authorName: 'Губернатор области (тест)',
      text: 'Спасибо!',
      at: regionTime('2026-12-01T10:12'),
      replyTo: delivered.id,
    })

    const report = await poll()
    expect(report.failed).toEqual({})
    let rows = await stored('vk', post)
    expect(rows.map((c) => c.networkCommentId).sort()).toEqual(
      [String(missed.id), String(delivered.id)].sort(),
    )
    const row = rows.find((c) => c.networkCommentId === String(missed.id))!
    expect(row).toMatchObject({ pageId: PAGE, authorName: 'Ольга Петрова', text: missed.text })
    expect(row.authorUrl).toBe(`https://vk.com/id${missed.authorId}`)
    expect(row.thread.postUrl).toBe(`https://vk.com/wall${PAGE}_${post}`)
    // the hourly rhythm from the time the citizen left it: 10:05 → 11:00
    expect(row.registeredAt.toISOString()).toBe(regionTime('2026-12-01T11:00').toISOString())
    // the request was the documented one
    expect(emulator.reads.at(-1)!.params).toMatchObject({
      owner_id: PAGE,
      post_id: post,
      sort: 'asc',
      extended: '1',
      count: '100',
      thread_items_count: '10',
    })

    // a second pass, and the callback's repeat, store nothing new
    await poll()
    rows = await stored('vk', post)
    expect(rows).toHaveLength(2)
  })

  it('pages through more than 100 comments and a long thread', async () => {
    const post = await published('vk')
    const at = regionTime('2026-12-01T09:30')
    const top = Array.from({ length: 230 }, (_, i) => say('vk', post, `Вопрос ${i + 1}`, at))
    for (let i = 0; i < 15; i++)
      say('vk', post, `Ответ соседа ${i + 1}`, at, { replyTo: top[3]!.id, name: 'Иван Сидоров' })
    const from = emulator.reads.length
    const report = await poll()
    expect(report.failed).toEqual({})
    const rows = await stored('vk', post)
    expect(rows).toHaveLength(245)
    expect(new Set(rows.map((r) => r.networkCommentId)).size).toBe(245)
    const mine = emulator.reads.slice(from).filter((r) => r.params.post_id === post)
    expect(mine.filter((r) => !r.params.comment_id).map((r) => r.params.offset)).toEqual([
      '0',
      '100',
      '200',
    ])
    expect(mine.some((r) => r.params.comment_id === String(top[3]!.id))).toBe(true)
    // a reply in the thread carries the comment it is under
    const reply = rows.find((r) => r.text === 'Ответ соседа 15')!
    expect(reply.authorName).toBe('Иван Сидоров')
    expect(reply.thread.earlier[0]).toMatchObject({ text: 'Вопрос 4' })
  })

  it.each([
    ['5xx', 'serverError'],
    ['error 6 (too many requests)', 'rateLimited'],
    ['error 9 (flood control)', 'vkFlood'],
    ['error 29 (rate limit)', 'vkRateLimit'],
    ['a timeout', 'timeoutAfterReceive'],
  ] as const)('after %s mid-paging: retried later, nothing lost or doubled', async (_, fault) => {
    const post = await published('vk')
    for (let i = 0; i < 150; i++)
      say('vk', post, `Комментарий ${i}`, regionTime('2026-12-01T09:40'))
    // the first page reads, the second fails
    emulator.injectRead('vk', 'none', fault)
    const first = await poll()
    expect(first.failed.vk).toBeTruthy()
    // the newest post is read first: its first page is stored, the second failed
    expect(await stored('vk', post)).toHaveLength(100)
    // not before the retry time
    const vkReads = () => emulator.reads.filter((r) => r.network === 'vk').length
    const reads = vkReads()
    await poll()
    expect(vkReads()).toBe(reads)
    await advance(61_000)
    const second = await poll()
    expect(second.failed).toEqual({})
    const rows = await stored('vk', post)
    expect(rows).toHaveLength(150)
    expect(new Set(rows.map((r) => r.networkCommentId)).size).toBe(150)
  })

  it('a deleted comment (kept by VK because it has replies) is withdrawn', async () => {
    const post = await published('vk')
    const c = say('vk', post, 'Почему нет света на улице Мира?', regionTime('2026-12-01T09:50'))
    say('vk', post, 'У нас тоже нет', regionTime('2026-12-01T09:55'), { replyTo: c.id })
    await poll()
    emulator.deleteComment('vk', c.id)
    const report = await poll()
    expect(report.withdrawn).toBe(1)
    const rows = await stored('vk', post)
    expect(rows.find((r) => r.networkCommentId === String(c.id))!.state).toBe('withdrawn')
    expect(rows.find((r) => r.networkCommentId !== String(c.id))!.state).toBe('registered')
  })
})

describe('OK: polling is the only intake (discussions.getComments)', () => {
  it('registers citizens’ comments of the group topic with their names, skips the group’s own, pages by anchor', async () => {
    const topic = await published('ok')
    const at = regionTime('2026-12-01T09:20')
    const first = say('ok', topic, 'Когда откроют поликлинику в Нефтеюганске?', at, {
      name: 'Светлана Кузнецова',
    })
    emulator.comment({
      network: 'ok',
      postId: topic,
      authorId: EMULATED.ok.groupId,
      authorName: 'Губернатор области (тест)',
      text: 'Ответим сегодня',
      at,
      replyTo: first.id,
    })
    for (let i = 0; i < 120; i++) say('ok', topic, `Вопрос ${i}`, at)
    const report = await poll()
    expect(report.failed).toEqual({})
    const rows = await stored('ok', topic)
    expect(rows).toHaveLength(121)
    const row = rows.find((r) => r.networkCommentId === String(first.id))!
    expect(row).toMatchObject({
      pageId: EMULATED.ok.groupId,
      authorName: 'Светлана Кузнецова',
      authorUrl: `https://ok.ru/profile/${first.authorId}`,
    })
    // OK's Moscow-time date read back to the same instant
    expect(row.leftAt.toISOString()).toBe(at.toISOString())
    const mine = emulator.reads.filter((r) => r.network === 'ok' && r.params.discussionId === topic)
    expect(mine[0]!.params).toMatchObject({
      discussionType: 'GROUP_TOPIC',
      direction: 'FORWARD',
      count: '100',
    })
    expect(mine[1]!.params.anchor).toBeTruthy()
    await poll()
    expect(await stored('ok', topic)).toHaveLength(121)
  })

  it('a rate limit (error 8) is retried later without duplicates', async () => {
    const topic = await published('ok')
    for (let i = 0; i < 130; i++) say('ok', topic, `Вопрос ${i}`, regionTime('2026-12-01T09:25'))
    emulator.injectRead('ok', 'none', 'rateLimited')
    expect((await poll()).failed.ok).toMatch(/OK 8/)
    await advance(61_000)
    expect((await poll()).failed).toEqual({})
    const rows = await stored('ok', topic)
    expect(rows).toHaveLength(130)
  })

  it('an approved answer to an OK comment waits for a person (OK has no reply method); posted once by hand', async () => {
    const topic = await published('ok')
    const c = say('ok', topic, 'Когда откроют детскую поликлинику?', regionTime('2026-12-01T09:10'))
    await poll()
    const [row] = (await stored('ok', topic)).filter((r) => r.networkCommentId === String(c.id))
    await clockTo('2026-12-01T12:00')
    const health = await t.client('deptOwn')
    const send = (who: ApiClient, v: number, p: Record<string, unknown>) =>
      who.post(`/api/comments/${row!.id}/events`, { ...p, expectedVersion: v })
    expect((await send(smc, 1, { type: 'TRIAGE', departmentId: 'health' })).status).toBe(200)
    const answer =
      'Здравствуйте! Детская поликлиника на улице Ленина, 5 откроется 15 декабря, приём с 8:00.'
    expect((await send(health, 2, { type: 'SUBMIT_ANSWER', text: answer })).status).toBe(200)
    expect((await send(smc, 3, { type: 'APPROVE_ANSWER', textVersion: 1 })).status).toBe(200)
    await t.server.deps.replies.pass()
    const detail = (await smc.get(`/api/comments/${row!.id}`)).body
    expect(detail.replies).toHaveLength(1)
    expect(detail.replies[0]).toMatchObject({ network: 'ok', mode: 'manual', state: 'manual' })
    const calls = emulator.posts.filter((p) => p.channel === 'ok' && p.text === answer)
    expect(calls).toHaveLength(0)
    const url = `https://ok.ru/group/${EMULATED.ok.groupId}/topic/${topic}`
    const ok = await smc.post(`/api/comments/${row!.id}/replies/${detail.replies[0].id}/confirm`, {
      sent: true,
      url,
    })
    expect(ok.status).toBe(200)
    expect((await smc.get(`/api/comments/${row!.id}`)).body.state).toBe('answered')
  })
})

describe('the registration rhythm of polled comments', () => {
  it('hourly: the next full working hour, at the next opening outside working time; immediate: at once', async () => {
    const post = await published('vk')
    const cases: Array<[string, string]> = [
      ['2026-12-01T13:25', '2026-12-01T14:00'], // lunch
      ['2026-12-01T19:40', '2026-12-02T09:00'], // evening
      ['2026-11-04T12:00', '2026-11-05T09:00'], // a holiday
    ]
    const made = cases.map(([left]) => say('vk', post, `Вопрос ${left}`, regionTime(left)))
    await poll()
    const rows = await stored('vk', post)
    cases.forEach(([, registered], i) => {
      const row = rows.find((r) => r.networkCommentId === String(made[i]!.id))!
      expect(row.registeredAt.toISOString()).toBe(regionTime(registered).toISOString())
    })
    process.env.VIZA_COMMENT_INTAKE = 'immediate'
    try {
      const now = say('vk', post, 'Сейчас', regionTime('2026-12-02T10:07'))
      await poll()
      const row = (await stored('vk', post)).find((r) => r.networkCommentId === String(now.id))!
      expect(row.registeredAt.toISOString()).toBe(regionTime('2026-12-02T10:07').toISOString())
    } finally {
      delete process.env.VIZA_COMMENT_INTAKE
    }
  })
})
