/** A Viza server process for the browser tests (fixtures.ts, global-setup.ts). */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { buildState, root } from '../../bin/build-state.mjs'
import { EMULATED } from '../../src/mocks/channel-accounts'

/** The governor's VK group as every e2e server's Callback API knows it. */
export const E2E_VK_CALLBACK = { secret: 'e2e-callback-secret', groupId: 555000 } as const

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/**
 * A Viza server process on `dataDir`, ready when its health answers. `npm run test:browser`
 * builds first, so this is the built server; with a stale build (a spec run alone while working
 * on the server), the sources through tsx.
 */
export async function spawnViza(
  dataDir: string,
  maxEmulatorURL: string,
): Promise<{ server: ChildProcess; baseURL: string }> {
  const port = await freePort()
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
      // one server per spec file: the checker's dictionary (seconds of CPU) only where a spec
      // checks an answer, on its first check
      VIZA_CHECKER_WARM: '0',
      // lets the admin store channel credentials (admin.spec.ts); any 16+ characters
      VIZA_SECRET_KEY: 'e2e-only-secret-key-not-for-production',
      // the MAX notification bot, on this file's emulated MAX API (max-notify.spec.ts)
      VIZA_NOTIFY_MAX_TOKEN: EMULATED.max.token,
      VIZA_NOTIFY_MAX_API: maxEmulatorURL,
      // Web Push needs a real VAPID subject (Apple refuses mailto:…@localhost)
      VIZA_PUSH_CONTACT: 'mailto:viza-e2e@example.ru',
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
  const deadline = Date.now() + 110_000
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`the e2e server exited (${server.exitCode}):\n${stderr.join('')}`)
    const ok = await fetch(`${baseURL}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { server, baseURL }
    if (Date.now() > deadline) {
      server.kill('SIGKILL')
      throw new Error(`the e2e server did not start in 110 s:\n${stderr.join('')}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Ends a server cleanly (its database closed), or kills it after 10 s. */
export async function endViza(server: ChildProcess) {
  const exited = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve()
    else server.once('exit', () => resolve())
  })
  server.kill('SIGTERM')
  const force = setTimeout(() => server.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(force)
}
