import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { notificationDeliveries, users } from '../../src/server/db/schema'
import type { Sender } from '../../src/server/notifications/sender'
import { newRequest, postIn } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

const sent: string[] = []
const mail: Sender = {
  channel: 'email',
  reaches: (r) => !!r.email,
  send: async (to) => {
    sent.push(to.email!)
    return { ok: true }
  },
}

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({
    config: {
      // Tue 1 Dec 2026, 22:00 in the region: quiet hours for a department contact
      testNow: new Date('2026-12-01T17:00:00Z'),
      notify: { senders: [mail], intervalMs: 3_600_000 },
    },
  })
  await t.server.deps.database.db
    .update(users)
    .set({ email: 'health@example.ru' })
    .where(eq(users.login, 'health'))
})
afterAll(() => t?.close())

const emailOf = async (postId: string) =>
  (
    await t.server.deps.database.db
      .select()
      .from(notificationDeliveries)
      .where(
        sql`${notificationDeliveries.postId} = ${postId} and ${notificationDeliveries.channel} = 'email'`,
      )
  )[0]

describe('notification settings and quiet hours', () => {
  it('shows the role defaults and which channels reach the person', async () => {
    const own = await t.client('deptOwn')
    const r = await own.get('/api/notifications/settings')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      isDefault: true,
      quietHoursOn: true,
      settings: { quietHours: { from: '21:00', to: '08:00' } },
      channels: {
        email: { available: true, reaches: true },
        telegram: { available: false },
        max: { available: false },
      },
    })
    expect(r.body.kinds).toContain('newRequest')
    const gov = await (await t.client('governor')).get('/api/notifications/settings')
    expect(gov.body.settings.quietHours).toBeNull()
    expect(gov.body.settings.channels.awaitingGovernor).toEqual(['telegram', 'max', 'push'])
  })

  it('a regular request in the evening is mailed at 08:00; an urgent one at once', async () => {
    const regular = await postIn(t, 'awaitingDepartment')
    const editor = await t.client('editor')
    const u = await editor.post('/api/posts', newRequest({ urgent: true }))
    await editor.event(u.body.id, u.body.version, { type: 'SEND_REQUEST' })
    await t.server.deps.notifications.worker.pass()
    expect(await emailOf(regular.id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: new Date('2026-12-02T03:00:00Z'),
    })
    expect(await emailOf(u.body.id)).toMatchObject({ state: 'sent', attempts: 1 })
    // the notification centre is never quiet
    const inApp = (await (await t.client('deptOwn')).get('/api/notifications')).body.items
    expect(inApp.some((n: { postId: string }) => n.postId === regular.id)).toBe(true)
    t.server.deps.testClock!.set(new Date('2026-12-02T03:00:00Z'))
    await t.server.deps.notifications.worker.pass()
    expect(await emailOf(regular.id)).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('a person who turns e-mail off for new requests gets none; bad settings are a clear 400', async () => {
    const own = await t.client('deptOwn')
    const bad = await own.request('PUT', '/api/notifications/settings', {
      channels: { newRequest: ['sms'] },
      quietHours: { from: '9', to: '08:00' },
      evenWhenQuiet: [],
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error)).toContain('Время в формате ЧЧ:ММ')
    const put = await own.request('PUT', '/api/notifications/settings', {
      channels: { newRequest: ['telegram'] },
      quietHours: null,
      evenWhenQuiet: [],
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ isDefault: false, settings: { quietHours: null } })
    const post = await postIn(t, 'awaitingDepartment')
    await t.server.deps.notifications.worker.pass()
    expect(await emailOf(post.id)).toBeUndefined()
  })
})
