// Reads of the grid hierarchy. Geometry leaves the database as GeoJSON in EPSG:4326;
// collections are assembled by PostgreSQL and passed through as text.
import type { AreaNode } from '../../../core/domain/area-chain.js'
import type { AreaLevel } from '../../../core/domain/areas.js'
import type { AreaDetailFeature, AreaGeometryMode } from '../../../core/wire/read-api.js'
import type { Sql } from '../client.js'

export interface AreaFilter {
  level?: AreaLevel
  parent?: string
  geometry: AreaGeometryMode
}

/** A FeatureCollection of areas as JSON text. */
export async function selectAreasGeoJson(sql: Sql, filter: AreaFilter): Promise<string> {
  const geometry =
    filter.geometry === 'full'
      ? sql`ST_AsGeoJSON(geom, 6)::json`
      : filter.geometry === 'label'
        ? sql`ST_AsGeoJSON(ST_PointOnSurface(geom), 6)::json`
        : sql`NULL::json`
  const [row] = await sql<{ body: string }[]>`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY depth, code), '[]'::json))::text AS body
    FROM (
      SELECT depth, code, json_build_object(
        'type', 'Feature', 'id', id, 'geometry', ${geometry},
        'properties', json_build_object(
          'code', code, 'name', name, 'name_en', name_en, 'level', level, 'kind', kind,
          'parent_code', parent_code, 'population', population, 'households', households, 'synthetic', synthetic)
      ) AS f
      FROM areas
      WHERE true
        ${filter.level ? sql`AND level = ${filter.level}` : sql``}
        ${filter.parent ? sql`AND parent_code = ${filter.parent}` : sql``}
    ) AS rows`
  return row.body
}

/** One area with its figures: children, facilities and residents inside it. Null if unknown. */
export async function selectAreaDetail(sql: Sql, code: string): Promise<AreaDetailFeature | null> {
  const [row] = await sql<{ feature: AreaDetailFeature }[]>`
    SELECT json_build_object(
      'type', 'Feature', 'id', a.id,
      'bbox', json_build_array(round(ST_XMin(a.geom)::numeric, 6), round(ST_YMin(a.geom)::numeric, 6),
                               round(ST_XMax(a.geom)::numeric, 6), round(ST_YMax(a.geom)::numeric, 6)),
      'geometry', ST_AsGeoJSON(a.geom, 6)::json,
      'properties', json_build_object(
        'code', a.code, 'name', a.name, 'name_en', a.name_en, 'level', a.level, 'kind', a.kind,
        'parent_code', a.parent_code, 'population', a.population, 'households', a.households,
        'leader_name', a.leader_name, 'leader_phone', a.leader_phone, 'synthetic', a.synthetic,
        'area_km2', round((ST_Area(a.geom::geography) / 1e6)::numeric, 3),
        'children_count', (SELECT count(*) FROM areas c WHERE c.parent_code = a.code),
        'facilities_count', (SELECT count(*) FROM facilities f WHERE ST_Intersects(f.geom, a.geom)),
        'demand_population', (SELECT coalesce(sum(d.population), 0) FROM demand_points d WHERE ST_Intersects(d.geom, a.geom))
      )
    ) AS feature
    FROM areas a WHERE a.code = ${code}`
  return row?.feature ?? null
}

export async function areaExists(sql: Sql, code: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM areas WHERE code = ${code}`
  return rows.length > 0
}

/** Extent of every area, [w, s, e, n]; null on an empty database. */
export async function selectAreasExtent(sql: Sql): Promise<[number, number, number, number] | null> {
  const [row] = await sql<{ w: number | null; s: number; e: number; n: number }[]>`
    SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
    FROM (SELECT ST_Extent(geom)::geometry AS x FROM areas) t`
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null
}

/** True while every area is synthetic (the demo's) and there is at least one: the database holds only the demo. */
export async function holdsOnlyDemoData(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ synthetic: boolean | null }[]>`SELECT bool_and(synthetic) AS synthetic FROM areas`
  return row?.synthetic === true
}

/** The level of an area code (district, street, community, grid, micro), or undefined. */
export async function selectAreaLevel(db: Sql, code: string): Promise<AreaLevel | undefined> {
  const [row] = await db<{ level: AreaLevel }[]>`SELECT level FROM areas WHERE code = ${code}`
  return row?.level
}

/** Every area's level and parent, with the areas' data version they stand at (read in one snapshot). */
export async function selectAreaNodes(sql: Sql): Promise<{ version: string; nodes: Map<string, AreaNode> }> {
  const rows = await sql<{ version: string; code: string | null; level: AreaLevel | null; parent_code: string | null }[]>`
    SELECT v.version, a.code, a.level, a.parent_code
    FROM (SELECT coalesce((SELECT version FROM data_versions WHERE layer = 'areas'), 0)::text AS version) v
    LEFT JOIN areas a ON true`
  const nodes = new Map<string, AreaNode>()
  for (const r of rows) if (r.code !== null) nodes.set(r.code, { level: r.level!, parentCode: r.parent_code })
  return { version: rows[0].version, nodes }
}
