// What the benchmark suites share: timing, percentiles and a fixed-width table on stdout.
export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const clock = () => performance.timeOrigin + performance.now()

/**
 * The p-th percentile (nearest rank: the smallest value with at least p % of the values at or below
 * it) of the values. Until stop 40 it took the value one rank higher — the p95 of 20 runs was their
 * maximum, the p50 of 20 the 11th.
 */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(xs).sort()
  if (sorted.length === 0) return NaN
  // p × n before the division: (7 / 100) × 100 is 7.000000000000001, whose ceiling is 8.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100))
  return sorted[Math.min(sorted.length, rank) - 1]
}

export const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0) : '–')

export const row = (...cells: (string | number)[]) => console.log(cells.map((c) => String(c).padEnd(22)).join(''))

/** The median wall time of `runs` calls (the first run or two are slower while V8 compiles), every call's time in order, and the last result. */
export function timeRuns<T>(fn: () => T, runs: number): { ms: number; all: number[]; firstMs: number; result: T } {
  const all: number[] = []
  let result!: T
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    result = fn()
    all.push(performance.now() - t0)
  }
  return { ms: [...all].sort((a, b) => a - b)[Math.floor(runs / 2)], all, firstMs: all[0], result }
}
