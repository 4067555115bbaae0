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
  for (const t of timed) if (now >= t.next) t.notify()
  timer = setTimeout(tick, 1000 - (Date.now() % 1000))
}

function ensureTimer() {
  if (!timer) tick()
  else now = Date.now() + skewMs
}
function stopIfIdle() {
  if (listeners.size === 0 && timed.size === 0 && timer) {
    clearTimeout(timer)
    timer = null
  }
}

function subscribe(l: Listener) {
  listeners.add(l)
  ensureTimer()
  return () => {
    listeners.delete(l)
    if (listeners.size === 0 && timed.size === 0 && timer) {
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

/** Subscribes to the clock but re-renders only when `select(now)` changes. */
export function useClockSelector<T>(select: (now: number) => T): T {
  return useSyncExternalStore(
    subscribe,
    () => select(now),
    () => select(now),
  )
}

interface Timed {
  next: number
  notify: () => void
}
const timed = new Set<Timed>()

/**
 * A value of the clock that knows when it next changes: the shared timer wakes only the
 * subscribers whose moment has come, so a page of a thousand countdowns that change once a
 * minute costs a thousand number comparisons a second, not a thousand renders.
 */
export class TimedSource<T> {
  private value: T | undefined
  private next = -Infinity
  private entry: Timed | null = null

  constructor(private readonly compute: (now: number) => { value: T; next: number }) {}

  subscribe = (notify: () => void) => {
    const entry: Timed = { next: this.next, notify }
    this.entry = entry
    timed.add(entry)
    ensureTimer()
    return () => {
      timed.delete(entry)
      this.entry = null
      stopIfIdle()
    }
  }

  getSnapshot = (): T => {
    // the first reading happens during render, before any tick: take the time afresh
    if (this.next === -Infinity) now = Date.now() + skewMs
    if (now >= this.next) {
      const r = this.compute(now)
      this.value = r.value
      this.next = r.next
      if (this.entry) this.entry.next = r.next
    }
    return this.value as T
  }
}

export function useTimed<T>(source: TimedSource<T>): T {
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot)
}
