// Accepted workflow events per second through the real HTTP API on the embedded database,
// from 50 concurrent clients, against the rate of a raw single-row transactional update on
// the same engine. Prints figures only.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { silentLogger } from '../src/server/lib/log'
import { startServer } from '../src/server/server'
import { createUser } from '../src/server/seed'
import { ApiClient } from '../tests/setup/test-server'

const CLIENTS = 50
const EVENTS_PER_CLIENT = 40
const dir = mkdtempSync(join(tmpdir(), 'viza-bench-'))

const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  db: { dataDir: join(dir, 'api') },
  demo: false,
  testMode: false,
  log: silentLogger,
  sweepIntervalMs: 3_600_000,
})
await createUser(
  server.deps.database.db,
  { login: 'bench', name: 'Bench', role: 'editor', password: 'bench-password' },
  new Date(),
)

// Each client works on its own post, in the editing state.
const clients = await Promise.all(
  Array.from({ length: CLIENTS }, async (_, i) => {
    const c = new ApiClient(server.url)
    await c.signIn('bench', 'bench-password')
    const p = await c.post('/api/posts', {
      title: `Бенчмарк ${i}`,
      brief: 'нагрузка',
      channels: ['telegram'],
      urgent: false,
    })
    const r = await c.event(p.body.id, p.body.version, { type: 'WRITE_IN_HOUSE' })
    return { c, id: p.body.id as string, version: r.body.version as number }
  }),
)

const latencies: number[] = []
let failed = 0
const t0 = performance.now()
await Promise.all(
  clients.map(async (client) => {
    for (let n = 0; n < EVENTS_PER_CLIENT; n++) {
      const start = performance.now()
      const r = await client.c.event(client.id, client.version, {
        type: 'EDIT_TEXT',
        text: `Версия ${n} — ${'текст '.repeat(20)}`,
      })
      latencies.push(performance.now() - start)
      if (r.status === 200) client.version = r.body.version
      else failed++
    }
  }),
)
const elapsed = performance.now() - t0
await server.close()

latencies.sort((a, b) => a - b)
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!
const accepted = latencies.length - failed
const apiRate = (accepted / elapsed) * 1000

// The floor: one UPDATE in its own transaction, sequentially, on the same engine.
const raw = await PGlite.create(join(dir, 'raw'))
await raw.exec(
  'create table counter (id int primary key, v int not null, body text); insert into counter values (1, 0, null)',
)
const RAW_N = 2000
const r0 = performance.now()
for (let i = 0; i < RAW_N; i++) {
  await raw.transaction(async (tx) => {
    await tx.query('update counter set v = v + 1, body = $1 where id = 1', [`Версия ${i}`])
  })
}
const rawRate = (RAW_N / (performance.now() - r0)) * 1000
await raw.close()
rmSync(dir, { recursive: true, force: true })

console.log(`clients: ${CLIENTS}, events: ${latencies.length} (${failed} refused)`)
console.log(`API events/s:        ${apiRate.toFixed(0)}`)
console.log(`latency p50 / p99:   ${pct(50).toFixed(1)} ms / ${pct(99).toFixed(1)} ms`)
console.log(`raw single-row tx/s: ${rawRate.toFixed(0)}`)
console.log(`ratio API / raw:     ${(apiRate / rawRate).toFixed(3)}`)
