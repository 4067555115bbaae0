/** Issue 9, finding 10: live-stream replay is bounded, filtered in the query, and per-user limited. */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { rawQuery } from '../../src/server/db/client'
import { MAX_STREAMS_PER_USER, REPLAY_WINDOW } from '../../src/server/live/replay'
import { newRequest, postIn } from '../setup/flows'
import { openSse } from '../setup/sse'
import { startTestServer, type TestServer } from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.close())

const readyOf = (events: Array<{ event: string; data: string }>) =>
  JSON.parse(events.find((e) => e.event === 'ready')!.data) as {
    lastEventId: number
    reset: boolean
  }

describe('live-stream replay', () => {
  it('replays to a department only its own posts, from the query', async () => {
    const own = await t.client('deptOwn')
    const first = openSse(`${t.url}/api/events`, own.cookie)
    await first.waitFor((e) => e.some((x) => x.event === 'ready'))
    const from = readyOf(first.events).lastEventId
    first.close()
    const editor = await t.client('editor')
    const theirs = await editor.post('/api/posts', newRequest({ departmentId: 'transport' }))
    await editor.event(theirs.body.id, theirs.body.version, { type: 'SEND_REQUEST' })
    const mine = await postIn(t, 'awaitingDepartment')
    // wait until the bus has announced the rows, so they are replayed rather than pushed live
    const gov = openSse(`${t.url}/api/events`, (await t.client('governor')).cookie, from)
    await gov.waitFor(() =>
      gov.posts().some((p) => p.postId === mine.id && p.event === 'SEND_REQUEST'),
    )
    gov.close()
    const again = openSse(`${t.url}/api/events`, own.cookie, from)
    await again.waitFor((e) => e.some((x) => x.event === 'ready'))
    expect(readyOf(again.events).reset).toBe(false)
    const replayed = again.posts()
    expect(replayed.map((p) => p.postId)).toEqual([mine.id, mine.id])
    expect(replayed.some((p) => p.postId === theirs.body.id)).toBe(false)
    again.close()
  })

  it('a client too far behind (or from the future, or with a nonsense id) is told to reload, not sent the history', async () => {
    const db = t.server.deps.database.db
    const post = await postIn(t, 'draft')
    // More history than a replay may send, written at once.
    await db.execute(sql`insert into post_history
      (post_id, event, actor_id, actor_role, from_state, to_state, version, text_version, at, department_ids, payload)
      select ${post.id}, 'EDIT_TEXT', ${t.actors.editor.id}, 'editor', 'draft', 'draft', 1, 0, now(), '["transport"]'::jsonb, '{}'::jsonb
      from generate_series(1, ${REPLAY_WINDOW + 200})`)
    await db.execute(sql`select pg_notify('viza_events', '0')`)
    const editor = await t.client('editor')
    // Wait for the bus to see the new rows. (The database answers from its own thread, so the
    // server goes on serving requests while the bus reads them: ask the bus, not a stream.)
    const { rows } = await rawQuery<{ id: number }>(
      db,
      'select max(id)::int as id from post_history',
      [],
    )
    await vi.waitFor(() => expect(t.server.deps.bus.lastSeenId).toBe(rows[0]!.id))
    for (const lastEventId of ['0', '99999999999999999999', '9007199254740993', '-1']) {
      const res = await fetch(`${t.url}/api/events?lastEventId=${lastEventId}`, {
        headers: { cookie: editor.cookie },
      })
      expect(res.status).toBe(200)
      res.body!.cancel()
    }
    const stream = openSse(`${t.url}/api/events`, editor.cookie, 0)
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'))
    await new Promise((r) => setTimeout(r, 200))
    expect(readyOf(stream.events).reset).toBe(true)
    expect(stream.posts()).toEqual([])
    stream.close()
    const future = openSse(`${t.url}/api/events`, editor.cookie, 10 ** 12)
    await future.waitFor((e) => e.some((x) => x.event === 'ready'))
    expect(readyOf(future.events)).toMatchObject({ reset: true })
    expect(readyOf(future.events).lastEventId).toBeLessThan(10 ** 12)
    future.close()
  })

  it(`one person holds at most ${MAX_STREAMS_PER_USER} streams; closing one frees a place`, async () => {
    const gov = await t.client('governor')
    const streams = Array.from({ length: MAX_STREAMS_PER_USER }, () =>
      openSse(`${t.url}/api/events`, gov.cookie),
    )
    await Promise.all(streams.map((s) => s.waitFor((e) => e.some((x) => x.event === 'ready'))))
    const extra = await fetch(`${t.url}/api/events`, { headers: { cookie: gov.cookie } })
    expect(extra.status).toBe(429)
    expect((await extra.json()).error.code).toBe('too_many_streams')
    // someone else is not affected
    const other = openSse(`${t.url}/api/events`, (await t.client('editor')).cookie)
    await other.waitFor((e) => e.some((x) => x.event === 'ready'))
    other.close()
    streams.pop()!.close()
    const deadline = Date.now() + 5000
    let status = 429
    while (status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
      const r = await fetch(`${t.url}/api/events`, { headers: { cookie: gov.cookie } })
      status = r.status
      await r.body?.cancel()
    }
    expect(status).toBe(200)
    streams.forEach((s) => s.close())
  })
})
