import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventRoles,
  postEventTypes,
  postStates,
  type PostEventType,
  type PostStateValue,
} from '../../src/domain/post-lifecycle'
import { MAY } from '../fixtures/permissions'
import { postIn } from '../setup/flows'
import { createUser } from '../../src/server/seed'
import {
  ApiClient,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
  type UserKey,
} from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.close())

const people: UserKey[] = ['editor', 'governor', 'admin', 'deptOwn', 'deptOther']

function validPayload(type: PostEventType, textVersion: number): Record<string, unknown> {
  switch (type) {
    case 'SUBMIT_DRAFT':
    case 'EDIT_TEXT':
      return { type, text: `Новый текст ${Math.random()}` }
    case 'RETURN_TO_DEPARTMENT':
    case 'RETURN_TO_EDITOR':
    case 'REJECT':
      return { type, comment: 'Нужно иначе' }
    case 'CANCEL':
      return { type, reason: 'Неактуально' }
    case 'REASSIGN':
      return { type, departmentId: 'education' }
    case 'APPROVE':
      return { type, textVersion: Math.max(1, textVersion) }
    default:
      return { type }
  }
}

/** The status the API must answer, from the hand-written table (not from the machine). */
function expectedStatus(state: PostStateValue, who: UserKey, type: PostEventType): number {
  if (who === 'deptOther') return 404 // another department's post does not exist for them
  const role = who === 'deptOwn' ? 'department' : who
  if (!eventRoles[type].includes(role)) return 403
  return MAY[state][type]?.includes(who) ? 200 : 422
}

describe('every role × event × state through real HTTP', () => {
  for (const state of postStates) {
    it(`in ${state}`, async () => {
      const refusals: string[] = []
      for (const who of people) {
        const client = await t.client(who)
        // Images go through the upload endpoint (media tests); every other event through /events.
        for (const type of postEventTypes.filter(
          (t) => t !== 'ATTACH_MEDIA' && t !== 'DETACH_MEDIA',
        )) {
          const expected = expectedStatus(state, who, type)
          // Accepted events change the post: give each its own post in that state.
          const post = await postIn(t, state)
          const r = await client.event(post.id, post.version, validPayload(type, post.textVersion))
          if (r.status !== expected)
            refusals.push(
              `${who} ${type}: ${r.status} (expected ${expected}) ${JSON.stringify(r.body).slice(0, 160)}`,
            )
          if (r.status >= 400)
            expect(r.body.error).toMatchObject({
              code: expect.any(String),
              message: expect.any(String),
            })
          if (expected !== 200) {
            // A refused event changes nothing.
            const after = await (await t.client('editor')).get(`/api/posts/${post.id}`)
            expect(after.body.version).toBe(post.version)
          }
        }
      }
      expect(refusals).toEqual([])
    })
  }
})

describe('reading is scoped by role', () => {
  it("a department sees only its department's posts, in lists and by URL", async () => {
    const post = await postIn(t, 'awaitingDepartment')
    const own = await t.client('deptOwn')
    const other = await t.client('deptOther')
    expect((await own.get(`/api/posts/${post.id}`)).status).toBe(200)
    const hidden = await other.get(`/api/posts/${post.id}`)
    expect(hidden.status).toBe(404)
    expect(hidden.body.error.code).toBe('not_found')
    const list = await other.get('/api/posts?pageSize=200')
    expect(
      list.body.items.every((p: { departmentId: string }) => p.departmentId === 'transport'),
    ).toBe(true)
    const forced = await other.get('/api/posts?department=health')
    expect(forced.body.items).toEqual([])
  })

  it('a department account bound to no department sees nothing, and no read fails', async () => {
    // Issue 26, item 11: the comments' reads compared the department with a '\u0000'
    // placeholder, which PostgreSQL (and PGlite) reject in text: «invalid byte sequence for
    // encoding "UTF8": 0x00», a 500. One rule now answers "nothing" without a placeholder.
    const db = t.server.deps.database.db
    const now = t.server.deps.clock.now()
    await createUser(
      db,
      { login: 'unbound', name: 'Без департамента', role: 'department', password: TEST_PASSWORD },
      now,
    )
    const unbound = new ApiClient(t.url)
    await unbound.signIn('unbound', TEST_PASSWORD)
    const post = await postIn(t, 'awaitingDepartment')
    const { id: commentId } = await t.server.deps.comments.register({
      network: 'vk',
      pageId: '-100',
      networkPostId: '1',
      networkCommentId: 'unbound-1',
      authorName: 'Мария Иванова',
      authorUrl: 'https://vk.com/id1',
      text: 'Когда починят фонари?',
      thread: { postText: 'Освещение', postUrl: 'https://vk.com/wall-100_1', earlier: [] },
      leftAt: now,
      registeredAt: now,
    })

    const posts = await unbound.get('/api/posts?pageSize=200')
    expect(posts.status).toBe(200)
    expect(posts.body.items).toEqual([])
    const comments = await unbound.get('/api/comments')
    expect(comments.status).toBe(200)
    expect(comments.body.items).toEqual([])
    const counts = await unbound.get('/api/comments/counts')
    expect(counts.status).toBe(200)
    expect(counts.body.overdue).toBe(0)
    expect(Object.values(counts.body.byState).every((n) => n === 0)).toBe(true)
    expect((await unbound.get(`/api/posts/${post.id}`)).status).toBe(404)
    expect((await unbound.get(`/api/comments/${commentId}`)).status).toBe(404)
    // the SMC sees both: the rule hides them from this account only
    const smc = await t.client('editor')
    expect((await smc.get(`/api/comments/${commentId}`)).status).toBe(200)
  })

  it('the actor in a forged body is ignored: the session decides', async () => {
    const post = await postIn(t, 'awaitingGovernor')
    const editor = await t.client('editor')
    const r = await editor.post(`/api/posts/${post.id}/events`, {
      type: 'APPROVE',
      textVersion: post.textVersion,
      expectedVersion: post.version,
      actor: { id: t.actors.governor.id, role: 'governor' },
    })
    expect(r.status).toBe(403)
    const detail = await editor.get(`/api/posts/${post.id}`)
    expect(detail.body.state).toBe('awaitingGovernor')
  })

  it('allowedEvents in the post follow the machine for the signed-in user', async () => {
    const post = await postIn(t, 'awaitingGovernor')
    const gov = await (await t.client('governor')).get(`/api/posts/${post.id}`)
    expect(gov.body.allowedEvents).toEqual([
      'EDIT_TEXT',
      'DETACH_MEDIA',
      'APPROVE',
      'RETURN_TO_EDITOR',
      'REJECT',
    ])
    const ed = await (await t.client('editor')).get(`/api/posts/${post.id}`)
    expect(ed.body.allowedEvents).toEqual(['CANCEL'])
  })

  it('only the editor and the governor create requests; the governor’s is urgent', async () => {
    const body = {
      title: 'Поручение',
      brief: 'Подготовить',
      departmentId: 'health',
      channels: ['telegram'],
      urgent: false,
    }
    expect((await (await t.client('deptOwn')).post('/api/posts', body)).status).toBe(403)
    expect((await (await t.client('admin')).post('/api/posts', body)).status).toBe(403)
    const gov = await (await t.client('governor')).post('/api/posts', body)
    expect(gov.status).toBe(201)
    expect(gov.body.urgent).toBe(true)
  })
})
