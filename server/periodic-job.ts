// A job run now and then in the background of a server process: the first run after `firstMs`, the
// next `periodMs` after each run ends (never two at once); a failed run is reported and the next one
// comes on time; stop() waits for a run in progress.
export interface PeriodicJob {
  stop(): Promise<void>
}

export function startPeriodicJob(run: () => Promise<unknown>, o: { firstMs: number; periodMs: number; onError: (err: unknown) => void }): PeriodicJob {
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  const tick = () => {
    running = run()
      .catch((err) => stopped || o.onError(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.periodMs)
      })
  }
  timer = setTimeout(tick, o.firstMs)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
