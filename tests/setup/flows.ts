import type { PostStateValue } from '../../src/domain/post-lifecycle'
import type { TestServer } from './test-server'

export const newRequest = (over: Record<string, unknown> = {}) => ({
  title: 'Открытие поликлиники',
  brief: 'Дата, число врачей, что изменится для жителей',
  departmentId: 'health',
  urgent: false,
  channels: ['telegram', 'vk'],
  ...over,
})

/** Drives a new post to `target` through the real API, as the people involved would. */
export async function postIn(
  t: TestServer,
  target: PostStateValue,
): Promise<{ id: string; version: number; textVersion: number }> {
  const editor = await t.client('editor')
  const created = await editor.post('/api/posts', newRequest())
  if (created.status !== 201)
    throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`)
  let post = created.body
  const step = async (
    who: Parameters<TestServer['client']>[0],
    payload: Record<string, unknown>,
  ) => {
    const r = await (await t.client(who)).event(post.id, post.version, payload)
    if (r.status !== 200)
      throw new Error(`${String(payload.type)}: ${r.status} ${JSON.stringify(r.body)}`)
    post = r.body
  }
  const path: Record<
    PostStateValue,
    Array<[Parameters<TestServer['client']>[0], () => Record<string, unknown>]>
  > = {
    draft: [],
    awaitingDepartment: [['editor', () => ({ type: 'SEND_REQUEST' })]],
    editing: [],
    awaitingGovernor: [],
    approved: [],
    publishing: [],
    published: [],
    cancelled: [['editor', () => ({ type: 'CANCEL', reason: 'Неактуально' })]],
    rejected: [],
  }
  path.editing = [
    ...path.awaitingDepartment,
    ['deptOwn', () => ({ type: 'SUBMIT_DRAFT', text: 'Поликлиника откроется 15 декабря.' })],
  ]
  path.awaitingGovernor = [...path.editing, ['editor', () => ({ type: 'SEND_TO_GOVERNOR' })]]
  path.approved = [
    ...path.awaitingGovernor,
    ['governor', () => ({ type: 'APPROVE', textVersion: post.textVersion })],
  ]
  path.publishing = [...path.approved, ['editor', () => ({ type: 'PUBLISH' })]]
  path.published = path.publishing
  path.rejected = [
    ...path.awaitingGovernor,
    ['governor', () => ({ type: 'REJECT', comment: 'Не сейчас' })],
  ]
  for (const [who, payload] of path[target]) await step(who, payload())
  if (target === 'published') {
    // No channel credentials in tests: the editor posts by hand and records each link.
    const editor = await t.client('editor')
    // an event answers with the new state; the ledger is on the post itself
    const { publications } = (await editor.get(`/api/posts/${post.id}`)).body
    for (const p of publications) {
      const r = await editor.post(`/api/posts/${post.id}/publications/${p.id}/confirm`, {
        sent: true,
        url: `https://example.org/${p.channel}/1`,
      })
      if (r.status !== 200) throw new Error(`confirm: ${r.status} ${JSON.stringify(r.body)}`)
      post = r.body
    }
    if (post.state !== 'published') throw new Error(`expected published, got ${post.state}`)
  }
  return { id: post.id, version: post.version, textVersion: post.textVersion }
}
