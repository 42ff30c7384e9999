// The time-limit settings (issue_time_limits) as the lookup the lifecycle uses.
import { DEFAULT_TIME_LIMITS_MINUTES, type Stage } from '../../core/domain/issue-lifecycle.js'
import type { TriageColour } from '../../core/domain/triage.js'
import type { Sql } from '../db/client.js'
import { selectTimeLimits } from '../db/queries/issues.js'
import type { TimeLimits } from './issue-summary.js'

/** The database's limits over the defaults (a missing row keeps the default). */
export async function loadTimeLimits(sql: Sql): Promise<TimeLimits> {
  const limits = structuredClone(DEFAULT_TIME_LIMITS_MINUTES) as TimeLimits
  for (const row of await selectTimeLimits(sql)) limits[row.colour as TriageColour][row.stage as Stage] = row.minutes
  return limits
}
