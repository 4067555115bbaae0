#!/usr/bin/env node
// `npx viza …`: the command-line entry. Runs the built CLI when the build matches the sources;
// otherwise (while developing) the TypeScript sources through tsx.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildState, root } from './build-state.mjs'

let cli
if (buildState() === 'current') {
  cli = await import(pathToFileURL(join(root, 'dist-server', 'cli.js')).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import('../src/server/cli.ts')
}
process.exitCode = await cli.main(process.argv.slice(2))
