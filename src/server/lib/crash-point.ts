/**
 * Test mode only: the process dies without warning (SIGKILL, as kill -9) at a named point, so
 * the crash test can prove that a restart settles what was left between two steps.
 * `VIZA_TEST_CRASH_AT=ledger-sent` kills it right after a publication or reply ledger row is
 * recorded `sent`, before the post or comment moves.
 */
export type CrashPoint = 'ledger-sent'

export function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv = process.env) {
  if (env.VIZA_TEST_MODE === '1' && env.VIZA_TEST_CRASH_AT === point)
    process.kill(process.pid, 'SIGKILL')
}
