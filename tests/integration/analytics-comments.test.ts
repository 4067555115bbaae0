import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommentListDto, CommentsReportDto } from '../../src/shared/api/analytics-contract'
import {
  ApiClient,
  startTestServer,
  TEST_PASSWORD,
  TEST_USERS,
  type TestServer,
  type UserKey,
} from '../setup/test-server'

/**
 * Citizens' comments in the analytics: hand-computed fixtures driven through the real API on
 * the server's test clock (default office hours 09:00–18:00, lunch 13:00–14:00, short days
 * close at 17:00; 2026 official, 2027 provisional; a comment has 9 working hours from its
 * registration, a priority one 4, the final answer after an interim one 7 working days).
 *
 * health:
 * - K3 holiday  reg Tue 3 Nov 15:00 (short day), 4 Nov a holiday → due Thu 5 Nov 17:00
 *               (2 + 4 + 3); answered Fri 6 Nov 10:00 = 2 + 8 + 1 = 11 wh, late, overdue recorded
 * - K7 returned reg Mon 16 Nov 09:00, answered 10:00 (1 wh); returned 10:30 «Нет сроков»,
 *               new clock due Tue 11:30; answered Tue 11:00: on time, one return
 * - K1 lunch    reg Mon 16 Nov 11:00, answered 15:00 = 11–13 + 14–15 = 3 wh
 * - K5 interim  reg Tue 17 Nov 09:00, interim posted 12:00 = 3 wh; the final clock from 12:00
 *               (due Thu 26 Nov 12:00), final answer Wed 18 Nov 10:00 = 1 + 4 + 1 = 6 wh
 * - K4 priority reg Wed 18 Nov 10:00 (due 15:00), answered 14:30 = 3 + 0.5 = 3.5 wh
 * - K6 override reg Thu 19 Nov 09:00, answered 10:00 (1 wh); the SMC approved a spelling
 *               block with a reason
 * - K11         reg Mon 23 Nov 09:00, routed to health, reassigned to transport at 10:00:
 *               withdrawn for health
 * - K8          reg Tue 24 Nov 10:00, «ответ не нужен» at 10:30: withdrawn
 * - K9          reg Tue 24 Nov 11:00, no answer at 12:00 (due Wed 11:00): open
 * - K10         reg Tue 24 Nov 11:10, not routed yet: in nobody's figures
 * transport:
 * - K2 weekend  reg Fri 20 Nov 16:00, answered Mon 23 Nov 11:00 = 2 + 2 = 4 wh (due Mon 17:00)
 * - K11         reassigned to it Mon 23 Nov 10:00, answered 16:00 = 3 + 2 = 5 wh
 */
let t: TestServer
let signedIn = new Map<UserKey, ApiClient>()
async function as(who: UserKey) {
  let c = signedIn.get(who)
  if (!c) {
    c = new ApiClient(t.url)
    await c.signIn(TEST_USERS[who].login, TEST_PASSWORD)
    signedIn.set(who, c)
  }
  return c
}
/** Moves the server's clock (overdue is swept as it moves); sessions expire on long jumps. */
async function at(iso: string) {
  await t.anonymous().post('/api/test/clock', { at: iso })
  signedIn = new Map()
}
const ids: Record<string, string> = {}
let seq = 0

/** Registered at the full hour, as the hourly registration does (the test clock ticks on). */
async function register(key: string, when: string) {
  await at(when)
  const now = new Date(when)
  const { id } = await t.server.deps.comments.register({
    network: 'vk',
    pageId: '-100',
    networkPostId: '77',
    networkCommentId: `a${++seq}`,
    authorName: `Житель ${key}`,
    authorUrl: 'https://vk.com/id1',
    text: `Комментарий ${key}: когда отремонтируют дорогу?`,
    thread: { postText: 'Дороги', postUrl: 'https://vk.com/wall-100_77', earlier: [] },
    leftAt: now,
    registeredAt: now,
  })
  ids[key] = id
}
async function act(who: UserKey, key: string, when: string, payload: Record<string, unknown>) {
  await at(when)
  const client = await as(who)
  const current = (await client.get(`/api/comments/${ids[key]}`)).body
  const r = await client.post(`/api/comments/${ids[key]}/events`, {
    ...payload,
    expectedVersion: current.version,
  })
  if (r.status !== 200)
    throw new Error(`${key} ${String(payload.type)}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const answerText = (key: string) =>
  `Здравствуйте! Дорогу у дома № 14 на улице Ленина отремонтируют до 5 декабря (${key}).`
const route = (key: string, when: string, departmentId = 'health', priority = false) =>
  act('editor', key, when, { type: 'TRIAGE', departmentId, priority })
const answer = (key: string, when: string, who: UserKey = 'deptOwn', interim = false) =>
  act(who, key, when, { type: 'SUBMIT_ANSWER', text: answerText(key), interim })
/** The reply worker's word that the approved answer reached the page (at the clock's now). */
async function posted(key: string) {
  await t.server.deps.comments.applySystemEvent(
    ids[key]!,
    { type: 'POSTED' },
    t.server.deps.clock.now(),
  )
}

const NOV = 'from=2026-11-01&to=2026-11-30'

beforeAll(async () => {
  t = await startTestServer()
  await register('K3', '2026-11-03T15:00:00+05:00')
  await route('K3', '2026-11-03T15:30:00+05:00')
  await answer('K3', '2026-11-06T10:00:00+05:00')
  await register('K7', '2026-11-16T09:00:00+05:00')
  await route('K7', '2026-11-16T09:05:00+05:00')
  await answer('K7', '2026-11-16T10:00:00+05:00')
  await act('editor', 'K7', '2026-11-16T10:30:00+05:00', {
    type: 'RETURN_TO_DEPARTMENT',
    comment: 'Нет сроков',
  })
  await register('K1', '2026-11-16T11:00:00+05:00')
  await route('K1', '2026-11-16T11:30:00+05:00')
  await answer('K1', '2026-11-16T15:00:00+05:00')
  await register('K5', '2026-11-17T09:00:00+05:00')
  await route('K5', '2026-11-17T09:10:00+05:00')
  await answer('K5', '2026-11-17T11:00:00+05:00', 'deptOwn', true)
  await answer('K7', '2026-11-17T11:00:00+05:00')
  await act('editor', 'K5', '2026-11-17T12:00:00+05:00', { type: 'APPROVE_ANSWER', textVersion: 1 })
  await posted('K5')
  await register('K4', '2026-11-18T10:00:00+05:00')
  await answer('K5', '2026-11-18T10:00:00+05:00')
  await route('K4', '2026-11-18T10:05:00+05:00', 'health', true)
  await answer('K4', '2026-11-18T14:30:00+05:00')
  await register('K6', '2026-11-19T09:00:00+05:00')
  await route('K6', '2026-11-19T09:05:00+05:00')
  await answer('K6', '2026-11-19T10:00:00+05:00')
  const edited = await act('editor', 'K6', '2026-11-19T10:30:00+05:00', {
    type: 'EDIT_ANSWER',
    text: answerText('K6').replace('до 5 декабря', 'до 5 декабря, подрядчик из Лесобазы'),
  })
  await act('editor', 'K6', '2026-11-19T10:30:00+05:00', {
    type: 'APPROVE_ANSWER',
    textVersion: edited.answer.textVersion,
    override: 'Лесобаза — посёлок, название верное',
  })
  await register('K2', '2026-11-20T16:00:00+05:00')
  await route('K2', '2026-11-20T16:10:00+05:00', 'transport')
  await register('K11', '2026-11-23T09:00:00+05:00')
  await route('K11', '2026-11-23T09:05:00+05:00')
  await act('editor', 'K11', '2026-11-23T10:00:00+05:00', {
    type: 'REASSIGN',
    departmentId: 'transport',
  })
  await answer('K2', '2026-11-23T11:00:00+05:00', 'deptOther')
  await answer('K11', '2026-11-23T16:00:00+05:00', 'deptOther')
  await register('K8', '2026-11-24T10:00:00+05:00')
  await route('K8', '2026-11-24T10:05:00+05:00')
  await act('editor', 'K8', '2026-11-24T10:30:00+05:00', { type: 'DISMISS', reason: 'thanks' })
  await register('K9', '2026-11-24T11:00:00+05:00')
  await route('K9', '2026-11-24T11:05:00+05:00')
  await register('K10', '2026-11-24T11:10:00+05:00')
  await at('2026-11-24T12:00:00+05:00')
}, 180_000)
afterAll(() => t?.close())

const report = async (who: UserKey = 'editor', q = NOV) => {
  const r = await (await as(who)).get<CommentsReportDto>(`/api/analytics/comments/departments?${q}`)
  expect(r.status).toBe(200)
  return r.body
}
const drill = async (q: string, who: UserKey = 'editor') => {
  const r = await (await as(who)).get<CommentListDto>(`/api/analytics/comments?${NOV}&${q}`)
  expect(r.status, q).toBe(200)
  const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]))
  return r.body.items.map((i) => names[i.commentId])
}

describe('GET /api/analytics/comments/departments', () => {
  it('computes the comment figures from comment_history, as by hand', async () => {
    const r = await report()
    const health = r.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health).toMatchObject({
      registered: 9,
      onTime: 5, // K7, K1, K5, K4, K6
      late: 1, // K3
      open: 1, // K9
      withdrawn: 2, // K11 (reassigned), K8 (no answer needed)
      priority: 1,
      interim: 1,
      overdue: 1,
      overdueComments: 1,
      overridden: 1,
      returns: 1,
      provisional: false,
    })
    expect(health.onTimeRate).toBeCloseTo(5 / 6)
    // first answers K7 1, K6 1, K1 3, K5 3 (the interim), K3 11 → median 3, p90 3 + 0.6 × 8
    expect(health.response.comment).toEqual({
      unit: 'workingHours',
      count: 5,
      median: 3,
      p90: 7.8,
    })
    expect(health.response.commentPriority).toMatchObject({ count: 1, median: 3.5, p90: 3.5 })
    expect(health.final).toMatchObject({ count: 1, median: 6 })
    const transport = r.departments.find((d) => d.departmentId === 'transport')!.figures
    expect(transport).toMatchObject({ registered: 2, onTime: 2, late: 0, onTimeRate: 1 })
    expect(transport.response.comment).toMatchObject({ median: 4.5, p90: 4.9 })
    // in total: 1, 1, 3, 3, 4, 5, 11 → median 3, p90 5 + 0.4 × 6 = 7.4
    expect(r.total).toMatchObject({ registered: 11, onTime: 7, late: 1, open: 1, withdrawn: 2 })
    expect(r.total.onTimeRate).toBeCloseTo(0.875)
    expect(r.total.response.comment).toMatchObject({ median: 3, p90: 7.4 })
    expect(r.departments.length).toBe(20)
    expect(r.calendar).toMatchObject({ revision: 1, provisionalYears: [] })
  })

  it('trend by week and by month, and the distribution of response times', async () => {
    const r = await report('admin')
    expect(r.trend.week.find((w) => w.from === '2026-11-02')).toMatchObject({
      received: 1,
      late: 1,
    })
    expect(r.trend.week.find((w) => w.from === '2026-11-16')).toMatchObject({
      to: '2026-11-22',
      received: 6,
      onTime: 6,
      late: 0,
      onTimeRate: 1,
    })
    expect(r.trend.week.find((w) => w.from === '2026-11-23')).toMatchObject({
      to: '2026-11-29',
      received: 4,
      onTime: 1,
      open: 1,
    })
    expect(r.trend.month).toEqual([
      {
        from: '2026-11-01',
        to: '2026-11-30',
        received: 11,
        onTime: 7,
        late: 1,
        open: 1,
        onTimeRate: 0.875,
      },
    ])
    // bins [0,1) [1,2) [2,4) [4,8) [8,16) [16,∞): K7 K6 | K1 K5 | K2 K11 | K3
    expect(r.distribution.comment.bins.map((b) => b.count)).toEqual([0, 2, 2, 2, 1, 0])
    expect(r.distribution.commentPriority.bins.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 0])
  })

  it('a department contact sees only its own comments, whatever it asks', async () => {
    for (const q of [NOV, `${NOV}&department=transport`]) {
      const r = await report('deptOther', q)
      expect(r.departments.map((d) => d.departmentId)).toEqual(['transport'])
      expect(r.total.registered).toBe(2)
    }
    expect(await drill('department=health', 'deptOther')).toEqual(['K2', 'K11'])
    const gov = await as('governor')
    expect((await gov.get(`/api/analytics/comments/departments?${NOV}`)).status).toBe(403)
    expect((await gov.get(`/api/analytics/comments?${NOV}`)).status).toBe(403)
    expect((await t.anonymous().get(`/api/analytics/comments?${NOV}`)).status).toBe(401)
  })

  it('the governor’s weekly summary tells how last week’s comments were answered', async () => {
    const w = await (await as('governor')).get('/api/analytics/weekly')
    expect(w.status).toBe(200)
    // 16–22 Nov: K7, K1, K5, K4, K6 (health) and K2 (transport), all on time
    expect(w.body.period).toEqual({ from: '2026-11-16', to: '2026-11-22' })
    expect(w.body.comments).toEqual({
      registered: 6,
      onTime: 6,
      late: 0,
      onTimeRate: 1,
      overdue: 0,
      latest: [],
    })
  })

  it('refuses a bad period or figure with a readable 400', async () => {
    const editor = await as('editor')
    for (const q of [
      'from=2026-11-30&to=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      `${NOV}&figure=everything`,
      `${NOV}&kind=urgent`,
    ]) {
      const r = await editor.get(`/api/analytics/comments?${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.message).toMatch(/[А-Яа-я]/)
    }
  })

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).body
    expect(
      doc.paths['/api/analytics/comments/departments'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(['from', 'to', 'department'])
    expect(doc.paths['/api/analytics/comments'].get.operationId).toBe('listAnalyticsComments')
  })
})

describe('drill-down: the comments behind a figure', () => {
  it('each figure lists exactly the comments counted in it', async () => {
    expect(await drill('figure=late')).toEqual(['K3'])
    expect(await drill('figure=overdue')).toEqual(['K3'])
    expect(await drill('figure=open')).toEqual(['K9'])
    expect(await drill('figure=withdrawn&department=health')).toEqual(['K11', 'K8'])
    expect(await drill('figure=interim')).toEqual(['K5'])
    expect(await drill('figure=final')).toEqual(['K5'])
    expect(await drill('figure=returned')).toEqual(['K7'])
    expect(await drill('figure=received&kind=commentPriority')).toEqual(['K4'])
    expect(await drill('figure=answered&kind=comment&bin=1')).toEqual(['K7', 'K6'])
    expect(await drill('figure=onTime&department=transport')).toEqual(['K2', 'K11'])
  })

  it('rows carry the deadlines, the interim and final answers, overrides with reasons', async () => {
    const editor = await as('editor')
    const row = async (figure: string) =>
      (await editor.get<CommentListDto>(`/api/analytics/comments?${NOV}&figure=${figure}`)).body
        .items[0]!
    const toMinute = (iso: string | null) =>
      iso === null ? null : new Date(iso).toISOString().slice(0, 16)
    const interim = await row('interim')
    expect(
      [interim.receivedAt, interim.dueAt, interim.interimPostedAt, interim.finalDueAt].map(
        toMinute,
      ),
    ).toEqual(['2026-11-17T04:00', '2026-11-18T05:00', '2026-11-17T07:00', '2026-11-26T07:00'])
    expect(interim).toMatchObject({ responseHours: 3, finalResponseHours: 6, outcome: 'onTime' })
    const late = await row('late')
    // due Thu 5 Nov 17:00: the short day before the holiday, then a whole day
    expect(toMinute(late.dueAt)).toBe('2026-11-05T12:00')
    expect(late).toMatchObject({ responseHours: 11, overdue: 1 })
    const overridden = await row('overridden')
    expect(overridden.overrides).toMatchObject([
      { reason: 'Лесобаза — посёлок, название верное', rules: ['spelling'] },
    ])
    const returned = await row('returned')
    expect(returned).toMatchObject({ returns: 1, returnReasons: ['Нет сроков'], responseHours: 1 })
  })
})

describe('exports', () => {
  it('CSV: the comments table under the requests, with the same figures', async () => {
    const editor = await as('editor')
    const res = await fetch(`${t.url}/api/analytics/departments/export?${NOV}&format=csv`, {
      headers: { cookie: editor.cookie },
    })
    expect(res.status).toBe(200)
    const lines = Buffer.from(await res.arrayBuffer())
      .subarray(3)
      .toString('utf8')
      .split('\r\n')
    expect(lines[1]).toBe('Период;01.11.2026 – 30.11.2026')
    expect(lines[2]).toMatch(/^Календарь;редакция 1/)
    const start = lines.findIndex((l) => l.startsWith('Ответы на комментарии жителей'))
    expect(start).toBeGreaterThan(0)
    const block = lines.slice(start)
    expect(block[1]).toMatch(/^Департамент;Комментариев;В срок;С опозданием;Без ответа;Сняты;/)
    expect(block.find((l) => l.startsWith('Депздрав Югры;'))).toBe(
      'Депздрав Югры;9;5;1;1;2;83,3\u00a0%;3;7,8;1;3,5;3,5;1;6;1;1;1',
    )
    expect(block.find((l) => l.startsWith('Итого;'))).toBe(
      'Итого;11;7;1;1;2;87,5\u00a0%;3;7,4;1;3,5;3,5;1;6;1;1;1',
    )
  })

  it('XLSX: a sheet of departments and a sheet of every comment behind it', async () => {
    const editor = await as('editor')
    const res = await fetch(`${t.url}/api/analytics/departments/export?${NOV}&format=xlsx`, {
      headers: { cookie: editor.cookie },
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const sheet = wb.getWorksheet('Комментарии по департаментам')!
    expect(sheet.getCell('B2').value).toBe('01.11.2026 – 30.11.2026')
    expect(String(sheet.getCell('B3').value)).toMatch(/^редакция 1/)
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][]
    const health = rows.find((r) => r[1] === 'Депздрав Югры')!
    expect(health.slice(2, 10)).toEqual([9, 5, 1, 1, 2, 5 / 6, 3, 7.8])
    const list = wb.getWorksheet('Комментарии')!
    expect(list.rowCount).toBe(5 + 1 + 11) // heading, blank, header, 11 comments
    const all = list.getSheetValues().filter(Boolean) as unknown[][]
    const k6 = all.find((r) => String(r[1]).startsWith('Комментарий K6'))!
    expect(k6[16]).toBe('Лесобаза — посёлок, название верное (орфография)')
  })
})

describe('the deadline judged is the one the department was given', () => {
  /**
   * KD (health), December:
   * - reg Mon 7 Dec 09:00, routed; answered 10:00 (1 wh; the clock was due Tue 8 Dec 10:00)
   * - returned 10:30: a new clock, due Tue 8 Dec 11:30 (6.5 + 2.5 wh); the department sends an
   *   interim answer at 11:00, the SMC approves it at 11:30, and its reply is confirmed by hand
   *   only on Tue 8 Dec 12:00 — half an hour late (a comment being posted is not swept, so no
   *   overdue is recorded: the late answer is known from the deadline alone)
   * Then the admin makes Tue 8 Dec a day off. Recomputed with that calendar, the second clock
   * would be due Wed 9 Dec 11:30 and the comment would turn from late to still open (its final
   * clock runs); judged by the deadlines recorded when the clocks started, nothing changes.
   */
  const DEC = 'from=2026-12-01&to=2026-12-31'
  const kd = async () => {
    const r = await (
      await as('editor')
    ).get<CommentListDto>(`/api/analytics/comments?${DEC}&department=health`)
    expect(r.status).toBe(200)
    return r.body.items
  }

  it('a holiday added later does not re-judge an answered comment', async () => {
    await register('KD', '2026-12-07T09:00:00+05:00')
    await route('KD', '2026-12-07T09:05:00+05:00')
    await answer('KD', '2026-12-07T10:00:00+05:00')
    await act('editor', 'KD', '2026-12-07T10:30:00+05:00', {
      type: 'RETURN_TO_DEPARTMENT',
      comment: 'Нет сроков',
    })
    await answer('KD', '2026-12-07T11:00:00+05:00', 'deptOwn', true)
    await act('editor', 'KD', '2026-12-07T11:30:00+05:00', {
      type: 'APPROVE_ANSWER',
      textVersion: 1,
    })
    await at('2026-12-08T12:00:00+05:00')
    await posted('KD')
    await at('2026-12-09T09:00:00+05:00')

    const before = await report('editor', DEC)
    const rows = await kd()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      outcome: 'late',
      responseHours: 1,
      returns: 1,
      overdue: 0,
    })
    expect(new Date(rows[0]!.dueAt).toISOString()).toBe('2026-12-08T05:00:00.000Z')
    expect(before.departments.find((d) => d.departmentId === 'health')!.figures).toMatchObject({
      registered: 1,
      late: 1,
      open: 0,
      interim: 1,
    })

    const admin = await as('admin')
    const cal = (await admin.get('/api/calendar')).body
    const saved = await admin.request('PUT', '/api/admin/calendar-settings', {
      ...cal.settings,
      overrides: [...cal.settings.overrides, { date: '2026-12-08', kind: 'dayOff' }],
      revision: cal.revision,
    })
    expect(saved.status).toBe(200)

    const after = await report('editor', DEC)
    expect(after.calendar.revision).toBe(before.calendar.revision + 1)
    expect(await kd()).toEqual(rows)
    expect(after.departments).toEqual(before.departments)
    expect(after.total).toEqual(before.total)
  })
})

describe('a provisional year', () => {
  it('measures across a provisional short day and a holiday, and says the year is provisional', async () => {
    // Mon 22 Feb 2027 16:00 (the eve of 23 Feb: a short day, provisional) → Wed 24 Feb 10:00
    await register('K12', '2027-02-22T16:00:00+05:00')
    await route('K12', '2027-02-22T16:05:00+05:00')
    await answer('K12', '2027-02-24T10:00:00+05:00')
    const r = await report('editor', 'from=2027-02-01&to=2027-02-28')
    const health = r.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health).toMatchObject({ registered: 1, onTime: 1, provisional: true })
    expect(health.response.comment.median).toBe(2)
    expect(r.calendar.provisionalYears).toEqual([2027])
    const rows = await (
      await as('editor')
    ).get<CommentListDto>('/api/analytics/comments?from=2027-02-01&to=2027-02-28')
    // 1 h on Monday, then 8 on Wednesday: due Wed 24 Feb 18:00
    expect(new Date(rows.body.items[0]!.dueAt).toISOString().slice(0, 16)).toBe('2027-02-24T13:00')
    expect(rows.body.items[0]!.provisional).toBe(true)
  })
})
