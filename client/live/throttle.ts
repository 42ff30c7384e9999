// A refresh that follows a stream of events without being starved by it: the first call runs at
// once, later ones at most once per interval, and a call inside the interval is kept for its end
// (the trailing call), so the last event is always reflected. A debounce (wait for a quiet moment)
// never fires under a steady stream; this does, every `intervalMs`.

export interface Throttled {
  /** Asks for a run: now if the interval has passed, else once at its end. */
  (): void
  /** Forgets a pending trailing run. */
  cancel(): void
}

export interface ThrottleClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/** `run` at most once per `intervalMs`, leading and trailing. */
export function createThrottle(run: () => void, intervalMs: number, clock: ThrottleClock = realClock): Throttled {
  let last = -Infinity
  let timer: unknown = null
  const fire = () => {
    timer = null
    last = clock.now()
    run()
  }
  const throttled = (() => {
    if (timer !== null) return
    const wait = last + intervalMs - clock.now()
    if (wait <= 0) fire()
    else timer = clock.setTimeout(fire, wait)
  }) as Throttled
  throttled.cancel = () => {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
  }
  return throttled
}
