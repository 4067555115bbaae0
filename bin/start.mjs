#!/usr/bin/env node
// `npm start`: build the browser app when it is missing or older than its sources, then serve.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const built = join(root, 'dist', 'index.html')

function newest(path) {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))))
}

const sources = ['src/app', 'src/domain', 'src/shared', 'index.html', 'public', 'vite.config.ts']
  .map((p) => join(root, p))
  .filter(existsSync)
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  process.stderr.write('Собираю приложение…\n')
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const { register } = await import('tsx/esm/api')
register()
await import('../src/server/main.ts')
