import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import {
  notificationDeliveries,
  notificationOutbox,
  postHistory,
  posts,
  users,
} from '../../src/server/db/schema'
import type { Sender, SendOutcome } from '../../src/server/notifications/sender'
import { NotificationWorker } from '../../src/server/notifications/worker'
import { silentLogger } from '../../src/server/lib/log'
import { newRequest, postIn } from '../setup/flows'
import { openSse } from '../setup/sse'
import { startTestServer, type TestServer } from '../setup/test-server'

/** A channel that records what it was asked to send and answers as scripted. */
function recordingSender(script: (n: number) => SendOutcome = () => ({ ok: true })) {
  const sent: Array<{ to: string; title: string; url: string; deliveryId: number }> = []
  let calls = 0
  const sender: Sender = {
    channel: 'email',
    reaches: (r) => !!r.email,
    async send(to, m) {
      const outcome = script(calls++)
      if (outcome.ok)
        sent.push({ to: to.email!, title: m.title, url: m.url, deliveryId: m.deliveryId })
      return outcome
    },
  }
  return { sender, sent, calls: () => calls }
}

let t: TestServer
let outcomes: (n: number) => SendOutcome = () => ({ ok: true })
const channel = recordingSender((n) => outcomes(n))
beforeAll(async () => {
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      notify: { senders: [channel.sender], intervalMs: 3_600_000, quietHours: false },
    },
  })
  const db = t.server.deps.database.db
  await db.update(users).set({ email: 'health@example.ru' }).where(eq(users.login, 'health'))
  await db.update(users).set({ email: 'editor@example.ru' }).where(eq(users.login, 'editor'))
  await db.update(users).set({ email: 'transport@example.ru' }).where(eq(users.login, 'transport'))
})
afterAll(() => t?.close())

const worker = () => t.server.deps.notifications.worker
const db = () => t.server.deps.database.db

describe('notifications: outbox and worker', () => {
  it('a new request reaches its department in the app and by e-mail, and no one else', async () => {
    const own = await t.client('deptOwn')
    const stream = openSse(`${t.url}/api/events`, own.cookie)
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'))
    const before = channel.sent.length
    const post = await postIn(t, 'awaitingDepartment')
    await stream.waitFor((e) => e.some((x) => x.event === 'notification'))
    await worker().pass()

    const mine = await own.get('/api/notifications')
    expect(mine.status).toBe(200)
    const n = mine.body.items.find((i: { postId: string }) => i.postId === post.id)
    expect(n).toMatchObject({ kind: 'newRequest', read: false, path: `/posts/${post.id}` })
    expect(n.title).toMatch(/^Новый запрос от ЦСМ: «Открытие поликлиники» — до /)
    expect(n.body).toContain('Запрашивает — Редактор ЦСМ, ЦСМ.')
    expect(mine.body.unread).toBeGreaterThanOrEqual(1)

    const theirs = await (await t.client('deptOther')).get('/api/notifications')
    expect(theirs.body.items.some((i: { postId: string }) => i.postId === post.id)).toBe(false)
    // the editor who sent it is not told of what she did herself
    const editor = await (await t.client('editor')).get('/api/notifications')
    expect(editor.body.items.some((i: { postId: string }) => i.postId === post.id)).toBe(false)

    const mails = channel.sent.slice(before)
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({
      to: 'health@example.ru',
      url: `https://viza.example.ru/posts/${post.id}`,
    })

    const read = await own.post('/api/notifications/read', { ids: [n.id] })
    expect(read.status).toBe(200)
    const after = await own.get('/api/notifications')
    expect(after.body.items.find((i: { id: number }) => i.id === n.id).read).toBe(true)
    expect(after.body.unread).toBe(mine.body.unread - 1)
    stream.close()
  })

  it('the outbox row is written with the history row it comes from', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    const [h] = await db()
      .select()
      .from(postHistory)
      .where(sql`${postHistory.postId} = ${post.id} and ${postHistory.event} = 'SEND_REQUEST'`)
    const rows = await db()
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.postId, post.id))
    expect(rows.map((r) => r.key)).toContain(`h:${h!.id}:newRequest`)
  })

  it('a transition and its outbox rows commit together or not at all', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    const events = async () =>
      (
        await db()
          .select({ id: postHistory.id, event: postHistory.event })
          .from(postHistory)
          .where(eq(postHistory.postId, post.id))
      ).map((h) => h.event)
    const queued = async () =>
      (
        await db()
          .select({ key: notificationOutbox.key })
          .from(notificationOutbox)
          .where(eq(notificationOutbox.postId, post.id))
      ).map((r) => r.key)
    const before = { events: await events(), queued: await queued() }
    // The outbox refuses every row, as a full disk or a broken constraint would.
    await db().execute(
      sql.raw(`create function viza_test_outbox_down() returns trigger language plpgsql as
        $$ begin raise exception 'outbox down'; end $$`),
    )
    await db().execute(
      sql.raw(`create trigger viza_test_outbox_down before insert on notification_outbox
        for each row execute function viza_test_outbox_down()`),
    )
    const own = await t.client('deptOwn')
    const editor = await t.client('editor')
    const submit = { type: 'SUBMIT_DRAFT', text: 'Поликлиника откроется 15 декабря.' }
    try {
      // a person's event: the guarded write (viza_transition) and its outbox in one statement
      expect((await own.event(post.id, post.version, submit)).status).toBe(500)
      // reassignment: the locked transaction (history row, then the outbox rows)
      const reassign = { type: 'REASSIGN', departmentId: 'transport' }
      expect((await editor.event(post.id, post.version, reassign)).status).toBe(500)
      expect(await events()).toEqual(before.events)
      expect(await queued()).toEqual(before.queued)
      const [row] = await db().select().from(posts).where(eq(posts.id, post.id))
      expect(row).toMatchObject({ version: post.version, state: 'awaitingDepartment' })
    } finally {
      await db().execute(sql.raw('drop trigger viza_test_outbox_down on notification_outbox'))
      await db().execute(sql.raw('drop function viza_test_outbox_down()'))
    }
    // With the outbox back, the same event goes through, and its notification with it.
    const done = await own.event(post.id, post.version, submit)
    expect(done.status).toBe(200)
    const [h] = await db()
      .select()
      .from(postHistory)
      .where(sql`${postHistory.postId} = ${post.id} and ${postHistory.event} = 'SUBMIT_DRAFT'`)
    expect(await queued()).toContain(`h:${h!.id}:materialSubmitted`)
  })

  it('the material goes to the requester and the SMC; an urgent request says so', async () => {
    const editor = await t.client('editor')
    const created = await editor.post('/api/posts', newRequest({ urgent: true }))
    const sent = await editor.event(created.body.id, created.body.version, { type: 'SEND_REQUEST' })
    const own = await t.client('deptOwn')
    await own.event(created.body.id, sent.body.version, {
      type: 'SUBMIT_DRAFT',
      text: 'Поликлиника открывается 5 декабря.',
    })
    await worker().pass()
    const dept = await own.get('/api/notifications')
    const urgent = dept.body.items.find((i: { postId: string }) => i.postId === created.body.id)
    expect(urgent.urgent).toBe(true)
    expect(urgent.title).toMatch(/^Срочный запрос по поручению губернатора: «Открытие поликлиники»/)
    const ed = await editor.get('/api/notifications')
    const submitted = ed.body.items.find(
      (i: { postId: string; kind: string }) =>
        i.postId === created.body.id && i.kind === 'materialSubmitted',
    )
    expect(submitted.title).toBe('Материал получен: «Открытие поликлиники» — Депздрав Югры')
  })

  it('never notifies a person twice for one event on one channel, whoever expands it', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const [row] = await db()
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.postId, post.id))
    // pretend a crash lost the "expanded" mark: expanding again adds nothing
    await db()
      .update(notificationOutbox)
      .set({ expandedAt: null })
      .where(eq(notificationOutbox.id, row!.id))
    const before = channel.sent.length
    await worker().pass()
    const rows = await db()
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.outboxId, row!.id))
    expect(rows.filter((r) => r.channel === 'app')).toHaveLength(1)
    expect(rows.filter((r) => r.channel === 'email')).toHaveLength(1)
    expect(channel.sent.length).toBe(before)
  })

  it('two workers on one database deliver each message once', async () => {
    const counting = recordingSender()
    const opts = { publicUrl: 'https://viza.example.ru', intervalMs: 3_600_000, quietHours: false }
    const clock = t.server.deps.clock
    // A second server process, as far as the database can tell: its own worker and sender.
    const a = new NotificationWorker(db(), [counting.sender], clock, silentLogger, opts)
    const b = new NotificationWorker(db(), [counting.sender], clock, silentLogger, opts)
    await worker().stop() // the server's own worker stays out of this test
    const editor = await t.client('editor')
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const p = await editor.post(
        '/api/posts',
        newRequest({ departmentId: i % 2 ? 'health' : 'transport' }),
      )
      await editor.event(p.body.id, p.body.version, { type: 'SEND_REQUEST' })
      ids.push(p.body.id)
    }
    await Promise.all([a.pass(), b.pass(), a.pass(), b.pass()])
    const ours = await db()
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} in ${ids} and ${notificationDeliveries.channel} = 'email'`,
      )
    expect(ours).toHaveLength(6)
    expect(ours.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true)
    const sentIds = counting.sent.map((s) => s.deliveryId)
    expect(new Set(sentIds).size).toBe(sentIds.length)
    expect(sentIds.sort()).toEqual(ours.map((d) => d.id).sort())
    worker().start()
  })

  it('retries with backoff, and shows a delivery that cannot go to the admin', async () => {
    const clock = t.server.deps.testClock!
    let calls = 0
    outcomes = () =>
      calls++ === 0
        ? {
            ok: false,
            retryable: true,
            retryAfterMs: 30_000,
            error: 'Почтовый сервер недоступен: ECONNREFUSED',
          }
        : { ok: true }
    const before = channel.sent.length
    const post = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const [pending] = await db()
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${post.id} and ${notificationDeliveries.channel} = 'email'`,
      )
    expect(pending).toMatchObject({ state: 'pending', attempts: 1 })
    expect(pending!.nextAttemptAt!.getTime() - clock.now().getTime()).toBeGreaterThan(25_000)
    const admin = await t.client('admin')
    const waiting = await admin.get('/api/admin/notifications')
    expect(waiting.body.items.find((i: { id: number }) => i.id === pending!.id)).toMatchObject({
      state: 'pending',
      error: 'Почтовый сервер недоступен: ECONNREFUSED',
    })
    await worker().pass() // not due yet: nothing sent
    expect(channel.sent.length).toBe(before)
    clock.advance(31_000)
    await worker().pass()
    expect(channel.sent.length).toBe(before + 1)

    outcomes = () => ({ ok: false, retryable: false, error: 'Почта не принята: 550 no such user' })
    const bad = await postIn(t, 'awaitingDepartment')
    await worker().pass()
    const failures = await admin.get('/api/admin/notifications')
    const failed = failures.body.items.find(
      (i: { title: string; state: string }) => i.state === 'failed',
    )
    expect(failed).toMatchObject({
      channel: 'email',
      userLogin: 'health',
      attempts: 1,
      error: 'Почта не принята: 550 no such user',
    })
    expect(failed.title).toContain('Открытие поликлиники')
    const [row] = await db()
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${bad.id} and ${notificationDeliveries.channel} = 'email'`,
      )
    expect(row!.state).toBe('failed')
    expect((await (await t.client('deptOwn')).get('/api/admin/notifications')).status).toBe(403)
    outcomes = () => ({ ok: true })
  })

  it('refuses a malformed mark-as-read', async () => {
    const own = await t.client('deptOwn')
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { all: false }, { ids: [1], all: true }]) {
      const r = await own.post('/api/notifications/read', body)
      expect(r.status).toBe(400)
      expect(r.body.error.message).toBeTruthy()
    }
  })
})
