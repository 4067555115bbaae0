import { useSyncExternalStore } from 'react'

/**
 * One clock for the whole page: a single timer, however many countdowns subscribe. Ticks on
 * the second boundary so every countdown changes at the same moment.
 */
type Listener = () => void
const listeners = new Set<Listener>()
let now = Date.now()
let timer: ReturnType<typeof setTimeout> | null = null
/** Server time minus browser time, so a wrong browser clock does not move deadlines. */
let skewMs = 0

function tick() {
  now = Date.now() + skewMs
  listeners.forEach((l) => l())
  timer = setTimeout(tick, 1000 - (Date.now() % 1000))
}

function subscribe(l: Listener) {
  listeners.add(l)
  if (!timer) tick()
  return () => {
    listeners.delete(l)
    if (listeners.size === 0 && timer) {
      clearTimeout(timer)
      timer = null
    }
  }
}

export function setServerSkew(ms: number) {
  // network latency makes every reading a little off: only real drift moves the clock
  if (Math.abs(ms - skewMs) < 1500) return
  skewMs = ms
  now = Date.now() + skewMs
}

export const currentTime = () => now

/** The shared "now", refreshed once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, currentTime, currentTime)
}

/** Subscribes to the clock but re-renders only when `select(now)` changes. */
export function useClockSelector<T>(select: (now: number) => T): T {
  return useSyncExternalStore(
    subscribe,
    () => select(now),
    () => select(now),
  )
}
