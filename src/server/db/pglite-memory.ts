import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * PGlite's memory, measured by `npm run bench:memory`. Its default 128 MB of shared buffers are
 * all touched at start (≈ 150 MB of the process's RSS); Viza's working set is a few MB, so 16 MB
 * is plenty. (`initialMemory` can only raise the WASM heap above its 128 MB floor, not lower it.)
 */
export const PGLITE_EXTRA_START_PARAMS = ['-c', 'shared_buffers=16MB']

/**
 * Creating a database (initdb) peaks near 0.9 GB, and PGlite keeps most of it for the life of
 * the process. A new data dir is therefore created by a short-lived child process; this process
 * then opens it as an existing one (≈ 0.7 s, a fraction of the memory).
 */
export async function initDataDirApart(pgDir: string): Promise<void> {
  if (existsSync(join(pgDir, 'PG_VERSION'))) return
  const pglite = import.meta.resolve('@electric-sql/pglite')
  const code = `const { PGlite } = await import(${JSON.stringify(pglite)})
const db = await PGlite.create(${JSON.stringify(pgDir)})
await db.close()`
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (status) =>
      status === 0
        ? resolve()
        : reject(new Error(`creating the embedded database failed (${status}): ${stderr}`)),
    )
  })
}
