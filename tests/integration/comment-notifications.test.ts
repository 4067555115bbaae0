import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { notificationDeliveries, users } from '../../src/server/db/schema'
import type { Sender } from '../../src/server/notifications/sender'
import { clockTo, regionTime, signedInAfresh } from '../setup/moved-clock'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// Citizens' comments notify through the notification layer of issue 13 (outbox, bell, e-mail,
// messengers, push, preferences): each event to the people who act next, nobody else, once.

/** E-mail that records what it was asked to send. */
const mails: Array<{ to: string; title: string; body: string; url: string }> = []
const email: Sender = {
  channel: 'email',
  reaches: (r) => !!r.email,
  async send(to, m) {
    mails.push({ to: to.email!, title: m.title, body: m.body, url: m.url })
    return { ok: true }
  },
}

let t: TestServer
let seq = 0

beforeAll(async () => {
  t = await startTestServer({
    config: {
      // Tue 1 Dec 2026, 10:00 in the region: a working day (9–18, lunch 13–14)
      testNow: regionTime('2026-12-01T10:00'),
      publicUrl: 'https://viza.example.ru',
      notify: { senders: [email], intervalMs: 3_600_000, quietHours: false },
    },
  })
  const db = t.server.deps.database.db
  for (const login of ['health', 'transport', 'editor'])
    await db
      .update(users)
      .set({ email: `${login}@example.ru` })
      .where(eq(users.login, login))
}, 120_000)
afterAll(() => t?.close())

const as = (who: 'deptOwn' | 'deptOther' | 'editor') => signedInAfresh(t, who)
const deliver = () => t.server.deps.notifications.worker.pass()

async function newComment(text: string) {
  const now = t.server.deps.clock.now()
  const { id } = await t.server.deps.comments.register({
    network: 'vk',
    pageId: '-100',
    networkPostId: '55',
    networkCommentId: `n${++seq}`,
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text,
    thread: { postText: 'Ремонт дорог', postUrl: 'https://vk.com/wall-100_55', earlier: [] },
    leftAt: now,
    registeredAt: now,
  })
  return id
}

async function send(who: ApiClient, id: string, payload: Record<string, unknown>) {
  const { body } = await who.get(`/api/comments/${id}`)
  const r = await who.post(`/api/comments/${id}/events`, {
    ...payload,
    expectedVersion: body.version,
  })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  await deliver()
  return r
}

interface Entry {
  kind: string
  commentId: string | null
  postId: string | null
  title: string
  body: string
  path: string
  urgent: boolean
}
async function bell(who: 'deptOwn' | 'deptOther' | 'editor', commentId: string) {
  const r = await (await as(who)).get('/api/notifications')
  expect(r.status).toBe(200)
  return (r.body.items as Entry[]).filter((n) => n.commentId === commentId).reverse()
}
const mailsAbout = (id: string) => mails.filter((m) => m.url.endsWith(`/comments/${id}`))

const ANSWER =
  'Здравствуйте, Мария! Яму у дома 14 на улице Ленина заделают до 10 декабря: подрядчик ' +
  'бригада подрядчика выйдет на место 8 декабря.'

describe('comment events notify the people who act next', () => {
  let id: string

  it('routed to a department: its contacts, marked urgent when priority, linked to the comment', async () => {
    id = await newComment('Когда заделают яму у дома 14 на улице Ленина? Уже месяц объезжаем')
    const editor = await as('editor')
    await send(editor, id, { type: 'TRIAGE', departmentId: 'health', priority: true })

    const [n, ...more] = await bell('deptOwn', id)
    expect(more).toEqual([])
    expect(n).toMatchObject({
      kind: 'commentRouted',
      urgent: true,
      postId: null,
      path: `/comments/${id}`,
      // 4 working hours from registration, lunch excluded
      title:
        'Приоритетный комментарий жителя от ЦСМ: «Когда заделают яму у дома 14 на улице Ленина? Уже месяц…» — до вт, 1 дек., 15:00',
    })
    expect(n!.body).toBe(
      'Направлено — Редактор ЦСМ, ЦСМ.\nАвтор комментария — Мария Иванова, ВКонтакте.',
    )
    // nothing to another department, nothing to the editor who routed it
    expect(await bell('deptOther', id)).toEqual([])
    expect(await bell('editor', id)).toEqual([])
    expect(mailsAbout(id)).toEqual([
      expect.objectContaining({
        to: 'health@example.ru',
        url: `https://viza.example.ru/comments/${id}`,
        title: n!.title,
      }),
    ])
  })

  it('re-routed: the new department is told to answer, the old one that it need not', async () => {
    await send(await as('editor'), id, { type: 'REASSIGN', departmentId: 'transport' })
    expect((await bell('deptOther', id)).map((n) => n.title)).toEqual([
      'Вам передан приоритетный комментарий жителя: «Когда заделают яму у дома 14 на улице Ленина? Уже месяц…» — до вт, 1 дек., 15:00',
    ])
    const health = await bell('deptOwn', id)
    expect(health.map((n) => [n.kind, n.title])).toEqual([
      ['commentRouted', expect.stringMatching(/^Приоритетный комментарий жителя от ЦСМ: /)],
      [
        'commentWithdrawn',
        'Комментарий жителя передан другому департаменту: «Когда заделают яму у дома 14 на улице Ленина? Уже месяц…»',
      ],
    ])
    expect(health[1]!.body).toMatch(/^Отвечать не нужно — Редактор ЦСМ, ЦСМ\./)
  })

  it('an answer submitted: the SMC editors, named with the department', async () => {
    await send(await as('deptOther'), id, { type: 'SUBMIT_ANSWER', text: ANSWER })
    const smc = await bell('editor', id)
    expect(smc.map((n) => n.title)).toEqual([
      'Ответ на комментарий получен: «Когда заделают яму у дома 14 на улице Ленина? Уже месяц…» — Дептранс Югры',
    ])
    expect(smc[0]!.body).toMatch(
      /^Отправлено — Контакт Дептранса, Дептранс Югры\. Ответ ждёт проверки ЦСМ\./,
    )
    // the review's history names the person with the department they answered for
    const { body } = await (await as('editor')).get(`/api/comments/${id}`)
    expect(body.history.at(-1)).toMatchObject({
      event: 'SUBMIT_ANSWER',
      actorName: 'Контакт Дептранса',
      actorDepartmentId: 'transport',
    })
    expect(body.history.at(-2)).toMatchObject({ event: 'REASSIGN', actorDepartmentId: null })
    // the department is not told of what it did itself; the old department hears nothing more
    expect((await bell('deptOther', id)).map((n) => n.kind)).toEqual(['commentRouted'])
    expect(await bell('deptOwn', id)).toHaveLength(2)
  })

  it('an answer returned by the SMC: the department, with her comment and the new deadline', async () => {
    await send(await as('editor'), id, {
      type: 'RETURN_TO_DEPARTMENT',
      comment: 'Уточните, кто отвечает за работы',
    })
    const [, returned] = await bell('deptOther', id)
    expect(returned).toMatchObject({
      kind: 'answerReturned',
      title: expect.stringMatching(
        /^Срочно\. ЦСМ вернул ответ на доработку: «Когда заделают яму.*» — до (вт|ср), \d+ дек\., \d\d:\d\d$/,
      ),
    })
    expect(returned!.body).toContain('Комментарий ЦСМ: Уточните, кто отвечает за работы')
    expect(await bell('deptOwn', id)).toHaveLength(2)
  })

  it('each person is told once per event and channel, however many worker passes run', async () => {
    await deliver()
    await deliver()
    const rows = await t.server.deps.database.db
      .select({
        userId: notificationDeliveries.userId,
        channel: notificationDeliveries.channel,
        kind: notificationDeliveries.kind,
      })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.commentId, id))
    const keys = rows.map((r) => `${r.userId}:${r.channel}:${r.kind}`)
    // routed and withdrawn (health), routed and returned (transport), submitted (editor):
    // in the app and by e-mail each
    expect(rows).toHaveLength(10)
    expect(new Set(keys).size).toBe(keys.length)
    expect(mailsAbout(id)).toHaveLength(5)
  })

  it("a person's choice of channels is respected: no e-mail when they turned it off", async () => {
    const transport = await as('deptOther')
    const { body } = await transport.get('/api/notifications/settings')
    expect(body.kinds).toEqual(expect.arrayContaining(['commentRouted', 'commentReminder']))
    const saved = await transport.request('PUT', '/api/notifications/settings', {
      ...body.settings,
      channels: { ...body.settings.channels, commentRouted: [] },
    })
    expect(saved.status).toBe(200)

    const other = await newComment('Почему не ходит автобус № 5 по выходным?')
    await send(await as('editor'), other, { type: 'TRIAGE', departmentId: 'transport' })
    const [n] = await bell('deptOther', other)
    expect(n!.title).toMatch(
      /^ЦСМ направил комментарий жителя: «Почему не ходит автобус № 5 по выходным\?» — до ср, 2 дек\., 11:00$/,
    )
    expect(n!.urgent).toBe(false)
    expect(mailsAbout(other)).toEqual([]) // in the bell, not by e-mail
  })
})

describe('answer clocks: reminders and overdue, once per clock', () => {
  it('half the time, the last hour, overdue to the department and the SMC; nothing twice', async () => {
    // Tue 10:00: 9 working hours → Wed 11:00 (Tue 10–13, 14–18; Wed 9–11)
    const id = await newComment('Куда обращаться по поводу прорыва трубы на Мира, 3?')
    await send(await as('editor'), id, { type: 'TRIAGE', departmentId: 'health' })
    const titles = async () => (await bell('deptOwn', id)).map((n) => n.title)
    const name = '«Куда обращаться по поводу прорыва трубы на Мира, 3?»'
    expect(await titles()).toEqual([
      `ЦСМ направил комментарий жителя: ${name} — до ср, 2 дек., 11:00`,
    ])

    await clockTo(t, '2026-12-01T15:20')
    expect(await titles()).toHaveLength(1)
    // half of the 9 hours: Tue 10–13 and 14–15:30, the lunch hour not counted
    await clockTo(t, '2026-12-01T15:31')
    await clockTo(t, '2026-12-01T15:40') // another sweep queues nothing
    expect((await titles()).slice(1)).toEqual([
      `Прошла половина срока ответа жителю: ${name} — до ср, 2 дек., 11:00`,
    ])
    // the evening and the night: nothing
    await clockTo(t, '2026-12-01T23:00')
    expect(await titles()).toHaveLength(2)
    await clockTo(t, '2026-12-02T10:01')
    expect((await titles()).at(-1)).toBe(
      `Остался последний час на ответ жителю: ${name} — до ср, 2 дек., 11:00`,
    )
    await clockTo(t, '2026-12-02T11:01')
    await clockTo(t, '2026-12-02T11:05') // overdue is recorded once
    const all = await bell('deptOwn', id)
    expect(all.map((n) => n.kind)).toEqual([
      'commentRouted',
      'commentReminder',
      'commentReminder',
      'commentOverdue',
    ])
    expect(all.at(-1)).toMatchObject({
      title: `Срок ответа на комментарий истёк: ${name}`,
      body: 'Срок был ср, 2 дек., 11:00.\nДепартамент — Депздрав Югры.\nАвтор комментария — Мария Иванова, ВКонтакте.',
      path: `/comments/${id}`,
    })
    // the SMC hears of overdue (not of the department's reminders); the other department nothing
    expect((await bell('editor', id)).map((n) => n.kind)).toEqual(['commentOverdue'])
    expect(await bell('deptOther', id)).toEqual([])
    const reminderMails = mailsAbout(id).filter((m) => m.to === 'health@example.ru')
    expect(reminderMails.map((m) => m.title)).toEqual(all.map((n) => n.title))
  })

  it('a comment dismissed while with the department: the department may stop', async () => {
    const id = await newComment('Спасибо за новую остановку!')
    const editor = await as('editor')
    await send(editor, id, { type: 'TRIAGE', departmentId: 'health' })
    await send(editor, id, { type: 'DISMISS', reason: 'thanks' })
    const [, n] = await bell('deptOwn', id)
    expect(n).toMatchObject({
      kind: 'commentWithdrawn',
      title: 'Ответ на комментарий не нужен: «Спасибо за новую остановку!»',
    })
  })
})

describe('at once', () => {
  it('the event wakes the notifier: the bell has it without waiting for the worker’s beat', async () => {
    const id = await newComment('Когда уберут снег во дворе дома 5 на Гагарина?')
    const editor = await as('editor')
    const { body } = await editor.get(`/api/comments/${id}`)
    // no explicit worker pass here: the server's own NOTIFY listener must start it
    const r = await editor.post(`/api/comments/${id}/events`, {
      type: 'TRIAGE',
      departmentId: 'transport',
      priority: false,
      expectedVersion: body.version,
    })
    expect(r.status).toBe(200)
    await expect
      .poll(async () => (await bell('deptOther', id)).map((n) => n.kind), { timeout: 5_000 })
      .toEqual(['commentRouted'])
  })
})

describe('where nothing is sent', () => {
  it('a new comment waiting for triage notifies nobody outside the queue', async () => {
    const id = await newComment('Добрый день, подскажите график приёма')
    await deliver()
    const rows = await t.server.deps.database.db
      .select()
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.commentId, id)))
    expect(rows).toEqual([])
  })
})
