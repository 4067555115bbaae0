import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/setup/chromium'

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // Each spec file has its own server and database (tests/e2e/fixtures.ts): files run side by
  // side, the tests of one file in order.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // a guard against a hung test, not a measure: two workers share two cores with their servers
  timeout: 150_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results/playwright',
  use: {
    locale: 'ru-RU',
    // The region is UTC+5; the browser deliberately is not, to prove times do not depend on it.
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
})
