import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'
import { notificationDeliveries, users } from '../../src/server/db/schema'
import { newRequest, postIn } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

/**
 * A real SMTP server, started by the test: STARTTLS with its own self-signed certificate, a
 * login, and a relay's answers — an unknown domain is refused for good (550), a full mailbox
 * for now (452).
 */
const received: Array<{ from: string; to: string[]; mail: ParsedMail }> = []
const smtp = new SMTPServer({
  authMethods: ['PLAIN', 'LOGIN'],
  onAuth(auth, _session, cb) {
    if (auth.username === 'viza' && auth.password === 'smtp-secret') cb(null, { user: 'viza' })
    else cb(new Error('Invalid username or password'))
  },
  onRcptTo(address, _session, cb) {
    if (address.address.endsWith('@nowhere.invalid')) {
      const e = new Error('5.1.2 Domain not found') as Error & { responseCode: number }
      e.responseCode = 550
      return cb(e)
    }
    if (address.address.startsWith('full@')) {
      const e = new Error('4.2.2 Mailbox full, try later') as Error & { responseCode: number }
      e.responseCode = 452
      return cb(e)
    }
    cb()
  },
  onData(stream, session, cb) {
    simpleParser(stream)
      .then((mail) => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          mail,
        })
        cb()
      })
      .catch(cb)
  },
  logger: false,
})

let t: TestServer
beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r))
  const { port } = smtp.server.address() as AddressInfo
  t = await startTestServer({
    config: {
      publicUrl: 'https://viza.example.ru',
      notify: {
        smtpUrl: `smtp://viza:smtp-secret@127.0.0.1:${port}`,
        mailFrom: 'Виза <viza@example.ru>',
        smtpAllowSelfSigned: true,
        quietHours: false,
        intervalMs: 3_600_000,
      },
    },
  })
  const db = t.server.deps.database.db
  await db.update(users).set({ email: 'petrov@health.example.ru' }).where(eq(users.login, 'health'))
  await db.update(users).set({ email: 'kim@nowhere.invalid' }).where(eq(users.login, 'transport'))
  await db.update(users).set({ email: 'editor@example.ru' }).where(eq(users.login, 'editor'))
})
afterAll(async () => {
  await t?.close()
  await new Promise<void>((r) => smtp.close(() => r()))
})

const deliveries = (postId: string) =>
  t.server.deps.database.db
    .select()
    .from(notificationDeliveries)
    .where(
      sql`${notificationDeliveries.postId} = ${postId} and ${notificationDeliveries.channel} = 'email'`,
    )

describe('e-mail over a real SMTP server', () => {
  it('a new request is mailed to the department contact: recipient, subject, body, link', async () => {
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    const mail = received.find((m) => m.mail.text?.includes(`/posts/${post.id}`))
    expect(mail).toBeDefined()
    expect(mail!.to).toEqual(['petrov@health.example.ru'])
    expect(mail!.from).toBe('viza@example.ru')
    expect(mail!.mail.from?.value[0]).toMatchObject({ name: 'Виза', address: 'viza@example.ru' })
    expect(mail!.mail.subject).toMatch(/^Новый запрос от ЦСМ: «Открытие поликлиники» — до /)
    expect(mail!.mail.text).toContain('Запрашивает — Редактор ЦСМ, ЦСМ.')
    expect(mail!.mail.text).toContain(`Открыть в Визе: https://viza.example.ru/posts/${post.id}`)
    expect(mail!.mail.html).toContain(`<a href="https://viza.example.ru/posts/${post.id}">`)
    const [row] = await deliveries(post.id)
    expect(row).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('a request is mailed at once, not at the hourly pass; an edit, which notifies no one, does not wake the notifier', async () => {
    const worker = t.server.deps.notifications.worker
    const pass = worker.pass.bind(worker)
    let passes = 0
    worker.pass = () => {
      passes++
      return pass()
    }
    try {
      const editor = await t.client('editor')
      const draft = await editor.post('/api/posts', newRequest())
      const editing = await editor.event(draft.body.id, draft.body.version, {
        type: 'WRITE_IN_HOUSE',
      })
      await editor.event(editing.body.id, editing.body.version, {
        type: 'EDIT_TEXT',
        text: 'Текст, о котором никому не пишут',
      })
      const request = await editor.post('/api/posts', newRequest())
      await editor.event(request.body.id, request.body.version, { type: 'SEND_REQUEST' })
      // The notices arrive in commit order: by the request's mail, the edit's has been heard.
      await vi.waitFor(() =>
        expect(received.some((m) => m.mail.text?.includes(`/posts/${request.body.id}`))).toBe(true),
      )
      expect(passes).toBe(1)
    } finally {
      worker.pass = pass
    }
  })

  it('an address on an unknown domain is a failure the admin sees; nothing is left waiting', async () => {
    const editor = await t.client('editor')
    const created = await editor.post('/api/posts', newRequest({ departmentId: 'transport' }))
    await editor.event(created.body.id, created.body.version, { type: 'SEND_REQUEST' })
    await t.server.deps.notifications.worker.pass()
    const [row] = await deliveries(created.body.id)
    expect(row).toMatchObject({ state: 'failed', attempts: 1 })
    expect(row!.error).toMatch(/^Почта не принята: .*550/)
    const failures = (await (await t.client('admin')).get('/api/admin/notifications')).body.items
    expect(failures.find((f: { id: number }) => f.id === row!.id)).toMatchObject({
      channel: 'email',
      state: 'failed',
      userLogin: 'transport',
    })
    // the in-app notification went all the same
    const inApp = (await (await t.client('deptOther')).get('/api/notifications')).body.items
    expect(inApp.some((n: { postId: string }) => n.postId === created.body.id)).toBe(true)
  })

  it('a temporary refusal (452) is retried later, not given up', async () => {
    const db = t.server.deps.database.db
    await db.update(users).set({ email: 'full@health.example.ru' }).where(eq(users.login, 'health'))
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    const [row] = await deliveries(post.id)
    expect(row).toMatchObject({ state: 'pending', attempts: 1 })
    expect(row!.nextAttemptAt!.getTime()).toBeGreaterThan(t.server.deps.clock.now().getTime())
    await db
      .update(users)
      .set({ email: 'petrov@health.example.ru' })
      .where(eq(users.login, 'health'))
    t.server.deps.testClock!.advance(60_000)
    await t.server.deps.notifications.worker.pass()
    const [after] = await deliveries(post.id)
    expect(after).toMatchObject({ state: 'sent', attempts: 2 })
  })
})
