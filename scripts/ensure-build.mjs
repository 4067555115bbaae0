#!/usr/bin/env node
// The suites that run the built app (browser) or the built CLI (integration) build it first,
// but only when the sources changed since the last build: `npm test` builds once, not per suite.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { buildState, root } from '../bin/build-state.mjs'

if (buildState() !== 'current') {
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  process.exit(r.status ?? 1)
}
