#!/usr/bin/env node
// `npm test`: every suite, in order, stopping at the first that fails, with each suite's time.
// With VIZA_TEST_DATABASE_URL set (CI: a throwaway PostgreSQL), the server suites run against
// PostgreSQL too, after the browser suite. Side by side they took 9 minutes instead of 18, but on
// two cores the browser suite's timing-sensitive checks (the first screen's 500 ms budget, the
// offline harness) then failed now and then: a red CI costs more than nine minutes.
import { spawn } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (label, args, { env = {} } = {}) =>
  new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(npm, args, { stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000
      resolve({ label, ok: code === 0, seconds })
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

const pgUrl = process.env.VIZA_TEST_DATABASE_URL
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
  ['browser (Chromium)', ['run', 'test:browser']],
  ...(pgUrl
    ? [['integration (PostgreSQL)', ['run', 'test:integration'], { DATABASE_URL: pgUrl }]]
    : []),
]
for (const [label, args, env] of sequence) {
  process.stdout.write(`\n== ${label}\n`)
  const r = await run(label, args, { env })
  results.push(r)
  if (!r.ok) break
}
summary()
process.exit(results.every((r) => r.ok) ? 0 : 1)
