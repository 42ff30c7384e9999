// Row counts and data versions: what /api/health reports and what caches are keyed by.
import type { Sql } from '../client.js'

export interface RowCounts {
  areas: number
  facilities: number
  demand_points: number
  facility_types: number
}

export async function countRows(sql: Sql): Promise<RowCounts> {
  const [row] = await sql<RowCounts[]>`SELECT
    (SELECT count(*)::integer FROM areas) AS areas,
    (SELECT count(*)::integer FROM facilities) AS facilities,
    (SELECT count(*)::integer FROM demand_points) AS demand_points,
    (SELECT count(*)::integer FROM facility_types) AS facility_types`
  return row
}

/**
 * The version of one layer's data ('areas', 'facilities', 'demand-points', 'facility-types'):
 * the database's random instance id and the layer's change counter, so it changes with every
 * write and never repeats across databases.
 */
export async function getDataVersion(sql: Sql, layer: string): Promise<string> {
  const [row] = await sql<{ version: string }[]>`
    SELECT left(i.id::text, 8) || '.' || coalesce(v.version, 0) AS version
    FROM database_instance i LEFT JOIN data_versions v ON v.layer = ${layer}`
  return row.version
}

/** All layers' versions joined with the instance id: one key that changes when any data changes. */
export async function getAllDataVersions(sql: Sql): Promise<string> {
  const [row] = await sql<{ version: string }[]>`
    SELECT left(i.id::text, 8) || ':' || string_agg(v.layer || '.' || v.version, '-' ORDER BY v.layer) AS version
    FROM database_instance i CROSS JOIN data_versions v GROUP BY i.id`
  return row.version
}
