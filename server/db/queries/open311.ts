// SQL of the Open311 endpoint (server/open311/): integrations' keys (migration 0024), the requests an
// integration may read (its area's issues), and where an address_string names a grid or community.
import type { Sql } from '../client.js'
import { scopeCondition, SUMMARY_COLUMNS, type IssueSummaryRow } from './issues.js'

export interface Open311KeyRow {
  name: string
  area_code: string
  per_minute: number
  revoked_at: Date | null
  display_name: string
  disabled: boolean
}

/** The integration whose key has this sha256 (revoked or not), with its user. */
export async function selectOpen311Key(sql: Sql, keySha256: string): Promise<Open311KeyRow | undefined> {
  const [row] = await sql<Open311KeyRow[]>`
    SELECT k.name, k.area_code, k.per_minute, k.revoked_at, u.display_name, u.disabled
    FROM open311_keys k JOIN users u ON u.username = k.name
    WHERE k.key_sha256 = ${keySha256}`
  return row
}

/** Issues (or replaces) an integration's key. */
export async function upsertOpen311Key(sql: Sql, k: { name: string; keySha256: string; areaCode: string; perMinute: number }): Promise<void> {
  await sql`
    INSERT INTO open311_keys (name, key_sha256, area_code, per_minute) VALUES (${k.name}, ${k.keySha256}, ${k.areaCode}, ${k.perMinute})
    ON CONFLICT (name) DO UPDATE SET key_sha256 = EXCLUDED.key_sha256, area_code = EXCLUDED.area_code, per_minute = EXCLUDED.per_minute,
      created_at = now(), revoked_at = NULL`
}

/** Ends an integration's key; false when it has none. */
export async function revokeOpen311Key(sql: Sql, name: string): Promise<boolean> {
  const rows = await sql`UPDATE open311_keys SET revoked_at = now() WHERE name = ${name} AND revoked_at IS NULL RETURNING name`
  return rows.length > 0
}

/** Every integration, for `npm run users -- api-keys`. */
export async function selectOpen311Keys(sql: Sql) {
  return sql<{ name: string; area_code: string; per_minute: number; created_at: Date; revoked_at: Date | null }[]>`
    SELECT name, area_code, per_minute, created_at, revoked_at FROM open311_keys ORDER BY name`
}

export type Open311IssueRow = IssueSummaryRow & { media_url: string | null }

export interface Open311RequestFilter {
  /** The integration's area. */
  area: string
  codes?: string[]
  services?: string[]
  from: Date
  to: Date
  /** Only open (true) or only finished (false) issues. */
  open?: boolean
  limit: number
}

/** The area's issues reported in [from, to) — or the ones named, whenever reported — the newest first. */
export async function selectOpen311Requests(sql: Sql, f: Open311RequestFilter): Promise<Open311IssueRow[]> {
  const finished = sql`i.status IN ('closed', 'rejected', 'merged')`
  return sql<Open311IssueRow[]>`
    SELECT ${SUMMARY_COLUMNS(sql)}, i.media_url FROM issues i
    WHERE ${scopeCondition(sql, `area:${f.area}`)}
      ${f.codes ? sql`AND i.code IN ${sql(f.codes)}` : sql`AND i.reported_at >= ${f.from} AND i.reported_at < ${f.to}`}
      ${f.services ? sql`AND i.category IN ${sql(f.services)}` : sql``}
      ${f.open === undefined ? sql`` : f.open ? sql`AND NOT ${finished}` : sql`AND ${finished}`}
    ORDER BY i.number DESC
    LIMIT ${f.limit}`
}

/** Whether the point lies in the area (or an area below it: their codes begin with its code). */
export async function isPointInArea(sql: Sql, lon: number, lat: number, area: string): Promise<boolean> {
  const [row] = await sql<{ inside: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM areas WHERE (code = ${area} OR code LIKE ${`${area}%`}) AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
    ) AS inside`
  return row.inside
}

/** The code of the issue `id` when it lies in `area`. */
export async function selectIssueCode(sql: Sql, id: string, area: string): Promise<{ code: string } | undefined> {
  const [row] = await sql<{ code: string }[]>`
    SELECT i.code FROM issues i WHERE i.id = ${id} AND ${scopeCondition(sql, `area:${area}`)}`
  return row
}

/** The grids and communities within `area` whose name (or English name) is `name`, each with a point inside it. */
export async function selectAreasNamed(sql: Sql, name: string, area: string) {
  return sql<{ code: string; lon: number; lat: number }[]>`
    WITH p AS (
      SELECT code, ST_PointOnSurface(geom) AS point FROM areas
      WHERE level IN ('grid', 'community') AND (name = ${name} OR lower(name_en) = lower(${name}))
        AND (code = ${area} OR code LIKE ${`${area}%`})
    )
    SELECT code, ST_X(point) AS lon, ST_Y(point) AS lat FROM p ORDER BY code LIMIT 5`
}
