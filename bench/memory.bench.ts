// Idle memory of the real server, started as `npm start` starts it, on a fresh embedded data dir
// with demo data (the first start) and again on the same dir (every later start); the baseline
// in the same run is a bare `PGlite.create()` on a fresh dir. Prints figures only.
import { startBuiltServer } from './built-server'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const IDLE_MS = 5_000
const dir = mkdtempSync(join(tmpdir(), 'viza-memory-'))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resident and peak memory of a process, in MB, from /proc. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1])
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

/** `npm start` without npm in between, so the pid is the server's own. */
async function startServer(dataDir: string) {
  const t0 = performance.now()
  const { url, child, close } = await startBuiltServer({ VIZA_DATA_DIR: dataDir })
  const health = await fetch(`${url}/api/health`)
  if (!health.ok) throw new Error(`health: ${health.status}`)
  const startedMs = performance.now() - t0
  await sleep(IDLE_MS)
  const mem = memoryOf(child.pid!)
  await close()
  return { ...mem, startedMs }
}

async function barePglite(dataDir: string) {
  const code = `const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))})
const db = await PGlite.create(${JSON.stringify(dataDir)})
await db.query('select 1')
process.stdout.write('ready\\n')
await new Promise((r) => setTimeout(r, 60_000))`
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
  await sleep(IDLE_MS)
  const mem = memoryOf(child.pid!)
  child.kill('SIGKILL')
  return mem
}

const bare = await barePglite(join(dir, 'bare'))
const first = await startServer(join(dir, 'data'))
const second = await startServer(join(dir, 'data'))
rmSync(dir, { recursive: true, force: true })

const mb = (n: number) => `${n.toFixed(0)} MB`
console.log(`idle RSS after ${IDLE_MS / 1000} s (peak in brackets)`)
console.log(`bare PGlite.create(), fresh dir:     ${mb(bare.rss)} (${mb(bare.peak)})`)
console.log(
  `npm start, fresh data dir + demo:    ${mb(first.rss)} (${mb(first.peak)}), ready in ${(first.startedMs / 1000).toFixed(1)} s`,
)
console.log(
  `npm start, same data dir again:      ${mb(second.rss)} (${mb(second.peak)}), ready in ${(second.startedMs / 1000).toFixed(1)} s`,
)
