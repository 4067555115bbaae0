import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { createChannelEmulator } from '../../src/mocks/channels'
import { emulatedAdapters } from '../setup/emulated-channels'
import { media } from '../../src/server/db/schema'
import { newRequest, postIn } from '../setup/flows'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)
let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    adapters: emulatedAdapters(),
  })
})
afterAll(async () => {
  await t?.close()
  msw.close()
})

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(2000, 7),
  Buffer.from([0xff, 0xd9]),
])
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 1),
])

async function upload(
  client: ApiClient,
  postId: string,
  expectedVersion: number,
  bytes: Buffer,
  name = 'фото.jpg',
  headers: Record<string, string> = { 'x-viza-upload': '1' },
) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)]), name)
  form.set('expectedVersion', String(expectedVersion))
  const res = await fetch(`${client.baseUrl}/api/posts/${postId}/media`, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookie, ...headers },
  })
  return { status: res.status, body: await res.json() }
}

describe('images on a post', () => {
  it('the department attaches an image to its draft; only its department can fetch it', async () => {
    const p = await postIn(t, 'awaitingDepartment')
    const own = await t.client('deptOwn')
    const r = await upload(own, p.id, p.version, JPEG)
    expect(r.status).toBe(200)
    expect(r.body.context.media).toEqual([
      expect.objectContaining({
        name: 'фото.jpg',
        mime: 'image/jpeg',
        bytes: JPEG.length,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ])
    expect(r.body.version).toBe(p.version + 1)
    const id = r.body.context.media[0].id
    const file = await fetch(`${t.url}/api/media/${id}`, { headers: { cookie: own.cookie } })
    expect(file.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await file.arrayBuffer()).equals(JPEG)).toBe(true)
    const other = await fetch(`${t.url}/api/media/${id}`, {
      headers: { cookie: (await t.client('deptOther')).cookie },
    })
    expect(other.status).toBe(404)
  })

  it('refuses what is not an image, a file over 10 MB, a missing upload header and a stale version', async () => {
    const p = await postIn(t, 'editing')
    const editor = await t.client('editor')
    expect(
      (await upload(editor, p.id, p.version, Buffer.from('<svg onload=alert(1)>'), 'x.jpg')).status,
    ).toBe(415)
    const big = Buffer.concat([JPEG.subarray(0, 4), Buffer.alloc(11 * 1024 * 1024)])
    const tooBig = await upload(editor, p.id, p.version, big)
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.error.message).toMatch(/10 МБ/)
    expect((await upload(editor, p.id, p.version, PNG, 'a.png', {})).status).toBe(415)
    const [before] = await t.server.deps.database.db.select({ n: count() }).from(media)
    const stale = await upload(editor, p.id, p.version - 1, PNG, 'a.png')
    expect(stale.status).toBe(409)
    const [after] = await t.server.deps.database.db.select({ n: count() }).from(media)
    expect(after!.n).toBe(before!.n) // the refused upload left nothing behind
    const ok = await upload(editor, p.id, p.version, PNG, 'a.png')
    expect(ok.body.context.media[0].mime).toBe('image/png')
  })

  it('the approval covers the images: attaching one afterwards needs a new approval', async () => {
    const p = await postIn(t, 'approved')
    const editor = await t.client('editor')
    const r = await upload(editor, p.id, p.version, JPEG)
    expect(r.body.state).toBe('awaitingGovernor')
    expect(r.body.context.approval).toBeNull()
    expect(r.body.versions.at(-1).media).toHaveLength(1)
  })

  it('an approved post with images reaches Telegram as a photo with caption, VK and OK with photos', async () => {
    emulator.reset()
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    let p = (
      await editor.post(
        '/api/posts',
        newRequest({ departmentId: null, channels: ['telegram', 'vk', 'ok'] }),
      )
    ).body
    p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
    p = (
      await editor.event(p.id, p.version, {
        type: 'EDIT_TEXT',
        text: 'Новый каток в Сургуте открыт',
      })
    ).body
    p = (await upload(editor, p.id, p.version, JPEG)).body
    p = (await upload(editor, p.id, p.version, PNG, 'b.png')).body
    p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
    p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
    await t.server.deps.publisher.pass()
    const d = (await editor.get(`/api/posts/${p.id}`)).body
    expect(d.state).toBe('published')
    expect(emulator.posts.map((x) => [x.channel, x.photos]).sort()).toEqual([
      ['ok', 2],
      ['telegram', 2],
      ['vk', 2],
    ])
  })

  it('a caption too long for a Telegram photo cannot be sent to the governor', async () => {
    const editor = await t.client('editor')
    let p = (
      await editor.post('/api/posts', newRequest({ departmentId: null, channels: ['telegram'] }))
    ).body
    p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
    p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Ю'.repeat(2000) })).body
    expect(p.allowedEvents).toContain('SEND_TO_GOVERNOR')
    p = (await upload(editor, p.id, p.version, JPEG)).body
    expect(p.allowedEvents).not.toContain('SEND_TO_GOVERNOR')
    const r = await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })
    expect(r.status).toBe(422)
    const rows = await t.server.deps.database.db.select().from(media).where(eq(media.postId, p.id))
    expect(rows).toHaveLength(1)
  })
})
