#!/usr/bin/env node
// `npm run build`: the browser app with Vite into dist/, the server bundled with esbuild into
// dist-server/ (plain JavaScript for `node`, dependencies left in node_modules, migrations
// copied beside it), and a stamp of the sources both were built from (bin/build-state.mjs).
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { root, sourcesHash, stampPath } from '../bin/build-state.mjs'

const sources = sourcesHash()

const vite = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
)
if (vite.status !== 0) process.exit(vite.status ?? 1)

// Brotli and gzip copies of every text file of the app, made once here rather than per request:
// the server sends the one the browser accepts (serveStatic's `precompressed`). The governor's
// first visit over a slow mobile link moves a third of the bytes.
const compressible = /\.(js|css|html|svg|webmanifest|json)$/
for (const entry of readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !compressible.test(entry.name)) continue
  const file = join(entry.parentPath, entry.name)
  const bytes = readFileSync(file)
  if (bytes.length < 1024) continue
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  )
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
}

const out = join(root, 'dist-server')
rmSync(out, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  // the «отписка» checker's thread is started from its own file (see quality/checker.ts)
  entryPoints: {
    main: 'src/server/main.ts',
    cli: 'src/server/cli.ts',
    'checker-thread': 'src/server/quality/checker-thread.ts',
  },
  outdir: out,
  bundle: true,
  // Lazily imported modules (the CLI's database commands, the Telegram bot) get chunks of their own.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
// The embedded database's thread is started from its file (src/server/db/pglite-thread.mjs).
cpSync(join(root, 'src/server/db/pglite-thread.mjs'), join(out, 'pglite-thread.mjs'))
mkdirSync(join(out, 'migrations'), { recursive: true })
cpSync(join(root, 'src/server/db/migrations'), join(out, 'migrations'), { recursive: true })
writeFileSync(stampPath, JSON.stringify({ sources, builtAt: new Date().toISOString() }) + '\n')
