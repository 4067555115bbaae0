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
