// How many requests each Open311 integration has made this minute, in this process: a fixed window
// per key name, reset on the minute. Each process counts its own (several processes let an
// integration make up to their number times its rate); the README says so.
export function createKeyLimiter(now: () => number = Date.now) {
  const windows = new Map<string, { minute: number; count: number }>()
  return {
    /** Counts one request of `name`; false when it is over `perMinute` this minute. */
    take(name: string, perMinute: number): boolean {
      const minute = Math.floor(now() / 60_000)
      const w = windows.get(name)
      if (!w || w.minute !== minute) {
        windows.set(name, { minute, count: 1 })
        return true
      }
      w.count++
      return w.count <= perMinute
    },
  }
}
