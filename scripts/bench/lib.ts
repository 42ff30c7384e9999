// What the benchmark suites share: timing, percentiles and a fixed-width table on stdout.
export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const clock = () => performance.timeOrigin + performance.now()

/** The p-th percentile (nearest rank) of the values. */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(xs).sort()
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0) : '–')

export const row = (...cells: (string | number)[]) => console.log(cells.map((c) => String(c).padEnd(22)).join(''))
