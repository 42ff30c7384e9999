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

/** The change counter of one layer ('areas', 'facilities', 'demand-points', 'facility-types'). */
export async function getDataVersion(sql: Sql, layer: string): Promise<string> {
  const [row] = await sql<{ version: string }[]>`SELECT version::text FROM data_versions WHERE layer = ${layer}`
  return row?.version ?? '0'
}

/** All layers' versions joined: one key that changes when any data changes. */
export async function getAllDataVersions(sql: Sql): Promise<string> {
  const rows = await sql<{ layer: string; version: string }[]>`SELECT layer, version::text FROM data_versions ORDER BY layer`
  return rows.map((r) => `${r.layer}.${r.version}`).join('-')
}
