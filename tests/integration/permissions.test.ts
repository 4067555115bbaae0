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
import { startTestServer, type TestServer, type UserKey } from '../setup/test-server'

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
