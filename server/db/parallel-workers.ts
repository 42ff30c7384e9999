// How many parallel workers one query may start on the PostgreSQL server (its
// max_parallel_workers_per_gather, set on each of the server's connections): DATABASE_PARALLEL_WORKERS,
// checked in one place for the server and for every other opener of a connection (CLIs, benches, tests).
//
// Why none by default. On this 2-core machine kind, with the city's year (README, performance),
// PostgreSQL planned a Gather for the reads the command centre makes all day — the open issues' counts
// of the city's figures (37,551 rows: 75–81 ms with two workers, 38–52 ms without, alternating runs), the
// hotspots' ranking, the wall's figures — and the workers' start cost more than they saved: with none,
// city 30 d p50 158–188 → 101–119 ms, r8 hotspots 181–200 → 102–144, the wall's start 1.03–1.21 →
// 0.69–0.73 s. A database server with many idle cores may do better with a few: measure with
// `npm run bench -- history --database-url …` before raising it. (The embedded engine has no workers.)

export const DEFAULT_PARALLEL_WORKERS = 0
export const PARALLEL_WORKERS_RULE = 'a whole number from 0 to 64 (parallel workers per query on the PostgreSQL server; 0: none)'

/** The number when `value` is a whole number from 0 to 64. */
export function getParallelWorkers(value: string): number | undefined {
  const v = value.trim()
  return /^\d{1,2}$/.test(v) && Number(v) <= 64 ? Number(v) : undefined
}

/** DATABASE_PARALLEL_WORKERS when set (a bad value is an error naming it), else the default. */
export function readParallelWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.DATABASE_PARALLEL_WORKERS?.trim()
  if (!value) return DEFAULT_PARALLEL_WORKERS
  const n = getParallelWorkers(value)
  if (n === undefined) throw new Error(`invalid configuration:\n  DATABASE_PARALLEL_WORKERS: ${PARALLEL_WORKERS_RULE}`)
  return n
}
