import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSse } from '../setup/sse'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// The SMC's comment queue over real HTTP: the list's filters and order, the counts behind its
// groups and her nav badge, the running clock's kind on every row (the department's list and
// answer screen must agree), and comment changes on the live stream, each to whom may see them.

let t: TestServer
let smc: ApiClient
let admin: ApiClient
let health: ApiClient
let transport: ApiClient
let governor: ApiClient
let seq = 0

// Tue 1 Dec 2026, 10:00 in the region
const START = new Date('2026-12-01T10:00:00+05:00')

beforeAll(async () => {
  t = await startTestServer({ config: { testNow: START } })
  ;[smc, admin, health, transport, governor] = await Promise.all([
    t.client('editor'),
    t.client('admin'),
    t.client('deptOwn'),
    t.client('deptOther'),
    t.client('governor'),
  ])
}, 120_000)
afterAll(async () => {
  await t?.close()
})

async function newComment(text = 'Когда заделают яму у дома 14 на Ленина?') {
  const now = t.server.deps.clock.now()
  const { id } = await t.server.deps.comments.register({
    network: 'vk',
    pageId: '-100',
    networkPostId: '55',
    networkCommentId: `q${++seq}`,
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text,
    thread: { postText: 'Ремонт дорог', postUrl: 'https://vk.com/wall-100_55', earlier: [] },
    leftAt: now,
    registeredAt: now,
  })
  return id
}
const send = (who: ApiClient, id: string, version: number, payload: Record<string, unknown>) =>
  who.post(`/api/comments/${id}/events`, { ...payload, expectedVersion: version })
const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((c) => c.id)

describe('the queue', () => {
  let fresh: string, toHealth: string, priorityToTransport: string, dismissed: string

  beforeAll(async () => {
    fresh = await newComment('Новый комментарий')
    toHealth = await newComment('Про поликлинику')
    await send(smc, toHealth, 1, { type: 'TRIAGE', departmentId: 'health' })
    priorityToTransport = await newComment('Про автобус')
    await send(smc, priorityToTransport, 1, {
      type: 'TRIAGE',
      departmentId: 'transport',
      priority: true,
    })
    dismissed = await newComment('Спасибо за каток!')
    await send(smc, dismissed, 1, { type: 'DISMISS', reason: 'thanks' })
  })

  it('filters by state and by department; a department never sees past its own', async () => {
    const open = await smc.get('/api/comments?state=registered,withDepartment,inReview,posting')
    expect(open.status).toBe(200)
    expect(ids(open)).toEqual(expect.arrayContaining([fresh, toHealth, priorityToTransport]))
    expect(ids(open)).not.toContain(dismissed)

    const closed = await smc.get('/api/comments?state=noAnswerNeeded')
    expect(ids(closed)).toContain(dismissed)
    expect(ids(closed)).not.toContain(fresh)

    const health_ = await smc.get('/api/comments?department=health')
    expect(ids(health_)).toContain(toHealth)
    expect(ids(health_)).not.toContain(priorityToTransport)
    expect(ids(health_)).not.toContain(fresh) // not routed yet: no department

    // the admin sees the queue as the SMC does
    expect(ids(await admin.get('/api/comments?department=transport'))).toContain(
      priorityToTransport,
    )
    // a department asking for another's gets its own, never the other's
    const sneaky = await health.get('/api/comments?department=transport')
    expect(ids(sneaky)).toContain(toHealth)
    expect(ids(sneaky)).not.toContain(priorityToTransport)
  })

  it('a state that does not exist is a 400 with a readable message, not an empty list', async () => {
    const r = await smc.get('/api/comments?state=registered,deleted')
    expect(r.status).toBe(400)
    expect(r.body.error.message).toMatch(/Состояние/)
  })

  it('orders the clocked comments by deadline: the priority one (4 working hours) first', async () => {
    const r = await smc.get('/api/comments?state=withDepartment')
    const order = ids(r)
    expect(order.indexOf(priorityToTransport)).toBeLessThan(order.indexOf(toHealth))
    const row = r.body.items.find((c: { id: string }) => c.id === priorityToTransport)
    expect(row).toMatchObject({ clockKind: 'priority', priority: true, replyTrouble: false })
    // the first clock counts from registration
    expect(row.clockStartedAt).toBe(row.registeredAt)
  })

  it('counts per state, overdue, and what waits for the SMC; a department counts its own', async () => {
    const all = await smc.get('/api/comments/counts')
    expect(all.status).toBe(200)
    const list = await smc.get('/api/comments')
    const byState = (s: string) =>
      list.body.items.filter((c: { state: string }) => c.state === s).length
    for (const s of ['registered', 'withDepartment', 'noAnswerNeeded'])
      expect(all.body.byState[s]).toBe(byState(s))
    expect(all.body.waitingForSmc).toBe(
      all.body.byState.registered + all.body.byState.inReview + all.body.replyTrouble,
    )
    const onlyHealth = await smc.get('/api/comments/counts?department=health')
    expect(onlyHealth.body.byState.registered).toBe(0)
    expect(onlyHealth.body.byState.withDepartment).toBeGreaterThanOrEqual(1)

    const dept = await transport.get('/api/comments/counts')
    expect(dept.body.waitingForSmc).toBe(0)
    expect(dept.body.byState.withDepartment).toBe(
      ids(await transport.get('/api/comments?state=withDepartment')).length,
    )
  })
})

describe('the clock on the list is the answer screen’s clock', () => {
  it('after an interim answer is posted, both say: the final answer, 7 working days', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
    await send(health, id, 2, {
      type: 'SUBMIT_ANSWER',
      text: 'Здравствуйте, Мария! Комиссия осмотрит дорогу 3 декабря, о решении сообщим до 10 декабря.',
      interim: true,
    })
    expect((await send(smc, id, 3, { type: 'APPROVE_ANSWER', textVersion: 1 })).status).toBe(200)
    await t.server.deps.comments.applySystemEvent(id, { type: 'POSTED' }, t.server.deps.clock.now())
    const detail = (await health.get(`/api/comments/${id}`)).body
    const row = (await health.get('/api/comments')).body.items.find(
      (c: { id: string }) => c.id === id,
    )
    expect(detail.clock.kind).toBe('final')
    expect(row).toMatchObject({
      clockKind: 'final',
      clockStartedAt: detail.clock.startedAt,
      deadlineAt: detail.clock.dueAt,
    })
  })
})

describe('live updates', () => {
  it('a comment change reaches the SMC, the governor and the department it concerns, and no other', async () => {
    const streams = {
      smc: openSse(`${t.url}/api/events`, smc.cookie),
      // the governor may read every comment, so he hears every change (issue 26, item 11)
      governor: openSse(`${t.url}/api/events`, governor.cookie),
      health: openSse(`${t.url}/api/events`, health.cookie),
      transport: openSse(`${t.url}/api/events`, transport.cookie),
    }
    try {
      for (const s of Object.values(streams))
        await s.waitFor((e) => e.some((x) => x.event === 'ready'))
      const id = await newComment('Когда откроют бассейн?')
      // registration: the SMC hears it; no department yet
      for (const s of [streams.smc, streams.governor])
        await s.waitFor((e) =>
          e.some((x) => x.event === 'comment' && JSON.parse(x.data).commentId === id),
        )
      await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
      await streams.health.waitFor((e) =>
        e.some(
          (x) =>
            x.event === 'comment' &&
            JSON.parse(x.data).commentId === id &&
            JSON.parse(x.data).event === 'TRIAGE',
        ),
      )
      const frame = streams.health.events.find((x) => x.event === 'comment')!
      expect(JSON.parse(frame.data)).toMatchObject({ commentId: id, state: 'withDepartment' })
      // a comment frame carries no id: it never moves the replay position of post events
      expect(frame.id).toBeUndefined()
      // reassigned: the department it left hears that it left, the new one that it came
      await send(smc, id, 2, { type: 'REASSIGN', departmentId: 'transport' })
      await streams.transport.waitFor((e) =>
        e.some((x) => x.event === 'comment' && JSON.parse(x.data).event === 'REASSIGN'),
      )
      await streams.health.waitFor((e) =>
        e.some((x) => x.event === 'comment' && JSON.parse(x.data).event === 'REASSIGN'),
      )
      // transport heard nothing about the comment before it was theirs
      expect(
        streams.transport.events.filter(
          (x) => x.event === 'comment' && JSON.parse(x.data).event !== 'REASSIGN',
        ),
      ).toEqual([])
    } finally {
      for (const s of Object.values(streams)) s.close()
    }
  })
})
