import { setupServer } from 'msw/node'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createChannelEmulator, EMULATED } from '../../src/mocks/channels'
import { commentReplies, comments, users } from '../../src/server/db/schema'
import { emulatedAdapters } from '../setup/emulated-channels'
import { openSse } from '../setup/sse'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// Posting approved answers as replies from the governor's page, through the reply ledger:
// VK wall.createComment (emulated with faults), once per approved answer, the text checked
// against the approval before every attempt, unknown outcomes and failures shown to the SMC,
// and a network Viza cannot reply on (OK) answered by hand with the link.

const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)

let t: TestServer
let smc: ApiClient
let health: ApiClient
let seq = 0

// Tue 1 Dec 2026, 10:00 in the region
const START = new Date('2026-12-01T10:00:00+05:00')
const PAGE = `-${EMULATED.vk.groupId}`
const GOOD =
  'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина заделают до 5 декабря: подрядчик ООО «Дорожник» получил задание.'

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({ adapters: emulatedAdapters(300), config: { testNow: START } })
  ;[smc, health] = await Promise.all([t.client('editor'), t.client('deptOwn')])
}, 120_000)
afterAll(async () => {
  await t?.close()
  msw.close()
})
beforeEach(() => emulator.reset())

async function newComment(network: 'vk' | 'ok' = 'vk') {
  const now = t.server.deps.clock.now()
  const { id } = await t.server.deps.comments.register({
    network,
    pageId: network === 'vk' ? PAGE : EMULATED.ok.groupId,
    networkPostId: '55',
    networkCommentId: String(1000 + ++seq),
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text: 'Когда заделают яму у дома 14 на Ленина?',
    thread: { postText: 'Ремонт дорог', postUrl: `https://vk.com/wall${PAGE}_55`, earlier: [] },
    leftAt: now,
    registeredAt: now,
  })
  return id
}
const get = async (who: ApiClient, id: string) => (await who.get(`/api/comments/${id}`)).body
const send = (who: ApiClient, id: string, version: number, payload: Record<string, unknown>) =>
  who.post(`/api/comments/${id}/events`, { ...payload, expectedVersion: version })

/** Triaged, answered by the department and approved by the SMC: the comment is `posting`. */
async function approved(network: 'vk' | 'ok' = 'vk', text = GOOD, interim = false) {
  const id = await newComment(network)
  await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
  await send(health, id, 2, { type: 'SUBMIT_ANSWER', text, interim })
  const r = await send(smc, id, 3, { type: 'APPROVE_ANSWER', textVersion: 1 })
  expect(r.status).toBe(200)
  expect(r.body.state).toBe('posting')
  return id
}
const replies = () => emulator.posts.filter((p) => p.replyTo !== undefined)
const pass = () => t.server.deps.replies.pass()
const advance = (ms: number) => smc.post('/api/test/clock', { advanceMs: ms })

describe('an approved answer goes out as a reply from the page', () => {
  it('VK: wall.createComment as the community, in reply to the comment, once; the comment is answered with the link', async () => {
    const id = await approved()
    await pass()
    expect(replies()).toHaveLength(1)
    const sent = replies()[0]!
    expect(sent.text).toBe(GOOD)
    expect(sent.raw).toMatchObject({
      owner_id: PAGE,
      post_id: '55',
      from_group: EMULATED.vk.groupId,
      reply_to_comment: String(1000 + seq),
    })
    expect(sent.guid).toMatch(new RegExp(`^reply:${id}:v1$`))
    const detail = await get(smc, id)
    expect(detail.state).toBe('answered')
    const url = `https://vk.com/wall${PAGE}_55?reply=${sent.id}&thread=${1000 + seq}`
    expect(detail.links).toEqual([{ network: 'vk', url }])
    expect(detail.replies).toMatchObject([{ network: 'vk', mode: 'real', state: 'sent', url }])
    expect(detail.history.at(-1)).toMatchObject({ event: 'POSTED', toState: 'answered' })
    // the department sees the answer posted, not the ledger
    expect((await get(health, id)).replies).toEqual([])
    // later passes never send it again
    await pass()
    await pass()
    expect(replies()).toHaveLength(1)
  })

  it('an answer lost after VK received it is sent again with the same guid: still one reply', async () => {
    emulator.inject('vk', 'timeoutAfterReceive')
    const id = await approved()
    await pass()
    let detail = await get(smc, id)
    expect(detail.state).toBe('posting')
    expect(detail.replies[0]).toMatchObject({ state: 'queued', attempts: 1 })
    expect(detail.replies[0].error).toMatch(/нет ответа/)
    await advance(5_000)
    await pass()
    detail = await get(smc, id)
    expect(detail.state).toBe('answered')
    expect(detail.replies[0]).toMatchObject({ state: 'sent', attempts: 2 })
    expect(replies()).toHaveLength(1)
  })

  it('a refusal is shown to the SMC, with a safe retry only where the reply surely did not go', async () => {
    emulator.inject('vk', 'unauthorized')
    const id = await approved()
    await pass()
    let detail = await get(smc, id)
    expect(detail.state).toBe('posting')
    expect(detail.replies[0]).toMatchObject({ state: 'failed', canRetry: false })
    expect(detail.replies[0].error).toMatch(/VK 5/)
    expect(replies()).toHaveLength(0)
    const rid = detail.replies[0].id
    expect((await smc.post(`/api/comments/${id}/replies/${rid}/retry`, {})).status).toBe(422)

    emulator.inject('vk', 'vkFlood', 'vkFlood', 'vkFlood', 'vkFlood', 'vkFlood', 'vkFlood')
    const other = await approved()
    for (let i = 0; i < 6; i++) {
      await pass()
      await advance(120_000)
    }
    detail = await get(smc, other)
    expect(detail.replies[0]).toMatchObject({ state: 'failed', canRetry: true, attempts: 6 })
    const r = await smc.post(`/api/comments/${other}/replies/${detail.replies[0].id}/retry`, {})
    expect(r.status).toBe(200)
    await pass()
    expect((await get(smc, other)).state).toBe('answered')
    expect(replies()).toHaveLength(1)
  })

  it('nothing goes out when the text no longer matches the approval', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
    await send(health, id, 2, { type: 'SUBMIT_ANSWER', text: GOOD })
    // approved through the service, so no worker pass starts before the tampering below
    const [editor] = await t.server.deps.database.db
      .select()
      .from(users)
      .where(eq(users.role, 'editor'))
    const after = await t.server.deps.comments.applyEvent(
      { id: editor!.id, role: 'editor' },
      id,
      { type: 'APPROVE_ANSWER', textVersion: 1 },
      3,
      t.server.deps.clock.now(),
    )
    expect(after.state).toBe('posting')
    // a change behind the machine's back (no event could make it)
    await t.server.deps.database.db
      .update(comments)
      .set({ context: sql`jsonb_set(context, '{text}', '"Здравствуйте! Подделка."')` })
      .where(eq(comments.id, id))
    await pass()
    const detail = await get(smc, id)
    expect(detail.state).toBe('posting')
    expect(detail.replies[0]).toMatchObject({ state: 'failed', canRetry: false })
    expect(detail.replies[0].error).toMatch(/Текст изменился/)
    expect(replies()).toHaveLength(0)
  })

  it('a crash after the reply is recorded sent, before the comment moves: the next pass answers it', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
    await send(health, id, 2, { type: 'SUBMIT_ANSWER', text: GOOD })
    // approved through the service, so no worker pass starts before the "crash"
    const [editor] = await t.server.deps.database.db
      .select()
      .from(users)
      .where(eq(users.role, 'editor'))
    await t.server.deps.comments.applyEvent(
      { id: editor!.id, role: 'editor' },
      id,
      { type: 'APPROVE_ANSWER', textVersion: 1 },
      3,
      t.server.deps.clock.now(),
    )
    // what the process had written when it died: the row sent, the comment still posting
    const url = `https://vk.com/wall${PAGE}_55?reply=9&thread=1`
    await t.server.deps.database.db
      .update(commentReplies)
      .set({ state: 'sent', url })
      .where(eq(commentReplies.commentId, id))
    expect((await get(smc, id)).state).toBe('posting')
    await pass()
    const detail = await get(smc, id)
    expect(detail.state).toBe('answered')
    expect(detail.links).toEqual([{ network: 'vk', url }])
    expect(replies()).toHaveLength(0) // settled, nothing sent again
  })

  it('interim, then final: two replies, each once; the interim starts the final clock', async () => {
    const id = await approved(
      'vk',
      'Здравствуйте, Мария! Комиссия осмотрит дорогу 3 декабря, о решении сообщим до 10 декабря.',
      true,
    )
    await pass()
    let detail = await get(health, id)
    expect(detail.state).toBe('withDepartment')
    expect(detail.clock.kind).toBe('final')
    const final = await send(health, id, detail.version, { type: 'SUBMIT_ANSWER', text: GOOD })
    expect(final.status).toBe(200)
    const ok = await send(smc, id, final.body.version, { type: 'APPROVE_ANSWER', textVersion: 2 })
    expect(ok.body.state).toBe('posting')
    await pass()
    detail = await get(smc, id)
    expect(detail.state).toBe('answered')
    expect(detail.replies.map((r: { interim: boolean }) => r.interim)).toEqual([true, false])
    expect(detail.links).toHaveLength(2)
    expect(replies().map((r) => r.text)).toEqual([expect.stringContaining('Комиссия'), GOOD])
  })

  it('OK takes no replies from Viza: the SMC answers by hand and gives the link', async () => {
    const id = await approved('ok')
    await pass()
    let detail = await get(smc, id)
    expect(detail.state).toBe('posting')
    expect(detail.replies[0]).toMatchObject({ network: 'ok', mode: 'manual', state: 'manual' })
    expect(detail.replies[0].error).toMatch(/вручную/)
    const rid = detail.replies[0].id
    const path = `/api/comments/${id}/replies/${rid}/confirm`
    // the department may not, a link is required, "not sent" cannot queue a manual reply
    expect((await health.post(path, { sent: true, url: 'https://ok.ru/x' })).status).toBe(403)
    expect((await smc.post(path, { sent: true })).status).toBe(400)
    expect((await smc.post(path, { sent: false })).status).toBe(422)
    expect(
      (
        await smc.post(`/api/comments/${id}/replies/999999/confirm`, {
          sent: true,
          url: 'https://ok.ru/x',
        })
      ).status,
    ).toBe(404)
    const r = await smc.post(path, { sent: true, url: 'https://ok.ru/group/7001/topic/55' })
    expect(r.status).toBe(200)
    detail = r.body
    expect(detail.state).toBe('answered')
    expect(detail.links).toEqual([{ network: 'ok', url: 'https://ok.ru/group/7001/topic/55' }])
    expect(emulator.posts).toHaveLength(0)
  })
})

describe('the reply ledger on the live stream', () => {
  it('every ledger change sends the SMC a `comment` frame, though the comment does not move; departments hear none of them', async () => {
    const listen = async (who: ApiClient) => {
      const s = openSse(`${t.url}/api/events`, who.cookie)
      await s.waitFor((e) => e.some((x) => x.event === 'ready'))
      return s
    }
    const smcStream = await listen(smc)
    const ownStream = await listen(health)
    const otherStream = await listen(await t.client('deptOther'))
    type Frame = { commentId: string; event: string; state: string }
    const frames = (s: typeof smcStream) =>
      s.events
        .filter((e) => e.event === 'comment')
        .map((e) => JSON.parse(e.data) as Frame)
        .filter((f) => f.commentId === id)
    /** What the stream said about the comment after its approval. */
    const after = (s: typeof smcStream) => {
      const all = frames(s)
      const approval = all.findIndex((f) => f.event === 'APPROVE_ANSWER')
      return approval < 0 ? [] : all.slice(approval + 1).map((f) => `${f.event}:${f.state}`)
    }

    emulator.inject('vk', 'unauthorized')
    const id = await approved() // the approval wakes the reply worker
    await pass()
    // the attempt: claimed (sending), then refused (failed) — the comment stays `posting`
    await smcStream.waitFor(() => after(smcStream).length >= 2)
    expect(after(smcStream)).toEqual(['REPLY:posting', 'REPLY:posting'])
    const detail = await get(smc, id)
    expect(detail.state).toBe('posting')
    expect(detail.replies[0]).toMatchObject({ state: 'failed' })

    // her word ("it is there", with the link): a ledger frame, then POSTED moves the comment
    const r = await smc.post(`/api/comments/${id}/replies/${detail.replies[0].id}/confirm`, {
      sent: true,
      url: 'https://vk.com/wall-1_55?reply=9',
    })
    expect(r.status).toBe(200)
    await smcStream.waitFor(() => after(smcStream).includes('POSTED:answered'))
    expect(after(smcStream)).toEqual([
      'REPLY:posting',
      'REPLY:posting',
      'REPLY:posting',
      'POSTED:answered',
    ])

    // the department hears its comment's moves (POSTED included), never the ledger's; the
    // other department hears nothing of it
    await ownStream.waitFor(() => frames(ownStream).some((f) => f.event === 'POSTED'))
    expect(frames(ownStream).map((f) => f.event)).not.toContain('REPLY')
    expect(frames(otherStream)).toEqual([])
    for (const s of [smcStream, ownStream, otherStream]) s.close()
  })
})
