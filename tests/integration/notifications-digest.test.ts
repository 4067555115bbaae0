import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postIn } from '../setup/flows'
import { clockTo, regionTime, signedInAfresh } from '../setup/moved-clock'
import { startTestServer, type TestServer } from '../setup/test-server'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ config: { testNow: regionTime('2026-12-01T07:00') } })
})
afterAll(() => t?.close())

const governor = () => signedInAfresh(t, 'governor')

type Item = { kind: string; title: string; body: string; path: string }
const digests = async () =>
  ((await (await governor()).get('/api/notifications')).body.items as Item[]).filter(
    (n) => n.kind === 'governorDigest',
  )

describe("the governor's digest at the times he chooses", () => {
  it('lists what waits for him at 08:30 by default, once per slot; then at his own time', async () => {
    const first = await postIn(t, 'awaitingGovernor')
    const second = await postIn(t, 'awaitingGovernor')
    expect(first.id).not.toBe(second.id)

    await clockTo(t, '2026-12-01T08:20')
    expect(await digests()).toHaveLength(0)

    await clockTo(t, '2026-12-01T08:31')
    const [d] = await digests()
    expect(d).toMatchObject({ title: 'Ждут вашего решения: 2 поста', path: '/' })
    expect(d!.body.split('\n')).toEqual([
      '«Открытие поликлиники» — с вт, 1 дек., 07:00',
      '«Открытие поликлиники» — с вт, 1 дек., 07:00',
    ])

    // later sweeps in the same slot queue nothing more
    await clockTo(t, '2026-12-01T08:50')
    expect(await digests()).toHaveLength(1)

    // his own times: no morning digest, one in the evening
    const gov = await governor()
    const settings = (await gov.get('/api/notifications/settings')).body
    expect(settings.settings.digestAt).toEqual(['08:30'])
    const saved = await gov.request('PUT', '/api/notifications/settings', {
      ...settings.settings,
      digestAt: ['18:00'],
    })
    expect(saved.status).toBe(200)
    await clockTo(t, '2026-12-02T08:31')
    expect(await digests()).toHaveLength(1)
    await clockTo(t, '2026-12-02T18:05')
    expect(await digests()).toHaveLength(2)

    // a slot missed by more than an hour (the server was down) is skipped, not sent late
    await clockTo(t, '2026-12-03T19:30')
    expect(await digests()).toHaveLength(2)
  })

  it('says since when a post waits as the queue does: from its last return to him', async () => {
    // approved at 07:00, then edited by the SMC at 07:40: it waits for a new approval since 07:40
    await clockTo(t, '2026-12-04T07:00')
    const approved = await postIn(t, 'approved')
    await clockTo(t, '2026-12-04T07:40')
    const editor = await signedInAfresh(t, 'editor')
    const edited = await editor.event(approved.id, approved.version, {
      type: 'EDIT_TEXT',
      text: 'Поликлиника откроется 16 декабря.',
    })
    expect(edited.body.state).toBe('awaitingGovernor')

    await clockTo(t, '2026-12-04T18:05') // his time from the test above
    const all = await digests()
    expect(all).toHaveLength(3)
    const lines = all.flatMap((d) => d.body.split('\n'))
    expect(lines).toContain('«Открытие поликлиники» — с пт, 4 дек., 07:40')
    expect(lines.filter((l) => l.includes('4 дек.'))).toHaveLength(1)
    const queue = (await editor.get('/api/posts?state=awaitingGovernor&pageSize=200')).body.items
    const inQueue = queue.find((p: { id: string }) => p.id === approved.id)
    // (the test clock runs on from where it was set)
    const since =
      Date.parse(inQueue.awaitingGovernorSince) - regionTime('2026-12-04T07:40').getTime()
    expect(since).toBeGreaterThanOrEqual(0)
    expect(since).toBeLessThan(60_000)
  })

  it('refuses the same time twice and more than four a day', async () => {
    const gov = await governor()
    const { settings } = (await gov.get('/api/notifications/settings')).body
    const twice = await gov.request('PUT', '/api/notifications/settings', {
      ...settings,
      digestAt: ['09:00', '09:00'],
    })
    expect(twice.status).toBe(400)
    expect(twice.body.error.message).toContain('Время сводки повторяется')
    const five = await gov.request('PUT', '/api/notifications/settings', {
      ...settings,
      digestAt: ['08:00', '10:00', '12:00', '14:00', '16:00'],
    })
    expect(five.status).toBe(400)
    expect(five.body.error.message).toContain('Не больше четырёх сводок в день')
  })
})
