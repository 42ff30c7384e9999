// SQL of live closures: the open issues of the kinds that close the way to walkers and those marked
// as blocking passage (core/domain/passage-closures.ts), by the partial indexes of migrations 0021 and 0023.
import { CLOSURE_KINDS } from '../../../core/domain/passage-closures.js'
import { TERMINAL_STATUSES } from '../../../core/domain/issue-lifecycle.js'
import type { Sql } from '../client.js'
import type { PassageClosure } from '../../../core/wire/closures.js'

/** Every open closure, the oldest first (the order a storm's floods were reported in). */
export async function selectOpenClosures(sql: Sql): Promise<PassageClosure[]> {
  const rows = await sql<(Omit<PassageClosure, 'reportedAt'> & { reportedAt: Date })[]>`
    SELECT id, code, category AS subcategory, status, ST_X(geom) AS lon, ST_Y(geom) AS lat, reported_at AS "reportedAt",
      grid_code AS "gridCode", street_code AS "streetCode"
    FROM issues
    WHERE (category = ANY(${sql.array(CLOSURE_KINDS as string[])}) OR blocks_passage) AND status <> ALL(${sql.array(TERMINAL_STATUSES as string[])})
    ORDER BY reported_at, id`
  return rows.map((r) => ({ ...r, reportedAt: r.reportedAt.toISOString() }))
}
