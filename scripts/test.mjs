#!/usr/bin/env node
// `npm test`: every suite, in order, stopping at the first that fails, with each suite's time.
// With VIZA_TEST_DATABASE_URL set (CI: a throwaway PostgreSQL), the server suites also run
// against PostgreSQL, side by side with the browser suite: the browser suite waits on its pages
// much of the time, and the two together take little more than the longer one.
import { spawn } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (label, args, { env = {}, quiet = false } = {}) =>
  new Promise((resolve) => {
    const started = Date.now()
    const output = []
    const child = spawn(npm, args, {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    })
    if (quiet) {
      child.stdout.on('data', (c) => output.push(c))
      child.stderr.on('data', (c) => output.push(c))
    }
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000
      resolve({ label, ok: code === 0, seconds, output: Buffer.concat(output).toString() })
    })
  })

const results = []
const summary = () => {
  process.stdout.write('\n== suite times\n')
  for (const r of results)
    process.stdout.write(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.seconds.toFixed(0).padStart(5)} s  ${r.label}\n`,
    )
}

const sequence = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['format', ['run', 'format:check']],
  ['OpenAPI lint', ['run', 'lint:openapi']],
  ['unit and components', ['run', 'test:unit']],
  ['domain in other time zones', ['run', 'test:tz']],
  // the CLI and crash tests run the built server, as `npm start` does
  ['build (when the sources changed)', ['run', 'build:current']],
  ['integration (PGlite)', ['run', 'test:integration']],
]
for (const [label, args] of sequence) {
  process.stdout.write(`\n== ${label}\n`)
  const r = await run(label, args)
  results.push(r)
  if (!r.ok) {
    summary()
    process.exit(1)
  }
}

const pgUrl = process.env.VIZA_TEST_DATABASE_URL
process.stdout.write(
  `\n== browser (Chromium)${pgUrl ? ', and integration (PostgreSQL) beside it' : ''}\n`,
)
const [browser, postgres] = await Promise.all([
  run('browser (Chromium)', ['run', 'test:browser']),
  pgUrl
    ? run('integration (PostgreSQL)', ['run', 'test:integration'], {
        env: { DATABASE_URL: pgUrl },
        quiet: true,
      })
    : null,
])
results.push(browser)
if (postgres) {
  process.stdout.write(`\n== integration (PostgreSQL)\n${postgres.output}`)
  results.push(postgres)
}
summary()
process.exit(results.every((r) => r.ok) ? 0 : 1)
