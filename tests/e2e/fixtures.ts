/**
 * Each spec file gets its own Viza: a server on its own copy of the demo database (made once by
 * global-setup.ts), and its own MAX emulator. Specs run in parallel workers and none can see another's
 * posts, bell counts, moved clock or injected channel faults. Tests inside one file share the
 * file's server and run in order, as before.
 */
import { test as base, expect } from '@playwright/test'
import type { ChildProcess } from 'node:child_process'
import { cpSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { root } from '../../bin/build-state.mjs'
import { startMaxEmulator } from './max-emulator'
import { endViza, spawnViza } from './viza-server'

export { E2E_VK_CALLBACK } from './viza-server'

export interface Viza {
  baseURL: string
  /** The emulated MAX Bot API this file's server talks to (`/_test/…` acts as a person in MAX). */
  maxEmulatorURL: string
}

interface Running extends Viza {
  file: string
  server: ChildProcess
  closeEmulator(): Promise<void>
  dataDir: string
}

/**
 * The file's own copy of the demo database global-setup.ts made once (a fresh embedded database
 * costs initdb, migrations and the demo seed: tens of seconds on a busy machine; a copy, a
 * restart), or a fresh one when the spec runs without the global setup.
 */
async function startViza(file: string, workerIndex: number): Promise<Running> {
  const emulator = await startMaxEmulator()
  const dataDir = join(root, 'test-results', `e2e-data-${workerIndex}-${Date.now().toString(36)}`)
  rmSync(dataDir, { recursive: true, force: true })
  const template = process.env.VIZA_E2E_TEMPLATE
  if (template && existsSync(template)) cpSync(template, dataDir, { recursive: true })
  const { server, baseURL } = await spawnViza(dataDir, emulator.url)
  return {
    file,
    server,
    dataDir,
    baseURL,
    maxEmulatorURL: emulator.url,
    closeEmulator: () => emulator.close(),
  }
}

async function stopViza(running: Running) {
  await endViza(running.server)
  await running.closeEmulator()
  rmSync(running.dataDir, { recursive: true, force: true })
}

/** The worker's current file's Viza; a worker runs its files one after another. */
let current: Running | null = null

/* eslint-disable no-empty-pattern -- Playwright reads a fixture's needs from its first parameter */
export const test = base.extend<{ viza: Viza }, { vizaTeardown: void }>({
  vizaTeardown: [
    async ({}, use) => {
      await use()
      if (current) await stopViza(current)
      current = null
    },
    { scope: 'worker', auto: true },
  ],
  viza: [
    async ({}, use, testInfo) => {
      if (current?.file !== testInfo.file) {
        if (current) await stopViza(current)
        current = null
        current = await startViza(testInfo.file, testInfo.workerIndex)
      }
      await use({ baseURL: current.baseURL, maxEmulatorURL: current.maxEmulatorURL })
    },
    // a fresh embedded database with the demo data takes seconds, not counted in the test's time
    { timeout: 120_000 },
  ],
  baseURL: async ({ viza }, use) => use(viza.baseURL),
})
/* eslint-enable no-empty-pattern */

export { expect }
