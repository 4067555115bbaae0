import { defineConfig } from '@playwright/test'
import { EMULATED } from './src/mocks/channel-accounts'
import { chromiumLaunchOptions } from './tests/setup/chromium'

const PORT = Number(process.env.E2E_PORT ?? 3310)
export const baseURL = `http://127.0.0.1:${PORT}`
/** The emulated MAX Bot API the notification bot talks to (tests/e2e/max-emulator.ts). */
export const maxEmulatorURL = `http://127.0.0.1:${PORT + 1}`
/** The governor's VK group as the e2e server's Callback API knows it. */
export const E2E_VK_CALLBACK = { secret: 'e2e-callback-secret', groupId: 555000 } as const

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results/playwright',
  use: {
    baseURL,
    locale: 'ru-RU',
    // The region is UTC+5; the browser deliberately is not, to prove times do not depend on it.
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  webServer: [
    {
      command: `node --import tsx tests/e2e/max-emulator.ts ${PORT + 1}`,
      url: `${maxEmulatorURL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // A real server on a fresh embedded database, demo accounts, and a clock tests can move.
      command: `rm -rf test-results/e2e-data && node --import tsx src/server/main.ts`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT),
        VIZA_DATA_DIR: 'test-results/e2e-data',
        VIZA_TEST_MODE: '1',
        VIZA_DEMO: '1',
        VIZA_SWEEP_MS: '2000',
        VIZA_PUBLISH_MS: '1000',
        // lets the admin store channel credentials (tests/e2e/admin.spec.ts); any 16+ characters
        VIZA_SECRET_KEY: 'e2e-only-secret-key-not-for-production',
        // the MAX notification bot, on the emulated MAX API (tests/e2e/max-notify.spec.ts)
        VIZA_NOTIFY_MAX_TOKEN: EMULATED.max.token,
        VIZA_NOTIFY_MAX_API: maxEmulatorURL,
        // Web Push needs a real VAPID subject (Apple refuses mailto:…@localhost)
        VIZA_PUSH_CONTACT: 'mailto:viza-e2e@example.ru',
        // citizens' comments arrive through the VK Callback API (tests/e2e/comments-smc.spec.ts);
        // without VK_ACCESS_TOKEN the VK page stays the demo one, replies included
        VK_CALLBACK_CONFIRMATION: 'e2e-confirm',
        VK_CALLBACK_SECRET: E2E_VK_CALLBACK.secret,
        VK_GROUP_ID: String(E2E_VK_CALLBACK.groupId),
      },
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
