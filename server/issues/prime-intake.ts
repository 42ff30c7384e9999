// Primes a new connection for the intake: plans the report's placement (EXPLAIN: nothing runs, no
// number is drawn) for a report made now, which loads the catalogue entries of the month's issue
// partition and of its indexes — the same ones the insert then opens.
import type { PoolConnection } from '../db/primed-pool.js'
import { placementQuery } from '../db/queries/issues.js'
import { DUPLICATE_RADIUS_METERS, DUPLICATE_WINDOW_HOURS } from './report-issue.js'

export async function primeIntake(connection: PoolConnection, now = new Date()): Promise<void> {
  const sample = {
    id: '00000000-0000-4000-8000-000000000000',
    category: 'sanitation.garbage',
    lon: 0,
    lat: 0,
    at: now.toISOString(),
    duplicateMeters: DUPLICATE_RADIUS_METERS,
    duplicateHours: DUPLICATE_WINDOW_HOURS,
  }
  await connection`EXPLAIN ${placementQuery(connection, sample)}`
}
