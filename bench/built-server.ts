// The real server for benchmarks, started as `npm start` starts it (bin/start.mjs on plain node,
// no npm in between, so the pid is the server's own), on the address it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

export interface BuiltServer {
  url: string
  child: ChildProcess
  close(): Promise<void>
}

/**
 * Demo data on; `env` adds to (or overrides) it, `nodeFlags` go before the script. The server is
 * on the embedded database unless `env` names a DATABASE_URL: one inherited from the shell would
 * otherwise turn an "embedded" run into a PostgreSQL one (it did, unnoticed, in bench:api).
 */
export async function startBuiltServer(
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<BuiltServer> {
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'bin/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      HOST: '127.0.0.1',
      PORT: '0',
      VIZA_DEMO: '1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(err)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)))
  })
  return {
    url,
    child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
