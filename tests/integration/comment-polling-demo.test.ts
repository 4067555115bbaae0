import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { comments, publications } from '../../src/server/db/schema'
import { newRequest } from '../setup/flows'
import { regionTime } from '../setup/moved-clock'
import { startTestServer, type TestServer } from '../setup/test-server'

// The demo database: its VK and OK pages have citizens whose comments keep arriving, and
// catch-up polling registers them like real ones — on the pages' own posts from when the demo
// was made, and on every post published to a demo page from its publication.

let t: TestServer
const START = regionTime('2026-12-01T10:30')
const saved = { ...process.env }

beforeAll(async () => {
  process.env.VIZA_COMMENT_INTAKE = 'immediate'
  t = await startTestServer({ demo: true, config: { testNow: START, commentPoll: { pauseMs: 0 } } })
}, 180_000)
afterAll(async () => {
  await t?.close()
  process.env = saved
})

const db = () => t.server.deps.database.db
const poll = () => t.server.deps.commentPoller.pass()
const advanceMinutes = async (m: number) =>
  (await t.client('editor')).post('/api/test/clock', { advanceMs: m * 60_000 })
const onPage = async (page: string) =>
  (await db().select().from(comments)).filter((c) => c.pageId === page)

describe('demo pages: a stream of comments arriving through polling', () => {
  it('the pages’ own posts get new comments as time passes, each registered once', async () => {
    const before = (await onPage('demo-vk')).length + (await onPage('demo-ok')).length
    await poll()
    expect((await onPage('demo-vk')).length + (await onPage('demo-ok')).length).toBe(before)
    await advanceMinutes(10)
    const report = await poll()
    expect(report.failed).toEqual({})
    expect(report.registered).toBeGreaterThanOrEqual(3)
    const vk = await onPage('demo-vk')
    expect(vk.some((c) => c.authorName === 'Дмитрий Соколов')).toBe(true)
    const ok = await onPage('demo-ok')
    expect(ok.some((c) => c.authorName === 'Галина Орлова')).toBe(true)
    // the SMC sees them in her queue (immediate registration here)
    const smc = await t.client('editor')
    const items = (await smc.get('/api/comments')).body.items as Array<{ authorName: string }>
    expect(items.some((c) => c.authorName === 'Дмитрий Соколов')).toBe(true)
    const total = vk.length + ok.length
    await poll()
    expect((await onPage('demo-vk')).length + (await onPage('demo-ok')).length).toBe(total)
  })

  it('a post published to the demo VK page gets its own comments a few minutes later', async () => {
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    let p = (await editor.post('/api/posts', newRequest({ departmentId: null, channels: ['vk'] })))
      .body
    p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
    p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Каток открыт до 23:00.' }))
      .body
    p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
    p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
    await t.server.deps.publisher.pass()
    const [pub] = await db()
      .select()
      .from(publications)
      .where(and(eq(publications.postId, p.id), eq(publications.channel, 'vk')))
    expect(pub!.state).toBe('sent')
    const under = async () =>
      (await onPage('demo-vk')).filter((c) => c.networkPostId === pub!.externalId)
    await poll()
    expect(await under()).toHaveLength(0)
    await advanceMinutes(4)
    await poll()
    const arrived = await under()
    expect(arrived.map((c) => c.authorName)).toEqual(['Елена Захарова'])
    expect(arrived[0]!.thread.postText).toBe('Открытие поликлиники')
  })
})
