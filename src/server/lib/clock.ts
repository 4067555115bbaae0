/** The server's time source; injected so tests can move time and the domain stays pure. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that tests (and the browser suite, through /api/test/clock) can move forward. */
export class AdjustableClock implements Clock {
  private offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(ms: number): void {
    this.offsetMs += ms
  }
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now()
  }
}
