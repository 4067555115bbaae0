import { eq } from 'drizzle-orm'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMULATED, createChannelEmulator } from '../../src/mocks/channels'
import { CHANNELS_CHANNEL, ChannelRegistry } from '../../src/server/channels/registry'
import { channelSettings } from '../../src/server/db/schema'
import { silentLogger } from '../../src/server/lib/log'
import { CALENDAR_2027_XML } from '../fixtures/calendar-2027'
import { newRequest } from '../setup/flows'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

const emulator = createChannelEmulator()
const msw = setupServer(...emulator.handlers)
const XML_2027 = CALENDAR_2027_XML
const SECRET = 'test-secret-key-0123456789abcdef'

let t: TestServer
let admin: ApiClient
const patch = (path: string, body: unknown) => admin.request('PATCH', path, body)
const put = (path: string, body: unknown) => admin.request('PUT', path, body)

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' })
  process.env.VIZA_SECRET_KEY = SECRET
  t = await startTestServer()
  admin = await t.client('admin')
})
afterAll(async () => {
  await t?.close()
  msw.close()
  delete process.env.VIZA_SECRET_KEY
})

describe('users', () => {
  it('edits name, role, department, e-mail and active; a bad e-mail is a Russian 400', async () => {
    const created = await admin.post('/api/admin/users', {
      login: 'petrov',
      name: 'Пётр Петров',
      role: 'editor',
      password: 'long-enough-1',
      email: 'Petrov@Example.RU',
    })
    expect(created.status).toBe(201)
    expect(created.body.email).toBe('petrov@example.ru')
    const id = created.body.id
    const r = await patch(`/api/admin/users/${id}`, {
      name: 'Пётр Иванович Петров',
      role: 'department',
      departmentId: 'transport',
      email: 'p.petrov@gov.example.ru',
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      name: 'Пётр Иванович Петров',
      role: 'department',
      departmentId: 'transport',
      email: 'p.petrov@gov.example.ru',
      active: true,
    })
    const bad = await patch(`/api/admin/users/${id}`, { email: 'не почта' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/имя@example\.ru/)
    expect((await patch(`/api/admin/users/${id}`, { email: '' })).body.email).toBeNull()
    expect((await patch(`/api/admin/users/${id}`, { active: false })).body.active).toBe(false)
  })

  it('a switched-off person is told so, and whom to ask; a wrong password still learns nothing', async () => {
    const u = await admin.post('/api/admin/users', {
      login: 'sidorov',
      name: 'Сидоров Олег',
      role: 'department',
      departmentId: 'health',
      password: 'sidorov-password-1',
    })
    expect(u.status).toBe(201)
    await patch(`/api/admin/users/${u.body.id}`, { active: false })
    const right = await t.anonymous().post('/api/session', {
      login: 'sidorov',
      password: 'sidorov-password-1',
    })
    expect(right.status).toBe(403)
    expect(right.body.error.code).toBe('account_disabled')
    expect(right.body.error.message).toBe(
      'Учётная запись отключена. Чтобы снова работать в Визе, обратитесь к администратору: Админ.',
    )
    const wrong = await t.anonymous().post('/api/session', {
      login: 'sidorov',
      password: 'not-his-password',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.message).toBe('Неверный логин или пароль')
  })

  it('resets a password: old sessions end, the new password signs in', async () => {
    const u = await admin.post('/api/admin/users', {
      login: 'ivanova',
      name: 'Анна Иванова',
      role: 'governor',
      password: 'first-password-1',
    })
    const her = t.anonymous()
    await her.signIn('ivanova', 'first-password-1')
    expect((await her.get('/api/me')).status).toBe(200)
    const r = await admin.post(`/api/admin/users/${u.body.id}/password`, {
      password: 'new-password-42',
    })
    expect(r.status).toBe(200)
    expect((await her.get('/api/me')).status).toBe(401)
    await t.anonymous().signIn('ivanova', 'new-password-42')
    const short = await admin.post(`/api/admin/users/${u.body.id}/password`, { password: 'short' })
    expect(short.status).toBe(400)
    expect(short.body.error.message).toMatch(/не короче 8 знаков/)
  })
})

describe('departments', () => {
  it('renames and deactivates; shows which have no active contact, to the admin and the SMC', async () => {
    expect(
      (
        await admin.post('/api/admin/departments', {
          id: 'sport-test',
          name: 'Министерство культуры',
          shortName: 'Минкульт',
        })
      ).status,
    ).toBe(201)
    const renamed = await patch('/api/admin/departments/sport-test', { shortName: 'Минкультуры' })
    expect(renamed.body.shortName).toBe('Минкультуры')
    const overview = (await admin.get('/api/admin/departments')).body.items as Array<{
      id: string
      activeContacts: number
    }>
    expect(overview.find((d) => d.id === 'sport-test')!.activeContacts).toBe(0)
    expect(overview.find((d) => d.id === 'health')!.activeContacts).toBe(1)
    const smc = await t.client('editor')
    const list = (await smc.get('/api/departments')).body.items as Array<{
      id: string
      hasActiveContact: boolean
    }>
    expect(list.find((d) => d.id === 'sport-test')!.hasActiveContact).toBe(false)
    expect(list.find((d) => d.id === 'health')!.hasActiveContact).toBe(true)
    expect((await patch('/api/admin/departments/sport-test', { active: false })).body.active).toBe(
      false,
    )
  })
})

describe('channel settings', () => {
  const tg = () => admin.get('/api/admin/channels').then((r) => r.body)

  it('stores credentials encrypted, never returns them, and the running server uses them', async () => {
    const before = await tg()
    expect(before.canStore).toBe(true)
    expect(before.items.find((i: { channel: string }) => i.channel === 'telegram')).toMatchObject({
      configured: false,
      source: null,
    })
    const saved = await put('/api/admin/channels/telegram', {
      botToken: EMULATED.telegram.token,
      chatId: EMULATED.telegram.chatId,
    })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({
      channel: 'telegram',
      configured: true,
      source: 'settings',
      fieldsSet: ['botToken', 'chatId'],
    })
    const all = JSON.stringify([saved.body, await tg(), (await admin.get('/api/admin/audit')).body])
    expect(all).not.toContain(EMULATED.telegram.token)
    const [row] = await t.server.deps.database.db.select().from(channelSettings)
    expect(row!.secret).toMatch(/^v1\./)
    expect(row!.secret).not.toContain('TEST-token')
    // the publisher uses it at once: a post goes to the emulated Telegram
    const modes = (await (await t.client('editor')).get('/api/channels')).body.items
    expect(modes.find((m: { channel: string }) => m.channel === 'telegram').mode).toBe('real')
    const editor = await t.client('editor')
    const gov = await t.client('governor')
    let p = (
      await editor.post('/api/posts', newRequest({ departmentId: null, channels: ['telegram'] }))
    ).body
    p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
    p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text: 'Текст из настроек' })).body
    p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
    p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
    // the ledger (on the post itself) sends to a configured, real channel, not by hand
    const ledger = (await editor.get(`/api/posts/${p.id}`)).body.publications
    expect(ledger).toEqual([expect.objectContaining({ configured: true, mode: 'real' })])
    expect(['queued', 'sending', 'sent']).toContain(ledger[0].state)
    await t.server.deps.publisher.pass()
    expect(emulator.posts.map((x) => [x.channel, x.text])).toEqual([
      ['telegram', 'Текст из настроек'],
    ])
  })

  it('«Проверить подключение» asks Telegram, VK, OK and MAX, and tells a bad token apart', async () => {
    const check = async (ch: string) => (await admin.post(`/api/admin/channels/${ch}/check`)).body
    expect(await check('telegram')).toEqual({
      ok: true,
      message: 'Подключено: @viza_test_bot, канал «Губернатор (тест)»',
    })
    await put('/api/admin/channels/telegram', { botToken: '999:WRONG' })
    expect(await check('telegram')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/не принял токен/),
    })
    await put('/api/admin/channels/telegram', {
      botToken: EMULATED.telegram.token,
      chatId: '@nobody',
    })
    expect((await check('telegram')).message).toMatch(/канал @nobody не найден/)

    expect((await check('vk')).message).toBe('Заполнены не все поля: проверять нечего')
    await put('/api/admin/channels/vk', {
      accessToken: EMULATED.vk.token,
      groupId: EMULATED.vk.groupId,
    })
    expect(await check('vk')).toEqual({
      ok: true,
      message: 'Подключено: сообщество «Губернатор области (тест)»',
    })
    await put('/api/admin/channels/vk', { accessToken: 'vk1.a.expired' })
    expect((await check('vk')).message).toMatch(/не принял ключ доступа/)

    await put('/api/admin/channels/ok', {
      applicationKey: EMULATED.ok.appKey,
      applicationSecretKey: EMULATED.ok.secret,
      accessToken: EMULATED.ok.token,
      groupId: EMULATED.ok.groupId,
    })
    expect(await check('ok')).toEqual({
      ok: true,
      message: 'Подключено: группа «Губернатор области (тест)»',
    })
    await put('/api/admin/channels/ok', { applicationSecretKey: 'WRONG' })
    expect((await check('ok')).message).toMatch(/подпись не сошлась/)
    await put('/api/admin/channels/ok', {
      applicationSecretKey: EMULATED.ok.secret,
      accessToken: 'old',
    })
    expect((await check('ok')).message).toMatch(/ключ доступа недействителен/)

    await put('/api/admin/channels/max', { botToken: EMULATED.max.token, chatId: '-1' })
    expect((await check('max')).message).toBe(
      'Токен верный (@viza_test_bot), но канал -1 не найден или бот не добавлен в него',
    )
    await put('/api/admin/channels/max', { chatId: EMULATED.max.chatId })
    expect(await check('max')).toEqual({
      ok: true,
      message: 'Подключено: @viza_test_bot, канал «Губернатор области (тест)»',
    })
    await put('/api/admin/channels/max', { botToken: 'revoked-token' })
    expect((await check('max')).message).toMatch(/^MAX не принял токен бота/)
  })

  it('MAX credentials from MAX_BOT_TOKEN and MAX_CHAT_ID win, and the post goes to MAX', async () => {
    process.env.MAX_BOT_TOKEN = EMULATED.max.token
    process.env.MAX_CHAT_ID = EMULATED.max.chatId
    try {
      await t.server.deps.channels.reload(t.server.deps.database.db)
      const item = (await tg()).items.find((i: { channel: string }) => i.channel === 'max')
      expect(item).toMatchObject({ source: 'env', configured: true })
      expect(JSON.stringify(await tg())).not.toContain(EMULATED.max.token)
      emulator.reset()
      const editor = await t.client('editor')
      const gov = await t.client('governor')
      let p = (
        await editor.post('/api/posts', newRequest({ departmentId: null, channels: ['max'] }))
      ).body
      p = (await editor.event(p.id, p.version, { type: 'WRITE_IN_HOUSE' })).body
      p = (await editor.event(p.id, p.version, { type: 'EDIT_TEXT', text: '**Текст** для MAX' }))
        .body
      p = (await editor.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
      p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
      p = (await editor.event(p.id, p.version, { type: 'PUBLISH' })).body
      // the event answers with the new state; the ledger is on the post itself
      const ledger = (await editor.get(`/api/posts/${p.id}`)).body.publications
      expect(ledger[0]).toMatchObject({ channel: 'max', mode: 'real' })
      await t.server.deps.publisher.pass()
      expect(emulator.posts.map((x) => [x.channel, x.text])).toEqual([
        ['max', '<b>Текст</b> для MAX'],
      ])
    } finally {
      delete process.env.MAX_BOT_TOKEN
      delete process.env.MAX_CHAT_ID
      await t.server.deps.channels.reload(t.server.deps.database.db)
    }
  })

  it('environment variables win over stored settings; bad input is a 400/422, not a 500', async () => {
    process.env.TELEGRAM_BOT_TOKEN = 'env-token'
    process.env.TELEGRAM_CHAT_ID = '@env_channel'
    try {
      await t.server.deps.channels.reload(t.server.deps.database.db)
      const item = (await tg()).items.find((i: { channel: string }) => i.channel === 'telegram')
      expect(item).toMatchObject({ source: 'env', storedFields: ['botToken', 'chatId'] })
      expect(JSON.stringify(item)).not.toContain('env-token')
    } finally {
      delete process.env.TELEGRAM_BOT_TOKEN
      delete process.env.TELEGRAM_CHAT_ID
      await t.server.deps.channels.reload(t.server.deps.database.db)
    }
    expect((await put('/api/admin/channels/telegram', {})).status).toBe(400)
    expect((await put('/api/admin/channels/telegram', { botToken: 'with space' })).status).toBe(400)
    expect((await put('/api/admin/channels/telegram', { groupId: '1' })).status).toBe(400)
    expect((await put('/api/admin/channels/whatsapp', { botToken: 'x' })).status).toBe(400)
    expect((await put('/api/admin/channels/max', { groupId: '1' })).status).toBe(400)
    const removed = await admin.request('DELETE', '/api/admin/channels/telegram')
    expect(removed.body).toMatchObject({ configured: false, source: null, fieldsSet: [] })
    expect((await (await t.client('editor')).get('/api/admin/channels')).status).toBe(403)
  })

  it('another server process picks up a save through NOTIFY viza_channels', async () => {
    const { database } = t.server.deps
    const other = new ChannelRegistry({ demo: null, log: silentLogger })
    await other.reload(database.db)
    expect(other.resolve('vk').source).toBe('settings')
    let notified = 0
    const stop = await database.listen(CHANNELS_CHANNEL, () => {
      notified++
      void other.reload(database.db)
    })
    try {
      await admin.request('DELETE', '/api/admin/channels/vk')
      await expect.poll(() => notified).toBeGreaterThan(0)
      await expect.poll(() => other.resolve('vk').source).toBeNull()
      expect(other.adapters.vk.configured).toBe(false)
    } finally {
      await stop()
    }
  })

  it('a wrong VIZA_SECRET_KEY is said on «Каналы» and in the log, not left to silent fallback', async () => {
    await put('/api/admin/channels/vk', {
      accessToken: EMULATED.vk.token,
      groupId: EMULATED.vk.groupId,
    })
    const [sealed] = await t.server.deps.database.db
      .select()
      .from(channelSettings)
      .where(eq(channelSettings.channel, 'vk'))
    const logged: Array<Record<string, unknown>> = []
    const keep = (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, ...fields })
    // the same stored row, read by a server started with another key
    process.env.VIZA_SECRET_KEY = 'another-key-0123456789abcdef'
    const other = await startTestServer({ log: { info: keep, warn: keep, error: keep } })
    try {
      await other.server.deps.database.db
        .insert(channelSettings)
        .values({ ...sealed!, updatedBy: other.actors.admin.id })
      await other.server.deps.channels.reload(other.server.deps.database.db)
      const a = await other.client('admin')
      const vk = (await a.get('/api/admin/channels')).body.items.find(
        (i: { channel: string }) => i.channel === 'vk',
      )
      expect(vk).toMatchObject({ unreadable: true, configured: false, source: null })
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: expect.stringMatching(/do not decrypt: VIZA_SECRET_KEY/),
          channels: ['vk'],
        }),
      )
    } finally {
      await other.close()
      process.env.VIZA_SECRET_KEY = SECRET
    }
    const vk = (await tg()).items.find((i: { channel: string }) => i.channel === 'vk')
    expect(vk).toMatchObject({ unreadable: false, source: 'settings' })
  })

  it('refuses to store credentials when VIZA_SECRET_KEY is missing', async () => {
    delete process.env.VIZA_SECRET_KEY
    const other = await startTestServer()
    try {
      const a = await other.client('admin')
      expect((await a.get('/api/admin/channels')).body.canStore).toBe(false)
      const r = await a.request('PUT', '/api/admin/channels/vk', { accessToken: 'x', groupId: '1' })
      expect(r.status).toBe(409)
      expect(r.body.error.message).toMatch(/VIZA_SECRET_KEY/)
    } finally {
      await other.close()
      process.env.VIZA_SECRET_KEY = SECRET
    }
  })
})

describe('calendar', () => {
  it('saves office hours and policies in one atomic request', async () => {
    const cal = (await admin.get('/api/calendar')).body
    const settings = {
      ...cal.settings,
      officeHours: { ...cal.settings.officeHours, lunch: { start: '12:00', end: '13:00' } },
      policies: { ...cal.settings.policies, urgent: { unit: 'hours', amount: 2 } },
    }
    const bad = await put('/api/admin/calendar-settings', {
      ...settings,
      policies: { ...settings.policies, regular: { unit: 'weeks', amount: 1 } },
    })
    expect(bad.status).toBe(400)
    expect((await admin.get('/api/calendar')).body.revision).toBe(cal.revision)
    const ok = await put('/api/admin/calendar-settings', { ...settings, revision: cal.revision })
    expect(ok.status).toBe(200)
    expect(ok.body.revision).toBe(cal.revision + 1)
    const after = (await admin.get('/api/calendar')).body.settings
    expect(after.officeHours.lunch).toEqual({ start: '12:00', end: '13:00' })
    expect(after.policies.urgent).toEqual({ unit: 'hours', amount: 2 })
    const stale = await put('/api/admin/calendar-settings', { ...settings, revision: cal.revision })
    expect(stale.status).toBe(409)
  })

  it('imports a production year from XML: preview the difference, apply, the year is official', async () => {
    const preview = await admin.post('/api/admin/calendar/import/preview', { xml: XML_2027 })
    expect(preview.status).toBe(200)
    expect(preview.body.year).toBe(2027)
    expect(preview.body.official).toBe(false)
    expect(preview.body.diff.addedDaysOff.map((d: { date: string }) => d.date)).toEqual([
      '2027-11-05',
      '2027-12-31',
    ])
    const stale = await admin.post('/api/admin/calendar/import/apply', {
      xml: XML_2027,
      revision: preview.body.revision - 1,
    })
    expect(stale.status).toBe(409)
    const applied = await admin.post('/api/admin/calendar/import/apply', {
      xml: XML_2027,
      revision: preview.body.revision,
    })
    expect(applied.status).toBe(200)
    const cal = (await admin.get('/api/calendar')).body.settings
    expect(cal.confirmedYears).toContain(2027)
    expect(cal.overrides).toContainEqual(
      expect.objectContaining({ date: '2027-12-31', kind: 'dayOff' }),
    )
    const again = await admin.post('/api/admin/calendar/import/preview', { xml: XML_2027 })
    expect(again.body).toMatchObject({ official: true, diff: { same: true } })
    const audit = (await admin.get('/api/admin/audit')).body.items
    expect(audit[0]).toMatchObject({ action: 'calendar.import' })
  })

  it('the OpenAPI document lists the new admin endpoints', async () => {
    const paths = Object.keys((await t.anonymous().get('/api/openapi.json')).body.paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/admin/calendar-settings',
        '/api/admin/calendar/import/preview',
        '/api/admin/calendar/import/apply',
        '/api/admin/channels',
        '/api/admin/channels/{channel}',
        '/api/admin/channels/{channel}/check',
      ]),
    )
  })

  it('malformed XML is a 422 with the reason in Russian', async () => {
    const r = await admin.post('/api/admin/calendar/import/preview', {
      xml: '<calendar year="2027"><days><day d="31.02" t="1"/></days></calendar>',
    })
    expect(r.status).toBe(422)
    expect(r.body.error.message).toBe('день № 1: нет такой даты 31.02.2027')
    const broken = await admin.post('/api/admin/calendar/import/preview', { xml: '<calendar' })
    expect(broken.status).toBe(422)
    expect(broken.body.error.message).toMatch(/не читается как XML/)
  })
})
