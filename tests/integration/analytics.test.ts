import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DepartmentsReportDto, RequestListDto } from '../../src/shared/api/analytics-contract'
import { newRequest } from '../setup/flows'
import {
  ApiClient,
  startTestServer,
  TEST_PASSWORD,
  TEST_USERS,
  type TestServer,
  type UserKey,
} from '../setup/test-server'

/**
 * Hand-computed fixtures driven through the real API on the server's test clock (default
 * office hours 09:00–18:00, lunch 13:00–14:00, short days close at 17:00; 2026 official,
 * 2027 provisional). Working hours by hand:
 * - A lunch    Mon 16 Nov 12:00 → 15:00                    = 2 h, on time
 * - B weekend  Fri 20 Nov 16:00 → Mon 23 Nov 10:00         = 3 h, on time (transport; for MAX only)
 * - C holiday  Tue 3 Nov 15:00 (short) → Thu 5 Nov 16:30   = 8.5 h, late (due Thu 15:00)
 * - D urgent   Wed 18 Nov 20:00 → 22:30                    = 2.5 clock hours, on time
 * - E returned Mon 16 Nov 10:00 → 11:00 (1 h), returned 14:30 «Нет дат», answered Wed 18 Nov
 *              09:30 against a due of Tue 14:30: late, one return
 * - F open     Tue 24 Nov 11:00, still with transport at 12:00 (for all four channels)
 * - G          Tue 17 Nov 10:00, cancelled at 11:00: withdrawn
 * - H 2027     Mon 22 Feb 2027 16:00 (provisional short day) → Wed 24 Feb 10:00 = 2 h
 */
let t: TestServer
/** Sessions expire as the clock jumps by days: sign in again after each jump. */
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
/** The clock stands at each moment, so the figures are exact to the second. */
async function at(iso: string) {
  await t.anonymous().post('/api/test/clock', { at: iso, frozen: true })
  signedIn = new Map()
}
const posts: Record<string, { id: string; version: number }> = {}

async function act(who: UserKey, key: string, payload: Record<string, unknown>) {
  const client = await as(who)
  // the sweeper may have recorded an overdue since (a new version)
  const p = (await client.get(`/api/posts/${posts[key]!.id}`)).body
  const r = await client.event(p.id, p.version, payload)
  if (r.status !== 200)
    throw new Error(`${key} ${String(payload.type)}: ${r.status} ${JSON.stringify(r.body)}`)
  posts[key] = r.body
}
async function request(
  key: string,
  when: string,
  over: Record<string, unknown> = {},
  by: UserKey = 'editor',
) {
  await at(when)
  const r = await (await as(by)).post('/api/posts', newRequest({ title: `Пост ${key}`, ...over }))
  if (r.status !== 201) throw new Error(`create ${key}: ${r.status} ${JSON.stringify(r.body)}`)
  posts[key] = r.body
  await act('editor', key, { type: 'SEND_REQUEST' })
}
async function answer(key: string, when: string, who: UserKey = 'deptOwn') {
  await at(when)
  await act(who, key, { type: 'SUBMIT_DRAFT', text: `Материал ${key} ${when}` })
}

const toSecond = (iso: string | null) => iso?.slice(0, 19)
const NOV = '/api/analytics/departments?from=2026-11-01&to=2026-11-30'

beforeAll(async () => {
  t = await startTestServer()
  await request('C', '2026-11-03T15:00:00+05:00')
  await answer('C', '2026-11-05T16:30:00+05:00')
  await request('E', '2026-11-16T10:00:00+05:00')
  await answer('E', '2026-11-16T11:00:00+05:00')
  await request('A', '2026-11-16T12:00:00+05:00')
  await at('2026-11-16T14:30:00+05:00')
  await act('editor', 'E', { type: 'RETURN_TO_DEPARTMENT', comment: 'Нет дат' })
  await answer('A', '2026-11-16T15:00:00+05:00')
  await request('G', '2026-11-17T10:00:00+05:00')
  await at('2026-11-17T11:00:00+05:00')
  await act('editor', 'G', { type: 'CANCEL', reason: 'Неактуально' })
  await answer('E', '2026-11-18T09:30:00+05:00')
  await request('D', '2026-11-18T20:00:00+05:00', {}, 'governor') // his instruction: urgent
  await answer('D', '2026-11-18T22:30:00+05:00')
  await request('B', '2026-11-20T16:00:00+05:00', { departmentId: 'transport', channels: ['max'] })
  await answer('B', '2026-11-23T10:00:00+05:00', 'deptOther')
  await request('F', '2026-11-24T11:00:00+05:00', {
    departmentId: 'transport',
    channels: ['telegram', 'vk', 'ok', 'max'],
  })
  await at('2026-11-24T12:00:00+05:00')
}, 120_000)
afterAll(() => t?.close())

describe('GET /api/analytics/departments', () => {
  it('computes the figures from the history, as by hand', async () => {
    const r = await (await as('editor')).get<DepartmentsReportDto>(NOV)
    expect(r.status).toBe(200)
    const health = r.body.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health).toMatchObject({
      received: 5, // A, C, D, E, G
      onTime: 2, // A, D
      late: 2, // C, E
      open: 0,
      withdrawn: 1, // G
      onTimeRate: 0.5,
      returns: 1,
      returned: 1,
      returnsPerRequest: 0.2,
      urgent: 1,
      provisional: false,
    })
    // regular: E 1, A 2, C 8.5 → median 2, p90 2 + 0.8 × 6.5 = 7.2; urgent D 2.5 clock hours
    expect(health.response.regular).toEqual({ unit: 'workingHours', count: 3, median: 2, p90: 7.2 })
    expect(health.response.urgent).toEqual({ unit: 'hours', count: 1, median: 2.5, p90: 2.5 })
    const transport = r.body.departments.find((d) => d.departmentId === 'transport')!.figures
    expect(transport).toMatchObject({ received: 2, onTime: 1, late: 0, open: 1, onTimeRate: 1 })
    expect(transport.response.regular).toMatchObject({ median: 3, p90: 3 })
    // in total: 1, 2, 3, 8.5 → median 2.5, p90 3 + 0.7 × 5.5 = 6.85
    expect(r.body.total).toMatchObject({ received: 7, onTime: 3, late: 2, open: 1, withdrawn: 1 })
    expect(r.body.total.onTimeRate).toBeCloseTo(0.6)
    expect(r.body.total.response.regular).toMatchObject({ median: 2.5, p90: 6.85 })
    // every active department is listed, with nothing to show where nothing happened
    expect(r.body.departments.length).toBe(20)
    expect(
      r.body.departments.find((d) => d.departmentId === 'culture')!.figures.onTimeRate,
    ).toBeNull()
    expect(r.body.calendar).toMatchObject({ revision: 1, provisionalYears: [] })
  })

  it('trend by week and the response-time distribution', async () => {
    const r = await (await as('admin')).get<DepartmentsReportDto>(NOV)
    const week = r.body.trend.week.find((w) => w.from === '2026-11-16')!
    expect(week).toMatchObject({ to: '2026-11-22', received: 5, onTime: 3, late: 1, open: 0 })
    expect(r.body.trend.week.find((w) => w.from === '2026-11-02')).toMatchObject({
      received: 1,
      late: 1,
    })
    expect(r.body.trend.month).toEqual([
      {
        from: '2026-11-01',
        to: '2026-11-30',
        received: 7,
        onTime: 3,
        late: 2,
        open: 1,
        onTimeRate: 0.6,
      },
    ])
    // regular bins [0,1) [1,2) [2,4) [4,8) [8,16) [16,∞): E 1, A 2, B 3, C 8.5
    expect(r.body.distribution.regular.bins.map((b) => b.count)).toEqual([0, 1, 2, 0, 1, 0])
    expect(r.body.distribution.urgent.bins.map((b) => b.count)).toEqual([0, 0, 1, 0, 0])
  })

  it('a department contact sees only its own department, whatever it asks', async () => {
    const own = await as('deptOwn')
    for (const url of [NOV, `${NOV}&department=transport`]) {
      const r = await own.get<DepartmentsReportDto>(url)
      expect(r.status).toBe(200)
      expect(r.body.departments.map((d) => d.departmentId)).toEqual(['health'])
      expect(r.body.total.received).toBe(5)
    }
    const drill = await own.get<RequestListDto>(
      '/api/analytics/requests?from=2026-11-01&to=2026-11-30&department=transport',
    )
    expect(drill.body.items.every((i) => i.departmentId === 'health')).toBe(true)
  })

  it('the governor gets the weekly summary, not the table', async () => {
    const gov = await as('governor')
    expect((await gov.get(NOV)).status).toBe(403)
    const w = await gov.get('/api/analytics/weekly')
    expect(w.status).toBe(200)
    // last full week 16–22 Nov: transport 1 of 1 on time; health A, D on time, E late
    expect(w.body.period).toEqual({ from: '2026-11-16', to: '2026-11-22' })
    expect(w.body.best.map((b: { departmentId: string }) => b.departmentId)).toEqual(['transport'])
    expect(w.body.worst.map((b: { departmentId: string }) => b.departmentId)).toEqual(['health'])
    expect(w.body.ranked).toBe(2)
    expect((await (await as('deptOwn')).get('/api/analytics/weekly')).status).toBe(403)
    expect((await t.anonymous().get(NOV)).status).toBe(401)
  })

  it('is documented in the OpenAPI document, with its query parameters', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).body
    const op = doc.paths['/api/analytics/departments'].get
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'department'])
    for (const path of [
      '/api/analytics/requests',
      '/api/analytics/departments/export',
      '/api/analytics/weekly',
    ])
      expect(doc.paths[path]?.get, path).toBeDefined()
  })

  it('refuses a bad period with a readable 400', async () => {
    const editor = await as('editor')
    for (const q of [
      'from=2026-11-30&to=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2020-01-01&to=2026-01-01',
      'from=1999-12-31&to=2000-01-02',
      'to=2026-11-01',
      'from=2026-11-01&to=2026-11-30&department=%D0%B4',
    ]) {
      const r = await editor.get(`/api/analytics/departments?${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.message).toMatch(/[А-Яа-я]/)
    }
  })
})

describe('drill-down: the requests behind a figure', () => {
  const drill = async (q: string) =>
    (
      await (
        await as('editor')
      ).get<RequestListDto>(`/api/analytics/requests?from=2026-11-01&to=2026-11-30&${q}`)
    ).body.items.map((i) => i.title)

  it('each figure lists exactly the requests counted in it', async () => {
    expect(await drill('figure=late&department=health')).toEqual(['Пост C', 'Пост E'])
    expect(await drill('figure=open')).toEqual(['Пост F'])
    expect(await drill('figure=withdrawn')).toEqual(['Пост G'])
    expect(await drill('figure=returned')).toEqual(['Пост E'])
    expect(await drill('figure=answered&kind=regular&bin=2')).toEqual(['Пост A', 'Пост B'])
    expect(await drill('figure=received&kind=urgent')).toEqual(['Пост D'])
    // a week of the trend is just a shorter period
    const week = await (
      await as('editor')
    ).get<RequestListDto>('/api/analytics/requests?from=2026-11-02&to=2026-11-08')
    expect(week.body.items.map((i) => [i.title, i.outcome, i.responseHours])).toEqual([
      ['Пост C', 'late', 8.5],
    ])
  })

  it('a request counts whatever channels it is meant for, MAX alone included', async () => {
    // B is for MAX only, F for all four channels: the department is judged the same
    expect(await drill('figure=onTime&department=transport')).toEqual(['Пост B'])
    expect(await drill('figure=received&department=transport')).toEqual(['Пост B', 'Пост F'])
  })

  it('rows carry the recorded deadline, the answer and the return reasons', async () => {
    const r = await (
      await as('editor')
    ).get<RequestListDto>('/api/analytics/requests?from=2026-11-01&to=2026-11-30&figure=returned')
    // the test clock keeps ticking after each jump: compare to the second
    const row = r.body.items[0]!
    expect([row.receivedAt, row.dueAt, row.firstAnsweredAt].map(toSecond)).toEqual([
      '2026-11-16T05:00:00',
      '2026-11-17T05:00:00',
      '2026-11-16T06:00:00',
    ])
    expect(row).toMatchObject({
      departmentId: 'health',
      responseHours: 1,
      returns: 1,
      returnReasons: ['Нет дат'],
    })
  })
})

describe('exports', () => {
  it('CSV: the period, the calendar version and the same figures', async () => {
    const editor = await as('editor')
    const api = (await editor.get<DepartmentsReportDto>(NOV)).body
    const res = await fetch(
      `${t.url}/api/analytics/departments/export?from=2026-11-01&to=2026-11-30&format=csv`,
      {
        headers: { cookie: editor.cookie },
      },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(
      'viza-departments-2026-11-01_2026-11-30.csv',
    )
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM Excel needs
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines[1]).toBe('Период;01.11.2026 – 30.11.2026')
    expect(lines[2]).toMatch(/^Календарь;редакция 1/)
    const health = lines.find((l) => l.startsWith('Депздрав Югры;'))!
    expect(health).toBe('Депздрав Югры;5;2;2;0;1;50\u00a0%;2;7,2;1;2,5;2,5;1;0,2')
    expect(lines.find((l) => l.startsWith('Итого;'))).toBe(
      'Итого;7;3;2;1;1;60\u00a0%;2,5;6,85;1;2,5;2,5;1;0,14',
    )
    expect(api.total.received).toBe(7)
  })

  it('XLSX: a workbook with the table and every request behind it', async () => {
    const editor = await as('editor')
    const api = (await editor.get<DepartmentsReportDto>(NOV)).body
    const res = await fetch(
      `${t.url}/api/analytics/departments/export?from=2026-11-01&to=2026-11-30&format=xlsx`,
      {
        headers: { cookie: editor.cookie },
      },
    )
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const sheet = wb.getWorksheet('Департаменты')!
    expect(sheet.getCell('B2').value).toBe('01.11.2026 – 30.11.2026')
    expect(String(sheet.getCell('B3').value)).toMatch(/^редакция 1/)
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][]
    const health = rows.find((r) => r[1] === 'Депздрав Югры')!
    const f = api.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health.slice(2, 9)).toEqual([5, 2, 2, 0, 1, 0.5, f.response.regular.median])
    const list = wb.getWorksheet('Запросы')!
    expect(list.rowCount).toBe(5 + 1 + 7) // heading, blank, header, 7 requests
  })

  it('a department name that starts a formula is text in the CSV, and a string in the XLSX', async () => {
    // Issue 26, item 8 (OWASP «CSV Injection»): the admin names the departments.
    const admin = await as('admin')
    const evil = '=HYPERLINK("http://evil.example";"Отчёт")'
    const created = await admin.post('/api/admin/departments', {
      id: 'formula-test',
      name: 'Департамент с формулой',
      shortName: evil,
    })
    expect(created.status).toBe(201)
    try {
      const editor = await as('editor')
      const url = `${t.url}/api/analytics/departments/export?from=2026-11-01&to=2026-11-30&format=`
      const csv = await fetch(url + 'csv', { headers: { cookie: editor.cookie } })
      const lines = Buffer.from(await csv.arrayBuffer())
        .subarray(3)
        .toString('utf8')
        .split('\r\n')
      const row = lines.filter((l) => l.includes('HYPERLINK'))
      expect(row.length).toBe(2) // the requests' table and the comments' table
      for (const l of row) expect(l.startsWith(`"'=HYPERLINK(""http://evil.example"";`)).toBe(true)
      // the figures beside it stay as they were
      expect(lines.find((l) => l.startsWith('Итого;'))).toBe(
        'Итого;7;3;2;1;1;60\u00a0%;2,5;6,85;1;2,5;2,5;1;0,14',
      )

      const xlsx = await fetch(url + 'xlsx', { headers: { cookie: editor.cookie } })
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never)
      const rows = wb.getWorksheet('Департаменты')!.getSheetValues().filter(Boolean) as unknown[][]
      // a plain string cell, never a formula: ExcelJS writes a formula only from {formula}
      expect(rows.find((r) => r[1] === evil)).toBeDefined()
    } finally {
      await admin.request('PATCH', '/api/admin/departments/formula-test', { active: false })
    }
  })

  it('refuses an unknown format', async () => {
    const r = await (
      await as('editor')
    ).get('/api/analytics/departments/export?from=2026-11-01&to=2026-11-30&format=pdf')
    expect(r.status).toBe(400)
  })
})

describe('a provisional year', () => {
  it('measures across a provisional short day and a holiday, and says the year is provisional', async () => {
    await request('H', '2027-02-22T16:00:00+05:00')
    await answer('H', '2027-02-24T10:00:00+05:00')
    const r = await (
      await as('editor')
    ).get<DepartmentsReportDto>('/api/analytics/departments?from=2027-02-01&to=2027-02-28')
    const health = r.body.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health).toMatchObject({ received: 1, onTime: 1, provisional: true })
    expect(health.response.regular.median).toBe(2)
    expect(r.body.calendar.provisionalYears).toEqual([2027])
    expect(r.body.calendar.label).toContain('2027 — предварительный год')
    const rows = await (
      await as('editor')
    ).get<RequestListDto>('/api/analytics/requests?from=2027-02-01&to=2027-02-28')
    expect(toSecond(rows.body.items[0]!.dueAt)).toBe('2027-02-24T11:00:00')
    expect(rows.body.items[0]!.provisional).toBe(true)
  })
})

describe('the deadline judged is the one the department was given', () => {
  it('a later calendar change does not turn a late answer into an on-time one', async () => {
    const admin = await as('admin')
    const cal = (await admin.get('/api/calendar')).body
    // Tue 17 Nov made a day off: E's second clock (due Tue 14:30) would now fall due on Wed 14:30,
    // after E's answer at 09:30 — but the recorded deadline is the one E was given.
    const saved = await admin.request('PUT', '/api/admin/calendar-settings', {
      ...cal.settings,
      overrides: [...cal.settings.overrides, { date: '2026-11-17', kind: 'dayOff' }],
      revision: cal.revision,
    })
    expect(saved.status).toBe(200)
    const r = await (await as('editor')).get<DepartmentsReportDto>(NOV)
    expect(r.body.calendar.revision).toBe(cal.revision + 1)
    const health = r.body.departments.find((d) => d.departmentId === 'health')!.figures
    expect(health).toMatchObject({ onTime: 2, late: 2 })
    const late = await (
      await as('editor')
    ).get<RequestListDto>(
      '/api/analytics/requests?from=2026-11-01&to=2026-11-30&figure=late&department=health',
    )
    expect(late.body.items.map((i) => i.title)).toEqual(['Пост C', 'Пост E'])
  })
})
