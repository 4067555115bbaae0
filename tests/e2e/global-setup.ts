/**
 * Once per browser run: a demo database made by a real start of the server (migrations, demo
 * accounts, posts and comments), stopped cleanly. Each spec file's server starts on a copy of it
 * (fixtures.ts), which is a restart, not a first start.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { root } from '../../bin/build-state.mjs'
import { endViza, spawnViza } from './viza-server'
import { startMaxEmulator } from './max-emulator'

export default async function globalSetup() {
  const template = join(root, 'test-results', 'e2e-template')
  rmSync(template, { recursive: true, force: true })
  const emulator = await startMaxEmulator()
  const { server } = await spawnViza(template, emulator.url)
  await endViza(server)
  await emulator.close()
  process.env.VIZA_E2E_TEMPLATE = template
}
