/** The server's time source; injected so tests can move time and the domain stays pure. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that tests (and the browser suite, through /api/test/clock) can move forward. It
 * runs on from where it was set, or stands still when frozen: a test that compares times to the
 * second freezes it, so what it reads does not depend on how fast the machine is.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0
  private frozenAtMs: number | null = null
  now(): Date {
    return new Date(this.frozenAtMs ?? Date.now() + this.offsetMs)
  }
  advance(ms: number): void {
    if (this.frozenAtMs !== null) this.frozenAtMs += ms
    else this.offsetMs += ms
  }
  set(at: Date, options: { frozen?: boolean } = {}): void {
    this.frozenAtMs = options.frozen ? at.getTime() : null
    this.offsetMs = at.getTime() - Date.now()
  }
}
