/**
 * Each spec file gets its own Viza: a server on a fresh embedded database with the demo
 * accounts, and its own MAX emulator. Specs run in parallel workers and none can see another's
 * posts, bell counts, moved clock or injected channel faults. Tests inside one file share the
 * file's server and run in order, as before.
 */
import { test as base, expect } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { buildState, root } from '../../bin/build-state.mjs'
import { EMULATED } from '../../src/mocks/channel-accounts'
import { startMaxEmulator } from './max-emulator'

/** The governor's VK group as every e2e server's Callback API knows it. */
export const E2E_VK_CALLBACK = { secret: 'e2e-callback-secret', groupId: 555000 } as const

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

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

async function startViza(file: string, workerIndex: number): Promise<Running> {
  const emulator = await startMaxEmulator()
  const port = await freePort()
  const dataDir = join(root, 'test-results', `e2e-data-${workerIndex}-${port}`)
  rmSync(dataDir, { recursive: true, force: true })
  // The built server when the build is current (npm run test:browser builds first), else the
  // sources through tsx, so a spec can be run alone while working on the server.
  const args =
    buildState() === 'current'
      ? [join(root, 'dist-server', 'main.js')]
      : ['--import', 'tsx', join(root, 'src', 'server', 'main.ts')]
  const stderr: string[] = []
  const server = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: '',
      VIZA_DATA_DIR: dataDir,
      VIZA_TEST_MODE: '1',
      VIZA_DEMO: '1',
      VIZA_SWEEP_MS: '2000',
      VIZA_PUBLISH_MS: '1000',
      // lets the admin store channel credentials (admin.spec.ts); any 16+ characters
      VIZA_SECRET_KEY: 'e2e-only-secret-key-not-for-production',
      // the MAX notification bot, on this file's emulated MAX API (max-notify.spec.ts)
      VIZA_NOTIFY_MAX_TOKEN: EMULATED.max.token,
      VIZA_NOTIFY_MAX_API: emulator.url,
      // citizens' comments arrive through the VK Callback API (comments-smc.spec.ts); without
      // VK_ACCESS_TOKEN the VK page stays the demo one, replies included
      VK_CALLBACK_CONFIRMATION: 'e2e-confirm',
      VK_CALLBACK_SECRET: E2E_VK_CALLBACK.secret,
      VK_GROUP_ID: String(E2E_VK_CALLBACK.groupId),
    },
  })
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString())
    if (stderr.length > 200) stderr.shift()
  })
  const baseURL = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`the e2e server exited (${server.exitCode}):\n${stderr.join('')}`)
    const ok = await fetch(`${baseURL}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline)
      throw new Error(`the e2e server did not start in 90 s:\n${stderr.join('')}`)
    await new Promise((r) => setTimeout(r, 200))
  }
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
  const exited = new Promise<void>((resolve) => {
    if (running.server.exitCode !== null) resolve()
    else running.server.once('exit', () => resolve())
  })
  running.server.kill('SIGTERM')
  const force = setTimeout(() => running.server.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(force)
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
