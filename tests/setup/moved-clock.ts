import { expect } from 'vitest'
import { ApiClient, TEST_PASSWORD, TEST_USERS, type TestServer } from './test-server'

/** A wall-clock moment in the region's time (UTC+5), as `2026-12-01T08:30`. */
export const regionTime = (local: string) => new Date(`${local}:00+05:00`)

/**
 * Moves the server's clock (the sweep runs with it) and lets the notification worker deliver.
 * The clock keeps running from there, so each step lands a little after the moment it is about.
 */
export async function clockTo(t: TestServer, local: string) {
  const r = await t.anonymous().post('/api/test/clock', { at: regionTime(local).toISOString() })
  expect(r.status).toBe(200)
  await t.server.deps.notifications.worker.pass()
}

/** Signed in afresh: days on a moved clock outlast any session. */
export async function signedInAfresh(t: TestServer, who: keyof typeof TEST_USERS) {
  const c = new ApiClient(t.url)
  await c.signIn(TEST_USERS[who].login, TEST_PASSWORD)
  return c
}
