import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { comments } from '../../src/server/db/schema'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// The VK Callback API over real HTTP: confirmation, secret, repeats, malformed bodies, and the
// hourly registration rhythm on the test clock.

const GROUP = 218000111
const SECRET = 'callback-secret-2026'
let t: TestServer
let smc: ApiClient
let vk: ApiClient
const saved = { ...process.env }
const logged: Array<Record<string, unknown>> = []
const keep = (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, ...fields })

beforeAll(async () => {
  process.env.VK_CALLBACK_CONFIRMATION = 'a1b2c3d4'
  process.env.VK_CALLBACK_SECRET = SECRET
  process.env.VK_GROUP_ID = String(GROUP)
  delete process.env.VIZA_COMMENT_INTAKE // hourly, the regulation's rhythm
  // Tue 1 Dec 2026, 10:20 in the region
  t = await startTestServer({
    config: { testNow: new Date('2026-12-01T10:20:00+05:00') },
    log: { info: keep, warn: keep, error: keep },
  })
  smc = await t.client('editor')
  vk = t.anonymous()
}, 120_000)
afterAll(async () => {
  await t?.close()
  process.env = saved
})

let eventSeq = 0
const callback = (body: Record<string, unknown>) => vk.post('/api/integrations/vk/callback', body)
const replyNew = (id: number, at: string, extra: Record<string, unknown> = {}) => ({
  type: 'wall_reply_new',
  group_id: GROUP,
  event_id: `ev${++eventSeq}`,
  v: '5.199',
  secret: SECRET,
  object: {
    id,
    from_id: 5550001,
    date: Math.floor(Date.parse(at) / 1000),
    text: 'Когда починят освещение на улице Мира?',
    post_id: 777,
    owner_id: -GROUP,
    ...extra,
  },
})
const stored = async () => (await t.server.deps.database.db.select().from(comments)).length

describe('VK Callback API', () => {
  it('an event whose storing failed is taken when VK sends it again (nothing lost)', async () => {
    const before = await stored()
    const event = replyNew(150, '2026-12-01T10:12:00+05:00')
    const service = t.server.deps.comments
    const register = service.register.bind(service)
    service.register = () => Promise.reject(new Error('database unavailable'))
    try {
      expect((await callback(event)).status).toBe(500)
    } finally {
      service.register = register
    }
    expect(await stored()).toBe(before)
    // VK retries the same event_id: this time it is stored, once
    expect(await callback(event)).toEqual({ status: 200, body: 'ok' })
    expect(await callback(event)).toEqual({ status: 200, body: 'ok' })
    expect(await stored()).toBe(before + 1)
  })

  it('answers the confirmation request with the configured string', async () => {
    const r = await callback({ type: 'confirmation', group_id: GROUP })
    expect(r).toEqual({ status: 200, body: 'a1b2c3d4' })
    expect((await callback({ type: 'confirmation', group_id: 1 })).status).toBe(403)
  })

  it('refuses a wrong secret and another group; answers VK `ok` for a malformed object, storing nothing', async () => {
    const before = await stored()
    const bad = replyNew(1, '2026-12-01T10:10:00+05:00')
    expect((await callback({ ...bad, secret: 'wrong' })).status).toBe(403)
    expect((await callback({ ...bad, secret: `${SECRET}x` })).status).toBe(403)
    const { secret: _, ...unsigned } = bad
    expect((await callback(unsigned)).status).toBe(403)
    expect((await callback({ ...bad, group_id: 5 })).status).toBe(403)
    // VK itself (right secret and group): an error would pause its delivery, so `ok`, logged
    logged.length = 0
    expect(await callback({ ...bad, object: { id: 'x' } })).toEqual({ status: 200, body: 'ok' })
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'malformed object' }))
    expect(
      await callback({ ...replyNew(2, '2026-12-01T10:10:00+05:00'), event_id: undefined }),
    ).toEqual({ status: 200, body: 'ok' })
    // not VK at all
    expect((await callback({ type: 'wall_reply_new' })).status).toBe(400)
    expect((await vk.request('POST', '/api/integrations/vk/callback', '{"type":')).status).toBe(400)
    expect(await stored()).toBe(before)
  })

  it('without VK_CALLBACK_SECRET the callback is not configured: a forged delete withdraws nothing', async () => {
    await callback(replyNew(401, '2026-12-01T10:30:00+05:00'))
    delete process.env.VK_CALLBACK_SECRET
    logged.length = 0
    try {
      const forged = await callback({
        type: 'wall_reply_delete',
        group_id: GROUP,
        event_id: `forged${++eventSeq}`,
        object: { owner_id: -GROUP, id: 401, user_id: 5550001, post_id: 777 },
      })
      expect(forged.status).toBe(404)
      expect(forged.body.error.code).toBe('not_configured')
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: 'vk callback refused: not configured',
          missing: ['VK_CALLBACK_SECRET'],
        }),
      )
      // the admin's «Каналы» screen says so
      const admin = await t.client('admin')
      const { vkCallback } = (await admin.get('/api/admin/channels')).body
      expect(vkCallback).toEqual({ configured: false, missing: ['VK_CALLBACK_SECRET'] })
    } finally {
      process.env.VK_CALLBACK_SECRET = SECRET
    }
    const [row] = (await t.server.deps.database.db.select().from(comments)).filter(
      (c) => c.networkCommentId === '401',
    )
    expect(row!.state).not.toBe('withdrawn')
    const admin = await t.client('admin')
    expect((await admin.get('/api/admin/channels')).body.vkCallback).toEqual({
      configured: true,
      missing: [],
    })
  })

  it('a date far from now is not believed: no 500, nothing stored, the real copy is taken later', async () => {
    const before = await stored()
    const at = (date: number) => {
      const e = replyNew(501, '2026-12-01T10:10:00+05:00')
      return { ...e, object: { ...e.object, date } }
    }
    for (const date of [2 ** 53 - 1, 10 ** 12, Date.parse('2100-01-01T00:00:00Z') / 1000, 0])
      expect(await callback(at(date))).toEqual({ status: 200, body: 'ok' })
    expect(await stored()).toBe(before)
    // the real event (a new id, a real date) is stored
    expect((await callback(replyNew(501, '2026-12-01T10:10:00+05:00'))).body).toBe('ok')
    expect(await stored()).toBe(before + 1)
    // a few minutes ahead of our clock counts as now
    expect((await callback(replyNew(502, '2026-12-01T10:25:00+05:00'))).body).toBe('ok')
    const rows = await t.server.deps.database.db.select().from(comments)
    const ahead = rows.find((r) => r.networkCommentId === '502')!
    expect(ahead.leftAt.getTime()).toBeLessThanOrEqual(t.server.deps.clock.now().getTime())
  })

  it('takes only the governor’s wall; registers another community’s comment', async () => {
    const before = await stored()
    const other = replyNew(601, '2026-12-01T10:10:00+05:00', { owner_id: -42 })
    expect((await callback(other)).body).toBe('ok')
    expect(await stored()).toBe(before)
    expect(
      (await callback(replyNew(602, '2026-12-01T10:10:00+05:00', { from_id: -31337 }))).body,
    ).toBe('ok')
    const rows = await t.server.deps.database.db.select().from(comments)
    expect(rows.find((r) => r.networkCommentId === '602')).toMatchObject({
      authorUrl: 'https://vk.com/club31337',
    })
  })

  it('takes a new comment once, however often the event comes; ignores our own replies', async () => {
    const before = await stored()
    const event = replyNew(101, '2026-12-01T10:15:00+05:00')
    expect(await callback(event)).toEqual({ status: 200, body: 'ok' })
    expect(await callback(event)).toEqual({ status: 200, body: 'ok' })
    // the same comment in another event (a retry with a new id) is still one comment
    expect((await callback({ ...event, event_id: 'other' })).body).toBe('ok')
    expect(await stored()).toBe(before + 1)
    expect(
      (await callback(replyNew(103, '2026-12-01T10:15:00+05:00', { from_id: -GROUP }))).body,
    ).toBe('ok')
    expect(await stored()).toBe(before + 1)
  })

  it('registers at the next full working hour; across lunch, the evening and a holiday at the next opening', async () => {
    const cases: Array<[number, string, string]> = [
      [201, '2026-12-01T10:18:00+05:00', '2026-12-01T11:00:00+05:00'],
      [202, '2026-11-30T13:25:00+05:00', '2026-11-30T14:00:00+05:00'],
      [203, '2026-11-30T19:40:00+05:00', '2026-12-01T09:00:00+05:00'],
      [204, '2026-11-04T12:00:00+05:00', '2026-11-05T09:00:00+05:00'],
    ]
    for (const [id, left] of cases) expect((await callback(replyNew(id, left))).body).toBe('ok')
    const rows = await t.server.deps.database.db.select().from(comments)
    for (const [id, , registered] of cases) {
      const row = rows.find((r) => r.networkCommentId === String(id))!
      expect(row.registeredAt.toISOString()).toBe(new Date(registered).toISOString())
    }
    // the 10:18 comment is not in the queue before its 11:00 run, and is after it
    const ids = async () =>
      (await smc.get('/api/comments')).body.items.map((c: any) => c.authorUrl + c.leftAt)
    const queued = (await smc.get('/api/comments')).body.items
    expect(queued.some((c: any) => c.leftAt === new Date(cases[0]![1]).toISOString())).toBe(false)
    await vk.post('/api/test/clock', { at: '2026-12-01T11:00:30+05:00' })
    expect(
      (await ids()).some((s: string) => s.endsWith(new Date(cases[0]![1]).toISOString())),
    ).toBe(true)
  })

  it('a deleted comment leaves the queue', async () => {
    await callback(replyNew(301, '2026-12-01T10:30:00+05:00'))
    const r = await callback({
      type: 'wall_reply_delete',
      group_id: GROUP,
      event_id: `del${++eventSeq}`,
      secret: SECRET,
      object: { owner_id: -GROUP, id: 301, user_id: 5550001, post_id: 777 },
    })
    expect(r.body).toBe('ok')
    const [row] = (await t.server.deps.database.db.select().from(comments)).filter(
      (c) => c.networkCommentId === '301',
    )
    expect(row!.state).toBe('withdrawn')
  })

  it('a delete on another wall withdraws nothing', async () => {
    await callback(replyNew(302, '2026-12-01T10:30:00+05:00'))
    const r = await callback({
      type: 'wall_reply_delete',
      group_id: GROUP,
      event_id: `del${++eventSeq}`,
      secret: SECRET,
      object: { owner_id: 5550001, id: 302, user_id: 5550001, post_id: 777 },
    })
    expect(r).toEqual({ status: 200, body: 'ok' })
    const [row] = (await t.server.deps.database.db.select().from(comments)).filter(
      (c) => c.networkCommentId === '302',
    )
    expect(row!.state).not.toBe('withdrawn')
  })
})
