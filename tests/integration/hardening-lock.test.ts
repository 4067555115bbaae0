/**
 * Issue 9, finding 4: the embedded data dir's lock is released by the operating system when its
 * owner dies, and a stale lock file naming a live PID (in a container: always the same PID)
 * does not block startup.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirBusyError, lockDataDir } from '../../src/server/db/data-dir-lock'
import { openDatabase } from '../../src/server/db/client'

const root = join(import.meta.dirname, '../..')
const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'viza-lock-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe.runIf(!process.env.DATABASE_URL)('the data dir lock', () => {
  it('a lock file left with a live PID (ours, or 1 as in a container) does not block startup', async () => {
    const dump = process.env.VIZA_TEST_PGLITE_DUMP
    const loadDataDir = dump ? new Blob([readFileSync(dump)]) : undefined
    for (const pid of [String(process.pid), '1']) {
      const dir = tempDir()
      writeFileSync(join(dir, 'viza.lock'), pid)
      const db = await openDatabase({ dataDir: dir, loadDataDir, migrate: false })
      // … while a second opener is still refused as long as the first is alive
      await expect(openDatabase({ dataDir: dir, migrate: false })).rejects.toBeInstanceOf(
        DataDirBusyError,
      )
      await db.close()
      const again = await openDatabase({ dataDir: dir, migrate: false })
      await again.close()
    }
  })

  it('kill -9 of the owner releases the lock at once', async () => {
    const dir = tempDir()
    const script = join(dir, 'holder.mts')
    writeFileSync(
      script,
      `import { lockDataDir } from ${JSON.stringify(join(root, 'src/server/db/data-dir-lock.ts'))}\n` +
        `await lockDataDir(process.argv[2])\nprocess.stdout.write('held\\n')\nsetInterval(() => {}, 1000)\n`,
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('held') && resolve())
      child.once('exit', (code) => reject(new Error(`holder exited ${code}`)))
    })
    await expect(lockDataDir(dir)).rejects.toThrow(new RegExp(`pid ${child.pid}`))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    // the kernel drops the lock when the holder's pipe closes: at most a moment later
    let unlock: (() => Promise<void>) | null = null
    for (let i = 0; i < 40 && !unlock; i++) {
      unlock = await lockDataDir(dir).catch(() => null)
      if (!unlock) await new Promise((r) => setTimeout(r, 50))
    }
    expect(unlock).not.toBeNull()
    await unlock!()
  })

  it('without flock(1), a unix socket in the data dir stands in, and a dead owner’s socket is replaced', async () => {
    const dir = tempDir()
    // A holder that dies without cleaning up leaves its socket file behind.
    const child = spawn(
      process.execPath,
      [
        '-e',
        "require('node:net').createServer().listen(process.argv[1], () => console.log('up'))",
        join(dir, 'viza.sock'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
    const path = process.env.PATH
    process.env.PATH = join(dir, 'no-such-bin') // no flock(1) to be found
    try {
      await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirBusyError)
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const unlock = await lockDataDir(dir)
      await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirBusyError)
      await unlock()
      const again = await lockDataDir(dir)
      await again()
    } finally {
      process.env.PATH = path
    }
  })
})
