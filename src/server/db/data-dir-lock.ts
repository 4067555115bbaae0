import { spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

/**
 * One process at a time owns an embedded data dir (PGlite has no multi-process locking), with a
 * lock the operating system releases when the owner dies, however it dies — never a PID check,
 * which fails in containers (the PID is the same after every restart) and refuses a process
 * its own old PID.
 *
 * The lock is `flock(2)` on `viza.lock`, held by a small `flock(1)` child (util-linux; Node has
 * no flock) whose stdin is a pipe from this process: when this process exits or is killed -9,
 * the pipe closes, the child exits and the kernel drops the lock. Works across containers that
 * share the volume. Where `flock(1)` is missing (macOS), a unix socket listening in the data
 * dir stands in: a dead owner's socket refuses connections, so a stale one is replaced.
 */
export class DataDirBusyError extends Error {
  constructor(dir: string, pid: string) {
    super(
      `Встроенная база данных в ${dir} уже открыта другим процессом (pid ${pid}). ` +
        'Остановите его или укажите другой VIZA_DATA_DIR.',
    )
  }
}

export type Unlock = () => Promise<void>

const BUSY = 75

export async function lockDataDir(dir: string): Promise<Unlock> {
  const lockPath = join(dir, 'viza.lock')
  const owner = () => {
    try {
      return readFileSync(lockPath, 'utf8').trim() || '?'
    } catch {
      return '?'
    }
  }
  const held = await holdWithFlock(lockPath).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null // no flock(1) here
    throw e
  })
  if (held === 'busy') throw new DataDirBusyError(dir, owner())
  if (held) {
    writeFileSync(lockPath, String(process.pid)) // for the message a second process prints
    return held
  }
  return holdWithSocket(dir, owner)
}

function holdWithFlock(lockPath: string): Promise<Unlock | 'busy'> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'flock',
      [
        '--nonblock',
        '--conflict-exit-code',
        String(BUSY),
        lockPath,
        'sh',
        '-c',
        'echo locked; exec cat >/dev/null',
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    )
    const exited = new Promise<void>((r) => child.once('exit', () => r()))
    child.once('error', reject)
    const early = (code: number | null) => {
      if (code === BUSY) resolve('busy')
      else reject(new Error(`flock exited with ${code}`))
    }
    child.once('exit', early)
    child.stdout.once('data', () => {
      child.off('exit', early)
      child.stdout.destroy()
      // The child must not keep this process alive; it ends when our end of the pipe closes.
      child.unref()
      ;(child.stdin as unknown as { unref?: () => void }).unref?.()
      resolve(async () => {
        child.ref() // wait for the lock to be dropped before reporting it dropped
        child.stdin.end()
        await exited
      })
    })
  })
}

async function holdWithSocket(dir: string, owner: () => string): Promise<Unlock> {
  const socketPath = join(dir, 'viza.sock')
  const listen = () =>
    new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer((s) => s.destroy())
      server.once('error', reject)
      server.listen(socketPath, () => resolve(server))
    })
  let server: ReturnType<typeof createServer>
  try {
    server = await listen()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
    const alive = await new Promise<boolean>((resolve) => {
      const s = connect(socketPath)
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (alive) throw new DataDirBusyError(dir, owner())
    rmSync(socketPath, { force: true }) // its owner died
    server = await listen()
  }
  server.unref()
  writeFileSync(join(dir, 'viza.lock'), String(process.pid))
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
