import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashContent } from '../../src/domain/post-lifecycle'
import { newRequest } from '../setup/flows'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(1500, 9),
  Buffer.from([0xff, 0xd9]),
])

async function upload(client: ApiClient, postId: string, expectedVersion: number) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(JPEG)]), 'мост.jpg')
  form.set('expectedVersion', String(expectedVersion))
  const res = await fetch(`${client.baseUrl}/api/posts/${postId}/media`, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookie, 'x-viza-upload': '1' },
  })
  return { status: res.status, body: await res.json() }
}

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ demo: true })
})
afterAll(async () => t?.close())

/** A request answered by the department: photo first, then the text (the natural order). */
async function withMaterial() {
  const editor = await t.client('editor')
  const dept = await t.client('deptOwn')
  let p = (await editor.post('/api/posts', newRequest({ channels: ['telegram', 'vk', 'ok'] }))).body
  p = (await editor.event(p.id, p.version, { type: 'SEND_REQUEST' })).body
  const seen = p // the department opens the request and starts typing on this version
  p = (await upload(dept, p.id, p.version)).body
  expect(p.textVersion).toBe(seen.textVersion + 1)
  const submitted = await dept.event(p.id, p.version, {
    type: 'SUBMIT_DRAFT',
    text: 'Мост через Обь откроют 20 декабря.',
    textVersion: p.textVersion,
  })
  expect(submitted.status).toBe(200)
  // the event answers with the new state; the post page has the material and the versions
  return (await editor.get(`/api/posts/${p.id}`)).body
}

describe('what a person sees is what they act on, over HTTP', () => {
  it('the department material is its last submission, with the photo attached before the text', async () => {
    const p = await withMaterial()
    expect(p.departmentMaterial).toMatchObject({ textVersion: p.textVersion })
    const version = p.versions.find(
      (v: { number: number }) => v.number === p.departmentMaterial.textVersion,
    )
    expect(p.departmentMaterial.text).toBe('Мост через Обь откроют 20 декабря.')
    expect(version.media).toHaveLength(1)
  })

  it('the editor sends up the text on her screen; the governor approves his edit in one request', async () => {
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    let p = await withMaterial()
    const smcText = 'Мост через Обь откроют 20 декабря, движение — с 8:00.'
    const sent = await editor.event(p.id, p.version, {
      type: 'SEND_TO_GOVERNOR',
      text: smcText,
      textVersion: p.textVersion,
    })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ state: 'awaitingGovernor', text: smcText })
    p = (await editor.get(`/api/posts/${p.id}`)).body
    expect(p.sentToGovernor).toMatchObject({ textVersion: p.textVersion, text: smcText })
    expect(p.versions.at(-1)).toMatchObject({ length: smcText.length, authorRole: 'editor' })

    const govText = `${smcText} Берегите себя!`
    const approved = await gov.event(p.id, p.version, {
      type: 'APPROVE',
      text: govText,
      textVersion: p.textVersion,
    })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ state: 'approved', text: govText })
    p = (await gov.get(`/api/posts/${p.id}`)).body
    expect(p.state).toBe('approved')
    expect(p.text).toBe(govText)
    expect(p.versions.at(-1)).toMatchObject({ length: govText.length, authorRole: 'governor' })
    const last = (await gov.get(`/api/posts/${p.id}/versions/${p.textVersion}`)).body
    expect(last).toMatchObject({ text: govText, authorRole: 'governor' })
    expect(p.context.approval.hash).toBe(hashContent({ text: govText, media: p.context.media }))
    expect(p.history.at(-1)).toMatchObject({ event: 'APPROVE', textVersion: p.textVersion })
  })

  it('if the post changed meanwhile: 409 with the current text, nothing approved', async () => {
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    let p = await withMaterial()
    p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    const seen = p
    // The governor's other tab saves an edit first.
    p = (await gov.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Текст из другой вкладки.' }))
      .body
    for (const [expectedVersion, textVersion] of [
      [seen.version, seen.textVersion], // stale post version
      [p.version, seen.textVersion], // current post version, stale text version
    ]) {
      const r = await gov.event(p.id, expectedVersion, {
        type: 'APPROVE',
        text: 'То, что было у меня на экране.',
        textVersion,
      })
      expect(r.status).toBe(409)
      expect(r.body.error.details.post.text).toBe('Текст из другой вкладки.')
    }
    const now = (await gov.get(`/api/posts/${p.id}`)).body
    expect(now).toMatchObject({ state: 'awaitingGovernor', text: 'Текст из другой вкладки.' })
    expect(now.context.approval).toBeNull()
  })

  it('a text too long for a Telegram caption is refused with the reason, nothing saved', async () => {
    const editor = await t.client('editor')
    const p = await withMaterial()
    const r = await editor.event(p.id, p.version, {
      type: 'SEND_TO_GOVERNOR',
      text: 'Ю'.repeat(1100),
      textVersion: p.textVersion,
    })
    expect(r.status).toBe(422)
    const after = (await editor.get(`/api/posts/${p.id}`)).body
    expect(after).toMatchObject({ state: 'editing', version: p.version, text: p.text })
  })
})

describe('demo channels on the demo database', () => {
  it('say so, and publish ends «published» with a link per channel', async () => {
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    const modes = (await editor.get('/api/channels')).body.items
    expect(modes).toEqual([
      { channel: 'telegram', mode: 'demo' },
      { channel: 'vk', mode: 'demo' },
      { channel: 'ok', mode: 'demo' },
      { channel: 'max', mode: 'demo' },
      { channel: 'manual', mode: 'manual' },
    ])
    let p = await withMaterial()
    p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
    p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
    await t.server.deps.publisher.pass()
    p = (await editor.get(`/api/posts/${p.id}`)).body
    expect(p.state).toBe('published')
    expect(p.publications.map((x: { mode: string; state: string }) => [x.mode, x.state])).toEqual([
      ['demo', 'sent'],
      ['demo', 'sent'],
      ['demo', 'sent'],
    ])
    expect(p.context.links).toHaveLength(3)
    const received = (await editor.get('/api/demo-channels')).body.items.filter(
      (x: { postId: string }) => x.postId === p.id,
    )
    expect(received.map((x: { channel: string }) => x.channel).sort()).toEqual([
      'ok',
      'telegram',
      'vk',
    ])
    expect(received[0]).toMatchObject({ text: p.text, images: [{ name: 'мост.jpg' }] })
    // A department contact never sees the demo channels' page.
    expect((await (await t.client('deptOwn')).get('/api/demo-channels')).status).toBe(403)
  })
})
