import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/server/seed'
import { ApiClient } from '../setup/test-server'

const root = join(import.meta.dirname, '../..')
const dataDir = mkdtempSync(join(tmpdir(), 'viza-crash-'))
const demoDir = mkdtempSync(join(tmpdir(), 'viza-crash-demo-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(demoDir, { recursive: true, force: true })
})

/** The database for these tests: the embedded one in a data dir, or the PostgreSQL of the run. */
const dbEnv = process.env.DATABASE_URL
  ? { DATABASE_URL: process.env.DATABASE_URL }
  : { VIZA_DATA_DIR: dataDir }

function viza(args: string[], input = '') {
  const r = spawnSync(process.execPath, [join(root, 'bin/viza.mjs'), ...args], {
    input,
    env: { ...process.env, ...dbEnv },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function startChild(
  now: string,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess; exit: Promise<NodeJS.Signals | number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...dbEnv,
      PORT: '0',
      VIZA_DEMO: '0',
      VIZA_TEST_MODE: '1',
      VIZA_TEST_NOW: now,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const exit = new Promise<NodeJS.Signals | number | null>((r) =>
    child.once('exit', (code, signal) => r(signal ?? code)),
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out)
      if (m) resolve({ url: m[1]!, child, exit })
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
  })
}

/** Asks until the answer is there (the worker's timer runs in the child): no timing asserted. */
async function until<T>(ask: () => Promise<T | null | undefined | false>, what: string) {
  for (let i = 0; i < 300; i++) {
    const got = await ask()
    if (got) return got
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`never happened: ${what}`)
}

const T0 = '2026-12-01T10:00:00+05:00'

describe.runIf(!process.env.DATABASE_URL)('CLI on a fresh data dir', () => {
  it('creates users, lists departments, refuses bad input with exit code 2', () => {
    const editor = viza(
      ['user', 'add', '--login', 'crash-editor', '--name', 'Редактор', '--role', 'editor'],
      'password-1\n',
    )
    expect(editor.err).toBe('')
    expect(editor.code).toBe(0)
    expect(
      viza(
        [
          'user',
          'add',
          '--login',
          'crash-health',
          '--name',
          'Депздрав',
          '--role',
          'department',
          '--department',
          'Депздрав Югры',
        ],
        'password-2\n',
      ).code,
    ).toBe(0)
    expect(
      viza(
        ['user', 'add', '--login', 'crash-gov', '--name', 'Губернатор', '--role', 'governor'],
        'password-3\n',
      ).code,
    ).toBe(0)
    const dup = viza(
      ['user', 'add', '--login', 'crash-gov', '--name', 'Губернатор', '--role', 'governor'],
      'password-3\n',
    )
    expect(dup.code).toBe(2)
    expect(dup.err).toMatch(/занят/)
    const noDep = viza(
      ['user', 'add', '--login', 'x-dep', '--name', 'Без департамента', '--role', 'department'],
      'password-4\n',
    )
    expect(noDep.code).toBe(2)
    const list = viza(['department', 'list', '--json'])
    expect(list.code).toBe(0)
    const deps = JSON.parse(list.out)
    expect(deps).toContainEqual({
      id: 'health',
      name: expect.stringContaining('здравоохранения'),
      shortName: 'Депздрав Югры',
    })
    expect(Object.keys(deps[0]).sort()).toEqual(['id', 'name', 'shortName'])
  })

  it('refuses a second process on the same embedded data dir', async () => {
    const { child } = await startChild(T0)
    const second = viza(['department', 'list'])
    expect(second.code).not.toBe(0)
    expect(second.err).toMatch(/уже открыта другим процессом/)
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  })
})

describe.runIf(!process.env.DATABASE_URL)('a crash mid-load leaves no partial transition', () => {
  it('state, version, text and history agree after kill -9; overdue catch-up happens once', async () => {
    const first = await startChild(T0)
    const editor = new ApiClient(first.url)
    await editor.signIn('crash-editor', 'password-1')
    const dept = new ApiClient(first.url)
    await dept.signIn('crash-health', 'password-2')

    const urgent = await editor.post('/api/posts', {
      title: 'Срочно',
      brief: 'Нужно',
      departmentId: 'health',
      urgent: true,
      channels: ['telegram'],
    })
    await editor.event(urgent.body.id, urgent.body.version, { type: 'SEND_REQUEST' })

    const ids: string[] = []
    for (let i = 0; i < 4; i++) {
      const p = await editor.post('/api/posts', {
        title: `Пост ${i}`,
        brief: 'Нужно',
        departmentId: 'health',
        urgent: false,
        channels: ['vk'],
      })
      const s = await editor.event(p.body.id, p.body.version, { type: 'SEND_REQUEST' })
      await dept.event(p.body.id, s.body.version, { type: 'SUBMIT_DRAFT', text: 'Черновик' })
      ids.push(p.body.id)
    }
    // Load: editors keep editing while the process is killed without warning.
    let stop = false
    const load = ids.map(async (id, i) => {
      let n = 0
      while (!stop) {
        const cur = await editor.get(`/api/posts/${id}`).catch(() => null)
        if (!cur || cur.status !== 200) break
        await editor
          .event(id, cur.body.version, { type: 'EDIT_TEXT', text: `Правка ${i}.${n++}` })
          .catch(() => null)
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    stop = true
    await Promise.allSettled(load)

    // Four hours later: the urgent deadline passed while no server ran.
    for (let restart = 0; restart < 2; restart++) {
      const next = await startChild('2026-12-01T14:00:00+05:00')
      const ed = new ApiClient(next.url)
      await ed.signIn('crash-editor', 'password-1')
      const list = await ed.get('/api/posts?pageSize=200')
      for (const summary of list.body.items) {
        const p = (await ed.get(`/api/posts/${summary.id}`)).body
        expect(p.history).toHaveLength(p.version) // one row per accepted event, creation included
        expect(p.history.at(-1).toState).toBe(p.state)
        expect(p.versions).toHaveLength(p.textVersion)
        if (p.textVersion) {
          const last = await ed.get(`/api/posts/${summary.id}/versions/${p.textVersion}`)
          expect(last.body.text).toBe(p.text)
        }
      }
      const u = (await ed.get(`/api/posts/${urgent.body.id}`)).body
      expect(u.overdue).toBe(true)
      expect(
        u.history.filter((h: { event: string }) => h.event === 'DEADLINE_PASSED'),
      ).toHaveLength(1)
      next.child.kill('SIGTERM')
      await new Promise((r) => next.child.once('exit', r))
    }
  })
})

describe.runIf(!process.env.DATABASE_URL)('a crash between «ledger row sent» and the move', () => {
  it('a restart publishes the post and answers the comment whose rows were sent before kill -9', async () => {
    // A demo database: the built-in demo channels send, and reply, for real.
    const env = { VIZA_DATA_DIR: demoDir, VIZA_DEMO: '1', VIZA_PUBLISH_MS: '200' }
    const crashing = { ...env, VIZA_TEST_CRASH_AT: 'ledger-sent' }
    const client = async (url: string, login: string) => {
      const c = new ApiClient(url)
      await c.signIn(login, DEMO_PASSWORD)
      return c
    }
    const first = await startChild(T0, crashing)
    const smc = await client(first.url, 'smc')
    const health = await client(first.url, 'health')
    const gov = await client(first.url, 'governor')
    let p = (
      await smc.post('/api/posts', {
        title: 'Пункты вакцинации',
        brief: 'Адреса и часы работы',
        departmentId: 'health',
        urgent: false,
        channels: ['telegram'],
      })
    ).body
    p = (await smc.event(p.id, p.version, { type: 'SEND_REQUEST' })).body
    p = (await health.event(p.id, p.version, { type: 'SUBMIT_DRAFT', text: 'Текст поста' })).body
    p = (await smc.event(p.id, p.version, { type: 'SEND_TO_GOVERNOR' })).body
    p = (await gov.event(p.id, p.version, { type: 'APPROVE', textVersion: p.textVersion })).body
    expect(p.state).toBe('approved')
    // the worker, woken by PUBLISH, sends and dies right after the row is recorded sent
    await smc.event(p.id, p.version, { type: 'PUBLISH' }).catch(() => null)
    expect(await first.exit).toBe('SIGKILL')

    // Restarted (still dying after any row sent): the post, every row sent, is published.
    // (an hour later each time: the demo comments were registered while the first one ran)
    const second = await startChild('2026-12-01T11:00:00+05:00', crashing)
    const smc2 = await client(second.url, 'smc')
    const health2 = await client(second.url, 'health')
    const published = await until(async () => {
      const d = (await smc2.get(`/api/posts/${p.id}`)).body
      return d.state === 'published' && d
    }, 'the post published')
    expect(published.publications).toMatchObject([
      { channel: 'telegram', state: 'sent', attempts: 1 },
    ])
    expect(
      published.history.filter((h: { event: string }) => h.event === 'PUBLISHED'),
    ).toHaveLength(1)

    // A comment's approved answer goes out on VK; the process dies once its row is sent.
    const queue = (await smc2.get('/api/comments')).body.items as Array<{
      id: string
      network: string
      state: string
    }>
    const c = queue.find((x) => x.network === 'vk' && x.state === 'registered')!
    const reply =
      'Здравствуйте! Пункт вакцинации на улице Мира, 5 работает с 8:00 до 20:00 ежедневно.'
    const comment = (path: string, who: ApiClient, version: number, payload: object) =>
      who.post(`/api/comments/${c.id}/${path}`, { ...payload, expectedVersion: version })
    let r = await comment('events', smc2, 1, { type: 'TRIAGE', departmentId: 'health' })
    r = await comment('events', health2, r.body.version, { type: 'SUBMIT_ANSWER', text: reply })
    expect(r.body.state).toBe('inReview')
    await comment('events', smc2, r.body.version, { type: 'APPROVE_ANSWER', textVersion: 1 }).catch(
      () => null,
    )
    expect(await second.exit).toBe('SIGKILL')

    const third = await startChild('2026-12-01T12:00:00+05:00', env)
    const smc3 = await client(third.url, 'smc')
    const answered = await until(async () => {
      const d = (await smc3.get(`/api/comments/${c.id}`)).body
      return d.state === 'answered' && d
    }, 'the comment answered')
    expect(answered.replies).toMatchObject([{ network: 'vk', state: 'sent', attempts: 1 }])
    expect(answered.history.filter((h: { event: string }) => h.event === 'POSTED')).toHaveLength(1)
    expect((await smc3.get(`/api/posts/${p.id}`)).body.state).toBe('published')
    third.child.kill('SIGTERM')
    await third.exit
  }, 240_000)
})

describe.runIf(!process.env.DATABASE_URL)('graceful shutdown', () => {
  it('on SIGTERM ends live streams, closes the database and exits 0; the data dir opens again', async () => {
    const { url, child } = await startChild(T0)
    const editor = new ApiClient(url)
    await editor.signIn('crash-editor', 'password-1')
    const stream = await fetch(`${url}/api/events`, { headers: { cookie: editor.cookie } })
    expect(stream.status).toBe(200)
    const started = Date.now()
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
    expect(code).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    const again = await startChild(T0)
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200)
    again.child.kill('SIGTERM')
    await new Promise((r) => again.child.once('exit', r))
  })
})
