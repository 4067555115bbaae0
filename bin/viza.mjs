#!/usr/bin/env node
// `npx viza …`: the command-line entry. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/server/cli.ts')
process.exitCode = await main(process.argv.slice(2))
