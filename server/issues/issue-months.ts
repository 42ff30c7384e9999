// The months ahead of the issues' partitions (migration 0018): a report goes to the partition of the
// month it is made in, and a month without one would refuse it. Each server process makes this month
// and the next MONTHS_AHEAD before it listens and then every hour (CREATE … PARTITION OF takes a
// brief lock on the parent tables, so it is done ahead, not on a report's path; a month already made
// is a lookup).
//
// On the PostgreSQL server the same job analyses the two parent tables once a day: autovacuum
// analyses each month's table but never a partitioned parent, whose statistics the planner uses for
// the joins above the months (9 s on the server's year: 6.2 s issues, 3.0 s events). The embedded
// engine's VACUUM (ANALYZE) of the whole database covers them (server/db/embedded-maintenance.ts).
import type { Sql } from '../db/client.js'
import { ensureIssueMonths } from '../db/queries/issue-months.js'
import { startPeriodicJob, type PeriodicJob } from '../periodic-job.js'

export const MONTHS_AHEAD = 2
export const MONTHS_CHECK_PERIOD_MS = 3_600_000
export const PARENTS_ANALYSE_PERIOD_MS = 24 * 3_600_000

/** Makes the partitions of the month of `now` and the next MONTHS_AHEAD; returns how many were new. */
export async function makeMonthsAhead(sql: Sql, now = new Date()): Promise<number> {
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + MONTHS_AHEAD, 1))
  return ensureIssueMonths(sql, now, last)
}

export function startIssueMonths(sql: Sql, o: { engine: 'embedded' | 'server'; onError: (err: unknown) => void; periodMs?: number }): PeriodicJob {
  let analysedAt = Date.now()
  return startPeriodicJob(
    async () => {
      await makeMonthsAhead(sql)
      if (o.engine === 'server' && Date.now() - analysedAt >= PARENTS_ANALYSE_PERIOD_MS) {
        analysedAt = Date.now()
        await sql`ANALYZE issues, issue_events`
      }
    },
    { firstMs: o.periodMs ?? MONTHS_CHECK_PERIOD_MS, periodMs: o.periodMs ?? MONTHS_CHECK_PERIOD_MS, onError: o.onError },
  )
}
