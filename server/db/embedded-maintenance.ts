// What autovacuum does on a PostgreSQL server, for the embedded engine, which has none (PGlite runs
// no background workers): VACUUM (ANALYZE) of the whole database ten minutes after start and every
// hour (statistics survive a restart; the bulk history analyses what it loads at once).
//
// Why: without it the embedded engine's statistics are those of the last explicit ANALYZE (the bulk
// history's, or none at all for a database seeded at start), so plans made for a statement's actual
// bounds (server/db/embedded/engine.ts) are made from stale or default estimates; and the dead rows
// of every transition and rollup update are never reclaimed. After migration 0016 rewrote the
// year's issues, a VACUUM (ANALYZE) of the issues took 13 s and of the event log 7 s on this machine.
// A run holds the engine's one backend while it works: on a district's database a fraction of a
// second; later runs only visit what changed.
import type { Sql } from './client.js'
import { startPeriodicJob, type PeriodicJob } from '../periodic-job.js'

/** The first run after start, and the period after each run. */
export const MAINTENANCE_FIRST_MS = 600_000
export const MAINTENANCE_PERIOD_MS = 3_600_000

export async function vacuumAnalyze(sql: Sql): Promise<void> {
  await sql.unsafe('VACUUM (ANALYZE)')
}

export function startEmbeddedMaintenance(sql: Sql, o: { onError: (err: unknown) => void; firstMs?: number; periodMs?: number }): PeriodicJob {
  return startPeriodicJob(() => vacuumAnalyze(sql), { firstMs: o.firstMs ?? MAINTENANCE_FIRST_MS, periodMs: o.periodMs ?? MAINTENANCE_PERIOD_MS, onError: o.onError })
}
