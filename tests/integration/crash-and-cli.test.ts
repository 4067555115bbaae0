import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../setup/test-server'

const root = join(import.meta.dirname, '../..')
const dataDir = mkdtempSync(join(tmpdir(), 'viza-crash-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
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

function startChild(now: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...dbEnv,
      PORT: '0',
      VIZA_DEMO: '0',
      VIZA_TEST_MODE: '1',
      VIZA_TEST_NOW: now,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out)
      if (m) resolve({ url: m[1]!, child })
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
  })
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
