import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, postVersions } from '../../src/server/db/schema'
import { newRequest } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ demo: true })
})
afterAll(async () => t?.close())

describe('an event answers with what the client needs, not the whole post', () => {
  it('the new state, version, text and next actions; the rest is on the post', async () => {
    const editor = await t.client('editor')
    const created = (await editor.post('/api/posts', newRequest({ departmentId: null }))).body
    let r = await editor.event(created.id, created.version, { type: 'WRITE_IN_HOUSE' })
    expect(r.status).toBe(200)
    r = await editor.event(created.id, r.body.version, { type: 'EDIT_TEXT', text: 'Первый текст' })
    expect(r.status).toBe(200)
    expect(Object.keys(r.body).sort()).toEqual([
      'allowedEvents',
      'context',
      'id',
      'state',
      'text',
      'textVersion',
      'updatedAt',
      'version',
    ])
    expect(r.body).toMatchObject({
      id: created.id,
      state: 'editing',
      version: 3,
      textVersion: 1,
      text: 'Первый текст',
    })
    expect(r.body.allowedEvents).toContain('SEND_TO_GOVERNOR')
    expect(r.body.context.text).toBe('Первый текст')

    // what the answer leaves out, the post itself has, already including this event
    const post = (await editor.get(`/api/posts/${created.id}`)).body
    expect(post.version).toBe(3)
    expect(post.history.at(-1)).toMatchObject({ event: 'EDIT_TEXT', version: 3 })
    expect(post.versions.at(-1)).toMatchObject({ number: 1, length: 'Первый текст'.length })
    expect(post.versions.at(-1)).not.toHaveProperty('text')
  })

  it('does not grow as the post ages', async () => {
    const editor = await t.client('editor')
    const created = (await editor.post('/api/posts', newRequest({ departmentId: null }))).body
    let version = (await editor.event(created.id, created.version, { type: 'WRITE_IN_HOUSE' })).body
      .version
    const sizes: number[] = []
    for (let n = 0; n < 30; n++) {
      const r = await editor.event(created.id, version, {
        type: 'EDIT_TEXT',
        text: `Версия ${String(n).padStart(2, '0')} — ${'текст '.repeat(50)}`,
      })
      expect(r.status).toBe(200)
      version = r.body.version
      sizes.push(JSON.stringify(r.body).length)
    }
    // 30 versions of 300 characters each: the whole post would be ~30 times the first answer
    expect(sizes.at(-1)! - sizes[0]!).toBeLessThan(100)
  })

  it("the post page lists versions without their texts; a version's text comes on demand", async () => {
    const editor = await t.client('editor')
    const created = (await editor.post('/api/posts', newRequest())).body
    let version = (await editor.event(created.id, created.version, { type: 'WRITE_IN_HOUSE' })).body
      .version
    const texts = [`Первый вариант${' текст'.repeat(200)}`, 'Второй вариант', 'Третий вариант']
    for (const text of texts) {
      version = (await editor.event(created.id, version, { type: 'EDIT_TEXT', text })).body.version
    }
    const post = (await editor.get(`/api/posts/${created.id}`)).body
    expect(
      post.versions.map((v: { number: number; length: number }) => [v.number, v.length]),
    ).toEqual(texts.map((text, i) => [i + 1, text.length]))
    // the long first version is not in the page
    expect(JSON.stringify(post)).not.toContain('Первый вариант')
    for (const [i, text] of texts.entries()) {
      const v = await editor.get(`/api/posts/${created.id}/versions/${i + 1}`)
      expect(v.status).toBe(200)
      expect(v.body).toMatchObject({ number: i + 1, text, authorRole: 'editor' })
      expect(v.body.authorName).toBeTruthy()
    }

    const missing = await editor.get(`/api/posts/${created.id}/versions/4`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toContain('нет версии 4')
    for (const bad of ['0', '-1', '1.5', 'abc', '99999999999']) {
      const r = await editor.get(`/api/posts/${created.id}/versions/${bad}`)
      expect(r.status, bad).toBe(400)
      expect(r.body.error.code).toBe('validation_failed')
    }
    // another department sees neither the post nor its versions, with the same wording
    const other = await t.client('deptOther')
    const hidden = await other.get(`/api/posts/${created.id}/versions/1`)
    expect(hidden.status).toBe(404)
    expect(hidden.body.error.message).toBe(
      (await other.get(`/api/posts/${created.id}`)).body.error.message,
    )
  })

  it('a stale screen still gets the whole current post with the 409', async () => {
    const editor = await t.client('editor')
    const created = (await editor.post('/api/posts', newRequest({ departmentId: null }))).body
    const r = await editor.event(created.id, created.version, { type: 'WRITE_IN_HOUSE' })
    const stale = await editor.event(created.id, created.version, {
      type: 'EDIT_TEXT',
      text: 'Со старой версии',
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.details.post).toMatchObject({ id: created.id, version: r.body.version })
    expect(stale.body.error.details.post.history).toHaveLength(2)
  })
})

describe('the transition statement stores a text exactly as it was sent', () => {
  it('quotes, backslashes, placeholders and SQL in the text reach the database unchanged', async () => {
    // On PGlite the statement goes with its values written in (server/db/client.ts).
    const text = "Мост «через Обь»: it's \\ done; $1 $22 '); delete from posts; -- 🌉\n\tконец"
    const editor = await t.client('editor')
    const created = (await editor.post('/api/posts', newRequest({ departmentId: null }))).body
    let r = await editor.event(created.id, created.version, { type: 'WRITE_IN_HOUSE' })
    r = await editor.event(created.id, r.body.version, { type: 'EDIT_TEXT', text })
    expect(r.status).toBe(200)
    // read back from the database itself, not the server's caches
    const { db } = t.server.deps.database
    const [row] = await db.select().from(posts).where(eq(posts.id, created.id))
    expect(row!.context.text).toBe(text)
    expect(row!.version).toBe(r.body.version)
    const versions = await db.select().from(postVersions).where(eq(postVersions.postId, created.id))
    expect(versions.map((v) => v.text)).toEqual([text])
    expect((await db.select().from(posts)).length).toBeGreaterThan(1)
  })
})
