// Fills in the H3 cells of issues stored before migration 0008 (a database that ran an older
// version): 5,000 at a time at start, until none is left. New issues get theirs at intake.
import { getIssueCells } from '../../core/domain/issue-cells.js'
import type { Sql } from '../db/client.js'

const BATCH = 5000

/** Returns how many issues it filled in (0 on a database that needs nothing). */
export async function backfillIssueCells(sql: Sql): Promise<number> {
  let done = 0
  for (;;) {
    const rows = await sql<{ id: string; lon: number; lat: number }[]>`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE h3_r7 IS NULL LIMIT ${BATCH}`
    if (rows.length === 0) return done
    const cells = rows.map((r) => ({ id: r.id, ...getIssueCells(r.lon, r.lat) }))
    await sql`
      UPDATE issues i SET h3_r7 = c.h3_r7, h3_r8 = c.h3_r8, h3_r9 = c.h3_r9, h3_r10 = c.h3_r10
      FROM jsonb_to_recordset(${sql.json(cells as never)}::jsonb) AS c(id uuid, h3_r7 text, h3_r8 text, h3_r9 text, h3_r10 text)
      WHERE i.id = c.id`
    done += rows.length
  }
}
