import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { postHistory } from '../../src/server/db/schema'
import { newRequest, postIn } from '../setup/flows'
import { openSse } from '../setup/sse'
import { freshDatabase, startTestServer, type TestServer } from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.close())

describe('live updates (Server-Sent Events)', () => {
  it('pushes each change to those allowed to see it, and to no one else', async () => {
    const own = await t.client('deptOwn')
    const other = await t.client('deptOther')
    const ownStream = openSse(`${t.url}/api/events`, own.cookie)
    const otherStream = openSse(`${t.url}/api/events`, other.cookie)
    const govStream = openSse(`${t.url}/api/events`, (await t.client('governor')).cookie)
    await Promise.all(
      [ownStream, otherStream, govStream].map((s) =>
        s.waitFor((e) => e.some((x) => x.event === 'ready')),
      ),
    )

    const post = await postIn(t, 'awaitingDepartment')
    await ownStream.waitFor(() =>
      ownStream.posts().some((p) => p.postId === post.id && p.event === 'SEND_REQUEST'),
    )
    await govStream.waitFor(() =>
      govStream.posts().some((p) => p.postId === post.id && p.event === 'SEND_REQUEST'),
    )
    // a transport post is what the other department does see
    const editor = await t.client('editor')
    const theirs = await editor.post('/api/posts', newRequest({ departmentId: 'transport' }))
    await otherStream.waitFor(() => otherStream.posts().some((p) => p.postId === theirs.body.id))
    expect(otherStream.posts().some((p) => p.postId === post.id)).toBe(false)
    ;[ownStream, otherStream, govStream].forEach((s) => s.close())
  })

  it('a new client without Last-Event-ID gets only what happens from now on', async () => {
    await postIn(t, 'editing') // history before the client connects
    const gov = await t.client('governor')
    const stream = openSse(`${t.url}/api/events`, gov.cookie)
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'))
    await new Promise((r) => setTimeout(r, 300))
    expect(stream.posts()).toEqual([])
    const later = await postIn(t, 'draft')
    await stream.waitFor(() => stream.posts().some((p) => p.postId === later.id))
    expect(stream.posts().map((p) => p.postId)).toEqual([later.id])
    stream.close()
  })

  it('replays what a client missed when it reconnects with Last-Event-ID', async () => {
    const gov = await t.client('governor')
    const first = openSse(`${t.url}/api/events`, gov.cookie)
    await first.waitFor((e) => e.some((x) => x.event === 'ready'))
    const lastId = Number(first.events.find((e) => e.event === 'ready')!.id)
    first.close()
    const missed = await postIn(t, 'editing')
    const again = openSse(`${t.url}/api/events`, gov.cookie, lastId)
    await again.waitFor(() => again.posts().filter((p) => p.postId === missed.id).length >= 3)
    expect(
      again
        .posts()
        .filter((p) => p.postId === missed.id)
        .map((p) => p.event),
    ).toEqual(['CREATED', 'SEND_REQUEST', 'SUBMIT_DRAFT'])
    again.close()
  })
})

describe('deadlines pass on the server clock', () => {
  it('records DEADLINE_PASSED once, marks the post overdue, and the filter finds it', async () => {
    const editor = await t.client('editor')
    const created = await editor.post('/api/posts', newRequest({ urgent: true }))
    await editor.event(created.body.id, created.body.version, { type: 'SEND_REQUEST' })
    const sent = await editor.get(`/api/posts/${created.body.id}`)
    expect(sent.body.deadlineUnit).toBe('hours')
    const due = new Date(sent.body.deadlineAt).getTime()
    expect(due - new Date(sent.body.clockStartedAt).getTime()).toBe(3 * 3_600_000)
    await editor.post('/api/test/clock', { advanceMs: 3 * 3_600_000 + 60_000 })
    await t.server.deps.sweeper.sweep()
    await t.server.deps.sweeper.sweep()
    const after = await editor.get(`/api/posts/${created.body.id}`)
    expect(after.body.overdue).toBe(true)
    expect(
      after.body.history.filter((h: { event: string }) => h.event === 'DEADLINE_PASSED'),
    ).toHaveLength(1)
    const overdueList = await editor.get('/api/posts?overdue=true')
    expect(overdueList.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id)
  })
})

describe.runIf(!!process.env.DATABASE_URL)('two server processes on one PostgreSQL', () => {
  it('a change accepted by one reaches the live clients of the other; overdue is recorded once', async () => {
    const database = await freshDatabase()
    const a = await startTestServer({ database })
    const b = await startTestServer({ database })
    try {
      const watcher = openSse(`${b.url}/api/events`, (await b.client('governor')).cookie)
      await watcher.waitFor((e) => e.some((x) => x.event === 'ready'))
      const post = await postIn(a, 'awaitingDepartment')
      await watcher.waitFor(() =>
        watcher.posts().some((p) => p.postId === post.id && p.event === 'SEND_REQUEST'),
      )
      watcher.close()

      const editor = await a.client('editor')
      await editor.post('/api/test/clock', { advanceMs: 3 * 86_400_000 })
      await (await b.client('editor')).post('/api/test/clock', { advanceMs: 3 * 86_400_000 })
      await Promise.all([
        a.server.deps.sweeper.sweep(),
        b.server.deps.sweeper.sweep(),
        a.server.deps.sweeper.sweep(),
      ])
      const rows = await a.server.deps.database.db
        .select()
        .from(postHistory)
        .where(and(eq(postHistory.postId, post.id), eq(postHistory.event, 'DEADLINE_PASSED')))
      expect(rows).toHaveLength(1)
    } finally {
      await a.close()
      await b.close()
      await database.drop()
    }
  })
})
