import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newRequest } from '../setup/flows'
import { clockTo, regionTime, signedInAfresh } from '../setup/moved-clock'
import { startTestServer, type TestServer } from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ config: { testNow: regionTime('2026-12-01T11:00') } })
})
afterAll(() => t?.close())

const as = (who: 'deptOwn' | 'editor') => signedInAfresh(t, who)

async function titles(who: 'deptOwn' | 'editor', postId: string) {
  const r = await (await as(who)).get('/api/notifications')
  return (r.body.items as Array<{ postId: string; title: string }>)
    .filter((n) => n.postId === postId)
    .map((n) => n.title)
    .reverse()
}

async function request(title: string, urgent = false) {
  const editor = await as('editor')
  const created = await editor.post('/api/posts', newRequest({ title, urgent }))
  const sent = await editor.event(created.body.id, created.body.version, { type: 'SEND_REQUEST' })
  expect(sent.status).toBe(200)
  await t.server.deps.notifications.worker.pass()
  return created.body.id as string
}

describe('deadline reminders and overdue, on a moved clock', () => {
  it('across a lunch break, an evening and a holiday', async () => {
    // Tue 1 Dec, 11:00: a regular request, due Wed 11:00 (8 working hours, lunch excluded)
    const regular = await request('Ремонт моста через Обь')
    expect(await titles('deptOwn', regular)).toEqual([
      'Новый запрос от ЦСМ: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
    ])
    await clockTo(t, '2026-12-01T15:59')
    expect(await titles('deptOwn', regular)).toHaveLength(1)
    // half the working time left: 11–13 and 14–16, the lunch hour not counted
    await clockTo(t, '2026-12-01T16:01')
    expect((await titles('deptOwn', regular)).at(-1)).toBe(
      'Прошла половина срока: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
    )

    // 17:00: an urgent request, due 20:00; its reminders come in the evening all the same
    await clockTo(t, '2026-12-01T17:00')
    const urgent = await request('Паводок: пункты размещения', true)
    await clockTo(t, '2026-12-01T18:31')
    expect((await titles('deptOwn', urgent)).at(-1)).toBe(
      'Прошла половина срока: «Паводок: пункты размещения» — до вт, 1 дек., 20:00',
    )
    await clockTo(t, '2026-12-01T19:31')
    expect((await titles('deptOwn', urgent)).at(-1)).toBe(
      'Осталось 30 минут: «Паводок: пункты размещения» — до вт, 1 дек., 20:00',
    )
    await clockTo(t, '2026-12-01T20:01')
    expect((await titles('deptOwn', urgent)).at(-1)).toBe(
      'Срок по запросу истёк: «Паводок: пункты размещения»',
    )
    // the SMC is told too (the requester is the SMC editor herself)
    expect(await titles('editor', urgent)).toEqual([
      'Срок по запросу истёк: «Паводок: пункты размещения»',
    ])

    // the regular request got nothing more over the evening and the night
    await clockTo(t, '2026-12-01T23:00')
    await clockTo(t, '2026-12-02T08:59')
    expect(await titles('deptOwn', regular)).toHaveLength(2)
    // Wed 10:00: the last working hour
    await clockTo(t, '2026-12-02T10:01')
    expect((await titles('deptOwn', regular)).at(-1)).toBe(
      'Остался последний час: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
    )
    await clockTo(t, '2026-12-02T11:01')
    await clockTo(t, '2026-12-02T11:05') // another sweep: overdue is recorded once
    expect(await titles('deptOwn', regular)).toEqual([
      'Новый запрос от ЦСМ: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
      'Прошла половина срока: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
      'Остался последний час: «Ремонт моста через Обь» — до ср, 2 дек., 11:00',
      'Срок по запросу истёк: «Ремонт моста через Обь»',
    ])
    expect(await titles('editor', regular)).toEqual([
      'Срок по запросу истёк: «Ремонт моста через Обь»',
    ])

    // Wed 30 Dec, 15:00: due Mon 11 Jan 15:00; nothing during the New Year holidays
    await clockTo(t, '2026-12-30T15:00')
    const holiday = await request('Ёлка в Ханты-Мансийске')
    await clockTo(t, '2026-12-31T12:00')
    await clockTo(t, '2027-01-05T12:00')
    await clockTo(t, '2027-01-11T09:59')
    expect(await titles('deptOwn', holiday)).toHaveLength(1)
    await clockTo(t, '2027-01-11T10:01')
    expect((await titles('deptOwn', holiday)).at(-1)).toBe(
      'Прошла половина срока: «Ёлка в Ханты-Мансийске» — до пн, 11 янв., 15:00',
    )
  })
})
