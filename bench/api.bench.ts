// Accepted workflow events per second through the real HTTP API (the server in its own process,
// as `npm start` runs it) from 50 concurrent clients,
// against the rate of a raw single-row transactional update on the same engine, and the cost
// of one event as a post ages (50 text versions against 1). Runs on the embedded database;
// with DATABASE_URL set, also on that PostgreSQL (a throwaway database is created and dropped;
// its raw baseline uses 10 connections, as the server's pool does). Prints figures only.
import { startBuiltServer } from './built-server'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { ApiClient, freshDatabase, type ApiResponse } from '../tests/setup/test-server'

const CLIENTS = 50
const EVENTS_PER_CLIENT = 40
const AGE_SAMPLES = 30
const WARM_UP_EVENTS = 10
/**
 * One simulated person: their own keep-alive connection, as each browser has. (Through `fetch`,
 * all clients share one connection pool, whose queue serves some clients seconds late while
 * others go on — the latency tail was the pool's, not the server's.)
 */
class BenchClient extends ApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 })

  override async request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    // A request that meets a keep-alive socket the server is closing fails unsent: again.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send<T>(method, path, body)
      } catch (e) {
        if (attempt >= 2 || (e as NodeJS.ErrnoException).code !== 'ECONNRESET') throw e
      }
    }
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const url = new URL(this.baseUrl + path)
    const data = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          agent: this.agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method,
          headers: {
            ...(data === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
            ...(this.cookie ? { cookie: this.cookie } : {}),
          },
        },
        (res) => {
          const setCookie = res.headers['set-cookie']?.[0]
          if (setCookie) this.cookie = setCookie.split(';')[0]!
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: (text ? JSON.parse(text) : null) as T }),
          )
        },
      )
      req.on('error', reject)
      req.end(data)
    })
  }

  close() {
    this.agent.destroy()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'viza-bench-'))

/**
 * CPU time the server process has used so far (user + system, ms), from /proc: the cost of an
 * event that other work on a shared machine does not inflate the way wall-clock rates are.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime + stime, in 1/100 s
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const median = (xs: number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  )

interface ApiFigures {
  rate: number
  p50: number
  p99: number
  events: number
  failed: number
  young: number
  aged: number
  cpuPerEvent: number
  /** The load generator's own CPU per event: it shares the machine's cores with the server. */
  clientCpuPerEvent: number
  /** PostgreSQL's backends' CPU per event (on a server on this machine), else null. */
  databaseCpuPerEvent: number | null
}

/**
 * The server runs in its own process, started as `npm start` starts it (the clients' own work —
 * requests, parsing answers — stays out of its event loop, as real browsers' does); the demo
 * accounts give it an editor to sign in as.
 */
async function startServer(env: Record<string, string>) {
  // VIZA_BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there (node --cpu-prof).
  const profile = process.env.VIZA_BENCH_PROFILE
  return startBuiltServer(env, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])
}

/**
 * CPU time of each PostgreSQL backend serving `databaseUrl` (ms by pid, from /proc), or null
 * when that server is not on this machine: the third share of the cores, beside the server and
 * the clients.
 */
async function backendsCpuMs(databaseUrl: string | undefined): Promise<Map<number, number> | null> {
  if (!databaseUrl) return null
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    const byPid = new Map<number, number>()
    for (const { pid } of rows) {
      try {
        byPid.set(pid, cpuMs(pid))
      } catch {
        return null // not a process of this machine
      }
    }
    return byPid
  } finally {
    await client.end()
  }
}

/** What the backends present at both readings used between them (ms). */
function backendsCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? ms)
  return spent
}

async function runApi(env: Record<string, string>): Promise<ApiFigures> {
  const server = await startServer(env)
  const editingPost = async (c: BenchClient, i: number) => {
    const p = await c.post('/api/posts', {
      title: `Бенчмарк ${i}`,
      brief: 'нагрузка',
      channels: ['telegram'],
      urgent: false,
    })
    const r = await c.event(p.body.id, p.body.version, { type: 'WRITE_IN_HOUSE' })
    return { c, id: p.body.id as string, version: r.body.version as number }
  }
  const edit = (client: { c: BenchClient; id: string; version: number }, n: number) =>
    client.c.event(client.id, client.version, {
      type: 'EDIT_TEXT',
      text: `Версия ${n} — ${'текст '.repeat(20)}`,
    })

  // Each client works on its own post, in the editing state.
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const c = new BenchClient(server.url)
      await c.signIn('smc', 'viza-demo')
      return editingPost(c, i)
    }),
  )

  // Untimed first, as the raw baseline is: the server's code and its database warm up.
  await Promise.all(
    clients.map(async (client) => {
      for (let n = 0; n < WARM_UP_EVENTS; n++) {
        const r = await edit(client, -1 - n)
        if (r.status === 200) client.version = r.body.version
      }
    }),
  )

  const latencies: number[] = []
  let failed = 0
  const cpu0 = cpuMs(server.child.pid!)
  // The pool's connections are all open by now (50 clients have been at work).
  const dbCpu0 = await backendsCpuMs(env.DATABASE_URL)
  const clientCpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(
    clients.map(async (client) => {
      for (let n = 0; n < EVENTS_PER_CLIENT; n++) {
        const start = performance.now()
        const r = await edit(client, n)
        latencies.push(performance.now() - start)
        if (r.status === 200) client.version = r.body.version
        else failed++
      }
    }),
  )
  const elapsed = performance.now() - t0
  const cpuPerEvent = (cpuMs(server.child.pid!) - cpu0) / latencies.length
  const dbCpu1 = await backendsCpuMs(env.DATABASE_URL)
  const databaseCpuPerEvent =
    dbCpu0 === null || dbCpu1 === null ? null : backendsCpuSpent(dbCpu0, dbCpu1) / latencies.length
  const clientCpu = process.cpuUsage(clientCpu0)
  const clientCpuPerEvent = (clientCpu.user + clientCpu.system) / 1000 / latencies.length
  latencies.sort((a, b) => a - b)

  // As a post ages: one event on a post with 50 text versions (the clients' posts now) against
  // one on a post with 1, one at a time and interleaved, so both see the same conditions.
  const young = await Promise.all(
    Array.from({ length: AGE_SAMPLES }, (_, i) => editingPost(clients[0]!.c, 1000 + i)),
  )
  for (const y of young) {
    const r = await edit(y, 0)
    y.version = r.body.version
  }
  const youngMs: number[] = []
  const agedMs: number[] = []
  for (let i = 0; i < AGE_SAMPLES; i++) {
    for (const [client, into] of [
      [young[i]!, youngMs],
      [clients[i % CLIENTS]!, agedMs],
    ] as const) {
      const start = performance.now()
      const r = await edit(client, 99)
      into.push(performance.now() - start)
      if (r.status === 200) client.version = r.body.version
    }
  }
  for (const c of [...clients, ...young]) c.c.close()
  await server.close()
  return {
    rate: ((latencies.length - failed) / elapsed) * 1000,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    events: latencies.length,
    failed,
    young: median(youngMs),
    aged: median(agedMs),
    cpuPerEvent,
    clientCpuPerEvent,
    databaseCpuPerEvent,
  }
}

/** The floor on PGlite: one UPDATE in its own transaction, sequentially (one connection). */
async function rawPglite(name: string): Promise<number> {
  const raw = await PGlite.create(join(dir, `raw-${name}`))
  await raw.exec(
    'create table counter (id int primary key, v int not null, body text); insert into counter values (1, 0, null)',
  )
  const RAW_N = 2000
  const once = (i: number) =>
    raw.transaction(async (tx) => {
      await tx.query('update counter set v = v + 1, body = $1 where id = 1', [`Версия ${i}`])
    })
  // Untimed first: the first instance in a process runs on WebAssembly's baseline code until
  // V8 has optimised it (seen here: 1,356/s cold against 2,527/s warm in one run).
  for (let i = 0; i < 500; i++) await once(i)
  const r0 = performance.now()
  for (let i = 0; i < RAW_N; i++) await once(i)
  const rate = (RAW_N / (performance.now() - r0)) * 1000
  await raw.close()
  return rate
}

/**
 * The floor on PostgreSQL: the same transaction from 10 connections, each on its own row; with
 * its CPU per transaction (this process's plus the backends'), to set beside an event's.
 */
async function rawPostgres(url: string, name: string): Promise<{ rate: number; cpuPerTx: number }> {
  const CONNECTIONS = 10
  const DURATION_MS = 5_000
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS })
  await pool.query(
    `create table bench_counter_${name} (id int primary key, v int not null, body text); insert into bench_counter_${name} select g, 0, null from generate_series(1, 10) g`,
  )
  const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.connect()))
  let done = 0
  const backends0 = await backendsCpuMs(url)
  const cpu0 = process.cpuUsage()
  const r0 = performance.now()
  await Promise.all(
    connections.map(async (c, k) => {
      for (let i = 0; performance.now() - r0 < DURATION_MS; i++) {
        await c.query('begin')
        await c.query(`update bench_counter_${name} set v = v + 1, body = $1 where id = $2`, [
          `Версия ${i}`,
          k + 1,
        ])
        await c.query('commit')
        done++
      }
    }),
  )
  const rate = (done / (performance.now() - r0)) * 1000
  const own = process.cpuUsage(cpu0)
  const backends1 = await backendsCpuMs(url)
  const backendsSpent = backends0 && backends1 ? backendsCpuSpent(backends0, backends1) : 0
  const cpuPerTx = ((own.user + own.system) / 1000 + backendsSpent) / done
  for (const c of connections) c.release()
  await pool.end()
  return { rate, cpuPerTx }
}

function report(engine: string, api: ApiFigures, rawBefore: number, rawAfter: number) {
  const raw = (rawBefore + rawAfter) / 2
  console.log(`== ${engine}`)
  console.log(`clients: ${CLIENTS}, events: ${api.events} (${api.failed} refused)`)
  console.log(`API events/s:        ${api.rate.toFixed(0)}`)
  console.log(`latency p50 / p99:   ${api.p50.toFixed(1)} ms / ${api.p99.toFixed(1)} ms`)
  console.log(`server CPU per event: ${api.cpuPerEvent.toFixed(2)} ms (user + system)`)
  console.log(`clients' CPU per event: ${api.clientCpuPerEvent.toFixed(2)} ms (the same cores)`)
  if (api.databaseCpuPerEvent !== null)
    console.log(
      `PostgreSQL backends' CPU per event: ${api.databaseCpuPerEvent.toFixed(2)} ms (the same cores)`,
    )
  console.log(
    `raw single-row tx/s: ${raw.toFixed(0)} (before ${rawBefore.toFixed(0)}, after ${rawAfter.toFixed(0)})`,
  )
  console.log(`ratio API / raw:     ${(api.rate / raw).toFixed(3)}`)
  console.log(
    `event, 1 vs ${WARM_UP_EVENTS + EVENTS_PER_CLIENT} text versions (median of ${AGE_SAMPLES}, one client): ` +
      `${api.young.toFixed(1)} ms / ${api.aged.toFixed(1)} ms (×${(api.aged / api.young).toFixed(2)})`,
  )
}

// The raw floor is measured right before and right after the API run, and averaged: on a shared
// machine the two can differ, and the ratio should not depend on which one was luckier.
const rawBefore = await rawPglite('before')
const embedded = await runApi({ VIZA_DATA_DIR: join(dir, 'api') })
const rawAfter = await rawPglite('after')
report('PGlite (embedded)', embedded, rawBefore, rawAfter)

if (process.env.DATABASE_URL) {
  const apiDb = await freshDatabase()
  const rawDb = await freshDatabase()
  try {
    const before = await rawPostgres(rawDb.options.databaseUrl!, 'before')
    const api = await runApi({ DATABASE_URL: apiDb.options.databaseUrl! })
    const after = await rawPostgres(rawDb.options.databaseUrl!, 'after')
    report('PostgreSQL (DATABASE_URL)', api, before.rate, after.rate)
    // Both sides' whole CPU: what the two cores can give decides how far the ratio can go.
    const eventCpu = api.cpuPerEvent + api.clientCpuPerEvent + (api.databaseCpuPerEvent ?? 0)
    const rawCpu = (before.cpuPerTx + after.cpuPerTx) / 2
    console.log(
      `CPU per event, all processes: ${eventCpu.toFixed(2)} ms; per raw tx: ${rawCpu.toFixed(2)} ms ` +
        `(×${(eventCpu / rawCpu).toFixed(1)})`,
    )
  } finally {
    await apiDb.drop()
    await rawDb.drop()
  }
}
rmSync(dir, { recursive: true, force: true })
