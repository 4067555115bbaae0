/**
 * Issue 9 (hardening): each finding about input, admin writes and logs has its test here.
 * Every case failed (a 500, a saved change, a logged secret) before its fix.
 */
import { count, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../src/server/db/schema'
import { jsonLogger } from '../../src/server/lib/log'
import { newRequest, postIn } from '../setup/flows'
import { startTestServer, type TestServer } from '../setup/test-server'

const logLines: string[] = []
let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ log: jsonLogger((l) => logLines.push(l)) })
})
afterAll(() => t?.close())

/**
 * In a URL: percent-encoded UTF-8, and a lone surrogate as the (invalid) bytes a careless
 * encoder writes for it — the server must not fail on either.
 */
const inUrl = (s: string) =>
  Array.from(s, (ch) => {
    const u = ch.charCodeAt(0)
    if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff)
      return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('')
    return encodeURIComponent(ch)
  }).join('')

const NUL = 'Мост\u0000через Обь'
const LONE_HIGH = 'Мост \ud83d через Обь'
const LONE_LOW = 'Мост \ude00 через Обь'

describe('finding 1: NUL and lone surrogates are a 400 naming the field, for every string', () => {
  for (const [name, bad] of [
    ['NUL', NUL],
    ['a lone high surrogate', LONE_HIGH],
    ['a lone low surrogate', LONE_LOW],
  ] as const) {
    it(`${name}: sign-in (anonymous), title, text, comment, query, path`, async () => {
      const signIn = await t.anonymous().post('/api/session', { login: bad, password: bad })
      expect(signIn.status).toBe(400)
      expect(signIn.body.error.details.issues[0].path).toBe('login')

      const editor = await t.client('editor')
      const created = await editor.post('/api/posts', newRequest({ title: bad }))
      expect(created.status).toBe(400)
      expect(created.body.error.details.issues).toEqual([
        { path: 'title', message: expect.stringMatching(/Недопустимый/) },
      ])

      const post = await postIn(t, 'editing')
      const edit = await editor.event(post.id, post.version, { type: 'EDIT_TEXT', text: bad })
      expect(edit.status).toBe(400)
      expect(edit.body.error.details.issues[0].path).toBe('text')
      const back = await editor.event(post.id, post.version, {
        type: 'RETURN_TO_DEPARTMENT',
        comment: bad,
      })
      expect(back.status).toBe(400)
      expect(back.body.error.details.issues[0].path).toBe('comment')
      // an unknown field is checked too: nothing unsafe is ever parsed further
      const extra = await editor.event(post.id, post.version, {
        type: 'SEND_TO_GOVERNOR',
        note: { deep: [bad] },
      })
      expect(extra.status).toBe(400)
      expect(extra.body.error.details.issues[0].path).toBe('note.deep.0')

      // In a URL, NUL arrives as %00; a lone surrogate cannot arrive at all (its bytes are
      // invalid UTF-8 and decode to something else), so there it only must not fail.
      const inUrlStatus = bad === NUL ? 400 : expect.any(Number)
      const q = await editor.get(`/api/posts?q=${inUrl(bad)}`)
      expect(q.status).toEqual(inUrlStatus)
      if (bad === NUL) expect(q.body.error.details.issues[0].path).toBe('q')
      const admin = await t.client('admin')
      const dep = await admin.request('PATCH', `/api/admin/departments/${inUrl(bad)}`, {
        name: 'Департамент',
      })
      expect(bad === NUL ? [400] : [400, 404]).toContain(dep.status)
      const media = await editor.get(`/api/media/${inUrl(bad)}`)
      expect(media.status).toBe(400)
      for (const r of [q, dep, media]) expect(r.status).toBeLessThan(500)
      const user = await admin.request('PATCH', `/api/admin/users/${t.actors.deptOther.id}`, {
        name: bad,
      })
      expect(user.status).toBe(400)

      const after = await editor.get(`/api/posts/${post.id}`)
      expect(after.body.version).toBe(post.version)
    })
  }

  it('a file name with NUL is a 400 naming the file', async () => {
    const post = await postIn(t, 'editing')
    const editor = await t.client('editor')
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    )
    // Written by hand: a browser's FormData would not send the NUL as it is.
    const boundary = 'vizaBoundary7MA4YWxk'
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${post.version}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="фото\u0000.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const res = await fetch(`${t.url}/api/posts/${post.id}/media`, {
      method: 'POST',
      headers: {
        cookie: editor.cookie,
        'x-viza-upload': '1',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    })
    const answer = await res.json()
    expect(res.status, JSON.stringify(answer)).toBe(400)
    expect(answer.error.details.issues[0].path).toBe('file')
    expect((await editor.get(`/api/posts/${post.id}`)).body.version).toBe(post.version)
  })
})

describe('finding 2: an admin change and its audit row are one transaction', () => {
  beforeAll(async () => {
    // Make the audit insert fail on demand, as a full disk or a bug would.
    const db = t.server.deps.database.db
    await db.execute(sql`create or replace function viza_test_audit_boom() returns trigger as $$
      begin
        if new.details::text like '%audit-boom%' then raise exception 'audit failed'; end if;
        return new;
      end $$ language plpgsql`)
    await db.execute(sql`create trigger viza_test_audit_boom before insert on audit_log
      for each row execute function viza_test_audit_boom()`)
  })
  afterAll(async () => {
    const db = t.server.deps.database.db
    await db.execute(sql`drop trigger viza_test_audit_boom on audit_log`)
    await db.execute(sql`drop function viza_test_audit_boom()`)
  })

  const auditCount = async () => {
    const r = await t.server.deps.database.db.select({ n: count() }).from(auditLog)
    return r[0]!.n
  }

  it('department PATCH: no audit row, no change', async () => {
    const admin = await t.client('admin')
    const before = (await admin.get('/api/departments')).body.items.find(
      (d: { id: string }) => d.id === 'health',
    )
    const audits = await auditCount()
    const r = await admin.request('PATCH', '/api/admin/departments/health', {
      name: 'audit-boom Департамент',
    })
    expect(r.status).toBe(500)
    const after = (await admin.get('/api/departments')).body.items.find(
      (d: { id: string }) => d.id === 'health',
    )
    expect(after).toEqual(before)
    expect(await auditCount()).toBe(audits)
  })

  it('department create: no audit row, no department', async () => {
    const admin = await t.client('admin')
    const r = await admin.post('/api/admin/departments', {
      id: 'audit-boom',
      name: 'Департамент audit-boom',
      shortName: 'Бум',
    })
    expect(r.status).toBe(500)
    const deps = (await admin.get('/api/departments')).body.items
    expect(deps.map((d: { id: string }) => d.id)).not.toContain('audit-boom')
  })

  it('user PATCH and create: no audit row, no change', async () => {
    const admin = await t.client('admin')
    const audits = await auditCount()
    const r = await admin.request('PATCH', `/api/admin/users/${t.actors.deptOther.id}`, {
      name: 'audit-boom Имя',
    })
    expect(r.status).toBe(500)
    const users = (await admin.get('/api/admin/users')).body.items
    expect(users.find((u: { id: string }) => u.id === t.actors.deptOther.id).name).not.toMatch(
      /audit-boom/,
    )
    const created = await admin.post('/api/admin/users', {
      login: 'audit-boom',
      name: 'Новый',
      role: 'editor',
      password: 'long enough password',
    })
    expect(created.status).toBe(500)
    const again = (await admin.get('/api/admin/users')).body.items
    expect(again.map((u: { login: string }) => u.login)).not.toContain('audit-boom')
    expect(await auditCount()).toBe(audits)
  })
})

describe('finding 6: an unexpected error logs its class, code and request id — no parameters', () => {
  it('a failed insert of a user does not log the password hash, the login or the name', async () => {
    const db = t.server.deps.database.db
    await db.execute(sql`create or replace function viza_test_user_boom() returns trigger as $$
      begin raise exception 'user insert failed'; end $$ language plpgsql`)
    await db.execute(sql`create trigger viza_test_user_boom before insert on users
      for each row execute function viza_test_user_boom()`)
    try {
      logLines.length = 0
      const admin = await t.client('admin')
      const r = await admin.post('/api/admin/users', {
        login: 'secret-login',
        name: 'Тайное Имя',
        role: 'editor',
        password: 'a very secret password',
      })
      expect(r.status).toBe(500)
      const errors = logLines.filter((l) => l.includes('"level":"error"'))
      expect(errors).toHaveLength(1)
      const entry = JSON.parse(errors[0]!)
      expect(entry).toMatchObject({ msg: 'unhandled error', requestId: expect.any(String) })
      expect(entry.errorClass).toEqual(expect.any(String))
      expect(entry.code).toBe('P0001')
      const all = logLines.join('\n')
      expect(all).not.toMatch(/scrypt|secret-login|Тайное|params/)
    } finally {
      await db.execute(sql`drop trigger viza_test_user_boom on users`)
      await db.execute(sql`drop function viza_test_user_boom()`)
    }
  })
})

describe('findings 7–9 and the refusal order', () => {
  it('7: PATCH with nothing to change is a 400, for departments and users', async () => {
    const admin = await t.client('admin')
    for (const body of [{}, { unknownField: 1 }]) {
      const d = await admin.request('PATCH', '/api/admin/departments/health', body)
      expect(d.status).toBe(400)
      const u = await admin.request('PATCH', `/api/admin/users/${t.actors.deptOther.id}`, body)
      expect(u.status).toBe(400)
    }
  })

  it('8: a publication id beyond int4 is a 400', async () => {
    const post = await postIn(t, 'publishing')
    const editor = await t.client('editor')
    for (const pid of ['2147483648', '99999999999999999999', '1e400', '-1', '0']) {
      const r = await editor.post(`/api/posts/${post.id}/publications/${pid}/confirm`, {
        sent: false,
      })
      expect(r.status, pid).toBe(400)
      const retry = await editor.post(`/api/posts/${post.id}/publications/${pid}/retry`, {})
      expect(retry.status, pid).toBe(400)
    }
  })

  it('9: only http(s) links are accepted for a publication', async () => {
    const post = await postIn(t, 'publishing')
    const editor = await t.client('editor')
    const detail = (await editor.get(`/api/posts/${post.id}`)).body
    const pid = detail.publications[0].id
    for (const url of [
      'javascript:alert(document.cookie)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      const r = await editor.post(`/api/posts/${post.id}/publications/${pid}/confirm`, {
        sent: true,
        url,
      })
      expect(r.status, url).toBe(400)
    }
    const ok = await editor.post(`/api/posts/${post.id}/publications/${pid}/confirm`, {
      sent: true,
      url: 'https://t.me/governor/1',
    })
    expect(ok.status).toBe(200)
  })

  it('a role that may never send an event gets 403 even with a stale version', async () => {
    const post = await postIn(t, 'awaitingGovernor')
    const dept = await t.client('deptOwn')
    const r = await dept.event(post.id, post.version - 1, {
      type: 'APPROVE',
      textVersion: post.textVersion,
    })
    expect(r.status).toBe(403)
    const governor = await t.client('governor')
    const g = await governor.event(post.id, post.version + 5, { type: 'SEND_REQUEST' })
    expect(g.status).toBe(403)
  })
})

describe('finding 12: a policy the calendar cannot compute is refused, never stored', () => {
  it('1,000 working days is a 400; a calendar too sparse for a policy is a 422; posts keep working', async () => {
    const admin = await t.client('admin')
    const editor = await t.client('editor')
    const post = await postIn(t, 'awaitingDepartment')
    const defaults = {
      regular: { unit: 'workingDays', amount: 1 },
      urgent: { unit: 'hours', amount: 3 },
      comment: { unit: 'workingHours', amount: 9 },
    }
    const tooMuch = await admin.request('PUT', '/api/admin/policies', {
      ...defaults,
      regular: { unit: 'workingDays', amount: 1000 },
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.error.details.issues[0].path).toBe('regular.amount')

    const aYear = await admin.request('PUT', '/api/admin/policies', {
      ...defaults,
      regular: { unit: 'workingDays', amount: 250 },
    })
    expect(aYear.status).toBe(200)
    const calendar = (await admin.get('/api/calendar')).body.settings
    const mondaysOnly = {
      officeHours: {
        ...calendar.officeHours,
        weekdays: [{ open: '09:00', close: '10:00' }, null, null, null, null, null, null],
        lunch: null,
      },
      overrides: calendar.overrides,
      confirmedYears: calendar.confirmedYears,
    }
    const sparse = await admin.request('PUT', '/api/admin/calendar', mondaysOnly)
    expect(sparse.status).toBe(422)
    expect(sparse.body.error.details.kinds).toEqual(['regular'])
    expect((await editor.get(`/api/posts/${post.id}`)).status).toBe(200)
    expect((await editor.get('/api/posts')).status).toBe(200)
    expect((await admin.request('PUT', '/api/admin/policies', defaults)).status).toBe(200)
  })
})

describe('found by the generated suite', () => {
  it('office hours with a malformed clock are a 400, not a 500 (the range check no longer parses them)', async () => {
    const admin = await t.client('admin')
    const calendar = (await admin.get('/api/calendar')).body.settings
    const r = await admin.request('PUT', '/api/admin/calendar', {
      officeHours: {
        ...calendar.officeHours,
        workingWeekend: { open: '00:19', close: 'governor' },
        lunch: { start: '13:00', end: 'обед' },
      },
      overrides: [],
      confirmedYears: [],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      'officeHours.workingWeekend.close',
      'officeHours.lunch.end',
    ])
  })
})
