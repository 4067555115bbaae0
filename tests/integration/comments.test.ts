import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// Citizens' comments over real HTTP: who sees what, the answer workflow per role, the
// checker's block and the SMC's override, interim → final, overdue once.

let t: TestServer
let smc: ApiClient
let health: ApiClient
let transport: ApiClient
let governor: ApiClient
let seq = 0

// Tue 1 Dec 2026, 10:00 in the region
const START = new Date('2026-12-01T10:00:00+05:00')

beforeAll(async () => {
  t = await startTestServer({ config: { testNow: START } })
  ;[smc, health, transport, governor] = await Promise.all([
    t.client('editor'),
    t.client('deptOwn'),
    t.client('deptOther'),
    t.client('governor'),
  ])
}, 120_000)
afterAll(async () => {
  await t?.close()
})

async function newComment(text = 'Когда заделают яму у дома 14 на Ленина?') {
  const now = t.server.deps.clock.now()
  const { id } = await t.server.deps.comments.register({
    network: 'vk',
    pageId: '-100',
    networkPostId: '55',
    networkCommentId: String(++seq),
    authorName: 'Мария Иванова',
    authorUrl: 'https://vk.com/id1',
    text,
    thread: {
      postText: 'Ремонт дорог в Сургуте',
      postUrl: 'https://vk.com/wall-100_55',
      earlier: [],
    },
    leftAt: now,
    registeredAt: now,
  })
  return id
}
const get = (who: ApiClient, id: string) => who.get(`/api/comments/${id}`)
const send = (who: ApiClient, id: string, version: number, payload: Record<string, unknown>) =>
  who.post(`/api/comments/${id}/events`, { ...payload, expectedVersion: version })

const GOOD =
  'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина заделают до 5 декабря: подрядчик ООО «Дорожник» получил задание.'

describe('the whole answer, per role', () => {
  it('registered → routed → answered → reviewed → posting; each role sees and does only its part', async () => {
    const id = await newComment()
    // before triage: the SMC sees it, no department does
    expect((await get(smc, id)).body.allowedEvents).toEqual(['TRIAGE', 'DISMISS'])
    expect((await get(health, id)).status).toBe(404)
    expect((await health.get('/api/comments')).body.items.map((c: any) => c.id)).not.toContain(id)

    // only the SMC triages; a stale version is a 409; an unknown department a 422
    expect((await send(governor, id, 1, { type: 'TRIAGE', departmentId: 'health' })).status).toBe(
      403,
    )
    expect((await send(health, id, 1, { type: 'TRIAGE', departmentId: 'health' })).status).toBe(404)
    expect((await send(smc, id, 0, { type: 'TRIAGE', departmentId: 'health' })).status).toBe(409)
    expect((await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'nowhere' })).status).toBe(422)
    const routed = await send(smc, id, 1, {
      type: 'TRIAGE',
      departmentId: 'health',
      priority: false,
    })
    expect(routed.status).toBe(200)
    expect(routed.body).toMatchObject({ state: 'withDepartment', departmentId: 'health' })
    // Tue 10:00 + 9 working hours (lunch excluded) = Wed 11:00
    // (the test clock runs on from START, so give it a minute)
    const due = Date.parse(routed.body.deadlineAt) - Date.parse('2026-12-02T11:00:00+05:00')
    expect(due).toBeGreaterThanOrEqual(0)
    expect(due).toBeLessThan(60_000)

    // the department sees it now; the other one does not
    const inbox = await health.get('/api/comments')
    expect(inbox.body.items.map((c: any) => c.id)).toContain(id)
    expect((await get(transport, id)).status).toBe(404)
    expect((await get(health, id)).body.allowedEvents).toEqual(['SUBMIT_ANSWER'])

    // a blocking checker issue stops the department, with the issues to highlight
    const blocked = await send(health, id, 2, { type: 'SUBMIT_ANSWER', text: 'Щас сделаем.' })
    expect(blocked.status).toBe(422)
    expect(blocked.body.error.code).toBe('answer_blocked')
    expect(blocked.body.error.details.issues.map((i: any) => i.rule)).toEqual(
      expect.arrayContaining(['greeting', 'colloquial']),
    )
    expect((await get(health, id)).body.version).toBe(2)

    const submitted = await send(health, id, 2, { type: 'SUBMIT_ANSWER', text: GOOD })
    expect(submitted.status).toBe(200)
    expect(submitted.body.state).toBe('inReview')
    expect(submitted.body.clock.answeredAt).not.toBeNull()

    // the SMC edits (a blocking mistake slips in), then approves only with a written reason
    const edited = await send(smc, id, 3, {
      type: 'EDIT_ANSWER',
      text: GOOD.replace('подрядчик', 'подрядчик из Лесобазы'),
    })
    expect(edited.status).toBe(200)
    expect(edited.body.submitted.text).toBe(GOOD)
    const noReason = await send(smc, id, 4, { type: 'APPROVE_ANSWER', textVersion: 2 })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.details.issues[0].rule).toBe('spelling')
    const approved = await send(smc, id, 4, {
      type: 'APPROVE_ANSWER',
      textVersion: 2,
      override: 'Лесобаза — посёлок, название верное',
    })
    expect(approved.status).toBe(200)
    expect(approved.body.state).toBe('posting')
    expect(approved.body.approval.override).toEqual({
      reason: 'Лесобаза — посёлок, название верное',
      rules: ['spelling'],
    })
    const events = approved.body.history.map((h: any) => h.event)
    expect(events).toEqual([
      'REGISTERED',
      'TRIAGE',
      'SUBMIT_ANSWER',
      'EDIT_ANSWER',
      'APPROVE_ANSWER',
    ])
    // the department's view of the history holds only what concerns it
    const deptView = await get(health, id)
    expect(deptView.body.history.map((h: any) => h.event)).toEqual([
      'TRIAGE',
      'SUBMIT_ANSWER',
      'EDIT_ANSWER',
      'APPROVE_ANSWER',
    ])
  })

  it('«ответ не нужен» needs a reason; the comment leaves the clock', async () => {
    const id = await newComment('Спасибо за новый парк!')
    expect((await send(smc, id, 1, { type: 'DISMISS' })).status).toBe(400)
    const r = await send(smc, id, 1, { type: 'DISMISS', reason: 'thanks' })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ state: 'noAnswerNeeded', deadlineAt: null })
    expect(r.body.allowedEvents).toEqual([])
  })

  it('reassignment moves the comment and its clock to the other department', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health', priority: true })
    const moved = await send(smc, id, 2, { type: 'REASSIGN', departmentId: 'transport' })
    expect(moved.body).toMatchObject({ state: 'withDepartment', departmentId: 'transport' })
    expect(moved.body.clock).toMatchObject({ number: 2, kind: 'priority' })
    expect((await get(health, id)).status).toBe(404)
    expect((await get(transport, id)).status).toBe(200)
  })

  it("after a reassignment the new department reads neither the old one's answer nor the SMC's notes to it", async () => {
    // Issue 26, item 6: scoped like the history, in the detail and in every event's answer.
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health', priority: false })
    await send(health, id, 2, { type: 'SUBMIT_ANSWER', text: GOOD })
    const RETURN_NOTE = 'Депздрав: уточните сроки у подрядчика'
    await send(smc, id, 3, { type: 'RETURN_TO_DEPARTMENT', comment: RETURN_NOTE })
    const HEALTH_DRAFT = GOOD.replace('5 декабря', '7 декабря')
    await send(health, id, 4, { type: 'SUBMIT_ANSWER', text: HEALTH_DRAFT })
    await send(smc, id, 5, { type: 'EDIT_ANSWER', text: `${HEALTH_DRAFT} Подробности у ЦСМ.` })
    const moved = await send(smc, id, 6, { type: 'REASSIGN', departmentId: 'transport' })
    expect(moved.status).toBe(200)
    // the SMC still sees everything
    expect(moved.body.answer.text).toContain(HEALTH_DRAFT)
    expect(moved.body.notes.map((n: any) => n.text)).toEqual([RETURN_NOTE])

    const seen = (await get(transport, id)).body
    expect(seen.answer).toEqual({
      text: '',
      textVersion: moved.body.answer.textVersion,
      interim: false,
    })
    expect(seen.submitted).toBeNull()
    expect(seen.notes).toEqual([])
    expect(seen.approval).toBeNull()
    expect(seen.history.map((h: any) => h.event)).toEqual(['REASSIGN'])
    expect(JSON.stringify(seen)).not.toContain('Депздрав')
    expect(JSON.stringify(seen)).not.toContain('Ленина заделают')

    // the new department answers on the version it was shown; then it sees its own answer,
    // and a note the SMC writes to it — still nothing of the old department's
    const own = GOOD.replace('ООО «Дорожник»', 'МКУ «Дорожное хозяйство»')
    const answered = await send(transport, id, 7, {
      type: 'SUBMIT_ANSWER',
      text: own,
      textVersion: seen.answer.textVersion,
    })
    expect(answered.status).toBe(200)
    expect(answered.body.answer.text).toBe(own)
    expect(answered.body.submitted.text).toBe(own)
    const NOTE_TO_TRANSPORT = 'Дептранс: добавьте дату'
    await send(smc, id, 8, { type: 'RETURN_TO_DEPARTMENT', comment: NOTE_TO_TRANSPORT })
    const later = (await get(transport, id)).body
    expect(later.answer.text).toBe(own)
    expect(later.notes.map((n: any) => n.text)).toEqual([NOTE_TO_TRANSPORT])
    expect(JSON.stringify(later)).not.toContain('Депздрав')
  })
})

describe('interim answer, then the final one', () => {
  it('an interim answer posted starts the final clock of 7 working days', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
    const interim = await send(health, id, 2, {
      type: 'SUBMIT_ANSWER',
      text: 'Здравствуйте, Мария! Комиссия осмотрит дорогу 3 декабря, о решении сообщим до 10 декабря.',
      interim: true,
    })
    expect(interim.body).toMatchObject({ state: 'inReview', answer: { interim: true } })
    const approved = await send(smc, id, 3, { type: 'APPROVE_ANSWER', textVersion: 1 })
    expect(approved.body.state).toBe('posting')
    const postedAt = t.server.deps.clock.now()
    await t.server.deps.comments.applySystemEvent(id, { type: 'POSTED' }, postedAt)
    const after = await get(health, id)
    expect(after.body.state).toBe('withDepartment')
    expect(after.body.clock.kind).toBe('final')
    expect(after.body.interimPostedAt).not.toBeNull()
    // a second interim answer is refused; the final one goes
    const again = await send(health, id, after.body.version, {
      type: 'SUBMIT_ANSWER',
      text: 'Здравствуйте! Комиссия выедет 4 декабря.',
      interim: true,
    })
    expect(again.status).toBe(422)
    const final = await send(health, id, after.body.version, {
      type: 'SUBMIT_ANSWER',
      text: 'Здравствуйте, Мария! Яму заделали 4 декабря, подрядчик ООО «Дорожник».',
    })
    expect(final.body.state).toBe('inReview')
  })
})

describe('overdue', () => {
  it('is recorded once, whatever the number of sweeps', async () => {
    const id = await newComment()
    await send(smc, id, 1, { type: 'TRIAGE', departmentId: 'health' })
    const anon = t.anonymous()
    // two days later, two sweeps
    await anon.post('/api/test/clock', { advanceMs: 2 * 86_400_000 })
    await anon.post('/api/test/clock', { advanceMs: 60_000 })
    const r = await get(smc, id)
    expect(r.body.overdue).toBe(true)
    expect(r.body.history.filter((h: any) => h.event === 'DEADLINE_PASSED')).toHaveLength(1)
    const list = await smc.get('/api/comments')
    expect(list.body.items[0].overdue).toBe(true)
  })
})

describe('bad input', () => {
  it('is a 400, never a 500, and changes nothing', async () => {
    const id = await newComment()
    for (const body of [
      {},
      { type: 'TRIAGE', expectedVersion: 1 },
      { type: 'NOPE', expectedVersion: 1 },
      { type: 'SUBMIT_ANSWER', text: '   ', expectedVersion: 1 },
      { type: 'SUBMIT_ANSWER', text: 'x'.repeat(20_001), expectedVersion: 1 },
    ])
      expect((await smc.post(`/api/comments/${id}/events`, body)).status).toBe(400)
    expect((await smc.get('/api/comments/not-a-uuid')).status).toBe(400)
    expect((await get(smc, id)).body.version).toBe(1)
  })
})
