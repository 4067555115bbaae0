import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DataDirBusyError } from './db/client'
import { ConfigError, configFromEnv, startServer } from './server'

// The built browser app, beside this file's folder: src/server/main.ts (tsx, tests) or the
// bundle dist-server/main.js (`npm start`).
const here = dirname(fileURLToPath(import.meta.url))
const staticRoot = join(here, basename(here) === 'dist-server' ? '../dist' : '../../dist')

try {
  const server = await startServer({ ...configFromEnv(), staticRoot })
  process.stderr.write(`Viza работает: ${server.url}\n`)
  const shutdown = (signal: string) => {
    process.stderr.write(`\n${signal}: завершаю работу…\n`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
} catch (e) {
  if (e instanceof DataDirBusyError || e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`)
    process.exit(1)
  }
  throw e
}
