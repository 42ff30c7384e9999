// What stands in for autovacuum on the embedded engine (server/db/embedded-maintenance.ts), and
// plans made for a statement's actual bounds there (server/db/embedded/engine.ts), on this run's engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/client.js'
import { startEmbeddedMaintenance, vacuumAnalyze } from '../../server/db/embedded-maintenance.js'
import { connectTestDb } from './test-db.js'

let db: Db

beforeAll(async () => {
  db = await connectTestDb()
})

afterAll(async () => {
  await db.close()
})

describe('embedded maintenance', () => {
  it('counts every table anew: the planner knows how many issues and events there are', async () => {
    // Rows the statistics have not seen yet: a bulk-load-like change.
    await db.sql`CREATE TABLE IF NOT EXISTS maintenance_probe (n int)`
    await db.sql`TRUNCATE maintenance_probe`
    await db.sql`INSERT INTO maintenance_probe SELECT generate_series(1, 5000)`
    await vacuumAnalyze(db.sql)
    const [row] = await db.sql<{ probe: number; issues: number; counted: number }[]>`
      SELECT (SELECT reltuples FROM pg_class WHERE relname = 'maintenance_probe')::int AS probe,
        (SELECT reltuples FROM pg_class WHERE relname = 'issues')::int AS issues, (SELECT count(*)::int FROM issues) AS counted`
    expect(row.probe).toBe(5000)
    expect(row.issues).toBe(row.counted)
    await db.sql`DROP TABLE maintenance_probe`
  })

  it('runs on its timer and stops, waiting for a run in progress', async () => {
    const errors: unknown[] = []
    const job = startEmbeddedMaintenance(db.sql, { onError: (e) => errors.push(e), firstMs: 0, periodMs: 60_000 })
    await new Promise((r) => setTimeout(r, 50))
    await job.stop()
    expect(errors).toEqual([])
    const [{ analysed }] = await db.sql<{ analysed: boolean }[]>`SELECT reltuples >= 0 AS analysed FROM pg_class WHERE relname = 'issue_events'`
    expect(analysed).toBe(true)
  })

  it('plans each statement for its parameters on both engines (generic plans of ranges took seconds on a year)', async () => {
    const [{ plan_cache_mode }] = await db.sql<{ plan_cache_mode: string }[]>`SHOW plan_cache_mode`
    expect(plan_cache_mode).toBe('force_custom_plan')
  })
})
