import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { eq } from 'drizzle-orm'
import { createChannelEmulator } from '../../src/mocks/channels'
import { notificationOutbox, users } from '../../src/server/db/schema'
import type { Sender } from '../../src/server/notifications/sender'
import { emulatedAdapters } from '../setup/emulated-channels'
import { newRequest } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

/** «Publication failed or needs a person» reaches the SMC at once (issue 13). */
const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)
const mails: Array<{ to: string; title: string; body: string; url: string }> = []
/** The trouble mails about one post (the governor's approval is mailed to the SMC too). */
const troubleMails = (postId: string) =>
  mails.filter((m) => m.url.endsWith(postId) && m.title.startsWith('Публикация'))
const email: Sender = {
  channel: 'email',
  reaches: (r) => !!r.email,
  async send(to, m) {
    mails.push({ to: to.email!, title: m.title, body: m.body, url: m.url })
    return { ok: true }
  },
}

let t: TestServer
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  t = await startTestServer({
    adapters: emulatedAdapters(300),
    config: {
      publicUrl: 'https://viza.example.ru',
      // an hour between passes: only the publisher's poke can deliver in time
      notify: { senders: [email], intervalMs: 3_600_000, quietHours: false },
    },
  })
  const db = t.server.deps.database.db
  await db.update(users).set({ email: 'editor@example.ru' }).where(eq(users.login, 'editor'))
  await db.update(users).set({ email: 'health@example.ru' }).where(eq(users.login, 'health'))
})
afterAll(async () => {
  await t?.close()
  msw.close()
})
beforeEach(() => emulator.reset())

async function publishing(channels: string[]) {
  const editor = await t.client('editor')
  const gov = await t.client('governor')
  let p = (await editor.post('/api/posts', newRequest({ departmentId: null, channels }))).body
  p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
  p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Итоги недели' })).body
  p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
  p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
  p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
  expect(p.state).toBe('publishing')
  return p as { id: string }
}

type Item = { postId: string; kind: string; title: string; body: string; path: string }
const troubleOf = async (who: 'editor' | 'deptOwn', postId: string) =>
  ((await (await t.client(who)).get('/api/notifications')).body.items as Item[]).filter(
    (i) => i.postId === postId && i.kind === 'publicationTrouble',
  )

describe('publication trouble', () => {
  it('a channel that refuses for good: the SMC is told at once, with the channel and the reason', async () => {
    emulator.inject('ok', 'unauthorized')
    const p = await publishing(['telegram', 'ok'])
    await t.server.deps.publisher.pass()
    // delivered by the publisher's poke, not by the notifier's hourly pass
    await vi.waitFor(async () => expect(await troubleOf('editor', p.id)).toHaveLength(1), {
      timeout: 5000,
      interval: 100,
    })
    const [n] = await troubleOf('editor', p.id)
    expect(n).toMatchObject({
      title: 'Публикация не прошла: «Открытие поликлиники» — Одноклассники',
      path: `/posts/${p.id}`,
    })
    expect(n!.body).toMatch(/^Причина: OK 102/)
    expect(n!.body).toContain('опубликуйте вручную и укажите ссылку')
    await vi.waitFor(() => expect(troubleMails(p.id)).toHaveLength(1))
    expect(troubleMails(p.id)[0]).toMatchObject({
      to: 'editor@example.ru',
      title: 'Публикация не прошла: «Открытие поликлиники» — Одноклассники',
      url: `https://viza.example.ru/posts/${p.id}`,
    })
    // the department is not concerned; another pass tells nobody again
    expect(await troubleOf('deptOwn', p.id)).toHaveLength(0)
    await t.server.deps.publisher.pass()
    await t.server.deps.notifications.worker.pass()
    expect(await troubleOf('editor', p.id)).toHaveLength(1)
    expect(troubleMails(p.id)).toHaveLength(1)
  })

  it('an outcome nobody knows: the SMC is asked to check the channel', async () => {
    emulator.inject('telegram', 'timeoutAfterReceive')
    const p = await publishing(['telegram'])
    await t.server.deps.publisher.pass()
    await t.server.deps.notifications.worker.pass()
    const [n] = await troubleOf('editor', p.id)
    expect(n).toMatchObject({
      title: 'Неизвестно, вышел ли пост: «Открытие поликлиники» — Telegram',
    })
    expect(n!.body).toContain('Проверьте канал и отметьте на странице поста, есть ли там пост.')
    // written with the ledger's outcome: one outbox row for this row, attempt and outcome
    const rows = await t.server.deps.database.db
      .select({ key: notificationOutbox.key })
      .from(notificationOutbox)
      .where(eq(notificationOutbox.postId, p.id))
    expect(rows.filter((r) => r.key.startsWith('publication:'))).toHaveLength(1)
  })

  it('a channel that publishes: nobody is bothered', async () => {
    const p = await publishing(['vk'])
    await t.server.deps.publisher.pass()
    await t.server.deps.notifications.worker.pass()
    expect(await troubleOf('editor', p.id)).toHaveLength(0)
  })
})
