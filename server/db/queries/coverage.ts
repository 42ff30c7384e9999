// Inputs of the coverage analysis (demand points and service points at full precision) and the
// same analysis answered by PostGIS, to cross-check the core functions and for the benchmark.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { Sql } from '../client.js'

export interface DemandPointProperties {
  code: string
  population: number
  area_code: string | null
}

export interface ServicePointProperties {
  code: string
  name: string
  name_en: string | null
  type: string
}

/** Every demand point, coordinates as stored (not rounded), in code order. */
export async function selectDemandPointFeatures(sql: Sql): Promise<FeatureCollection<Point, DemandPointProperties>> {
  const rows = await sql<{ code: string; population: number; area_code: string | null; lon: number; lat: number }[]>`
    SELECT code, population, area_code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM demand_points ORDER BY code`
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { code: r.code, population: r.population, area_code: r.area_code },
    })),
  }
}

/** Service points of the given types (all types when none are given), in code order. */
export async function selectServicePointFeatures(sql: Sql, types?: string[]): Promise<FeatureCollection<Point, ServicePointProperties>> {
  const rows = await sql<(ServicePointProperties & { id: number; lon: number; lat: number })[]>`
    SELECT id, code, name, name_en, type_code AS type, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facilities
    ${types?.length ? sql`WHERE type_code = ANY(${types}::text[])` : sql``}
    ORDER BY code`
  return {
    type: 'FeatureCollection',
    features: rows.map(({ id, lon, lat, ...properties }) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties })),
  }
}

/**
 * Codes of the demand points with no service point of the types within `radiusMeters`, by
 * PostGIS: great-circle distance on the sphere (ST_DWithin on geography, use_spheroid false, as
 * core/analysis measures), candidates from the facilities' GiST index through a box a little
 * wider than the radius.
 */
export async function selectUnservedDemandCodes(sql: Sql, q: { types?: string[]; radiusMeters: number }): Promise<string[]> {
  const degrees = (q.radiusMeters / 111_000) * 1.01
  const rows = await sql<{ code: string }[]>`
    SELECT d.code FROM demand_points d
    WHERE NOT EXISTS (
      SELECT 1 FROM facilities f
      WHERE f.geom && ST_Expand(d.geom, ${degrees} / cos(radians(ST_Y(d.geom))), ${degrees})
        ${q.types?.length ? sql`AND f.type_code = ANY(${q.types}::text[])` : sql``}
        AND ST_DWithin(f.geom::geography, d.geom::geography, ${q.radiusMeters}, false)
    )
    ORDER BY d.code`
  return rows.map((r) => r.code)
}

export interface GridCoverageRow {
  code: string
  areaSqm: number
  coveredSqm: number
}

/**
 * Per area of a level, by PostGIS: its area and the part of it within `radiusMeters` of a service
 * point of the types (geography buffers with 16 segments a quarter, unioned per area from the
 * points within reach, intersected with the area; areas on the spheroid).
 */
export async function selectCoveredAreaByLevel(sql: Sql, q: { level: string; types?: string[]; radiusMeters: number }): Promise<GridCoverageRow[]> {
  return sql<GridCoverageRow[]>`
    SELECT a.code, ST_Area(a.geom::geography) AS "areaSqm",
      coalesce(ST_Area(ST_Intersection(a.geom, (
        SELECT ST_Union(ST_Buffer(f.geom::geography, ${q.radiusMeters}, 'quad_segs=16')::geometry) FROM facilities f
        WHERE ST_DWithin(f.geom::geography, a.geom::geography, ${q.radiusMeters}, false)
          ${q.types?.length ? sql`AND f.type_code = ANY(${q.types}::text[])` : sql``}
      ))::geography), 0) AS "coveredSqm"
    FROM areas a WHERE a.level = ${q.level}
    ORDER BY a.code`
}

export interface AreaFeatureProperties {
  code: string
  name: string
  name_en: string | null
  level: string
  parent_code: string | null
}

/** The areas (of one level, or all) as features with full-precision geometry, in code order. */
export async function selectAreaFeatures(sql: Sql, level?: string): Promise<FeatureCollection<Polygon | MultiPolygon, AreaFeatureProperties>> {
  const rows = await sql<(AreaFeatureProperties & { id: number; geometry: Polygon | MultiPolygon })[]>`
    SELECT id, code, name, name_en, level, parent_code, ST_AsGeoJSON(geom, 15)::json AS geometry FROM areas
    ${level ? sql`WHERE level = ${level}` : sql``} ORDER BY code`
  return {
    type: 'FeatureCollection',
    features: rows.map(({ id, geometry, ...properties }) => ({ type: 'Feature', id, geometry, properties })),
  }
}

/** Per area of a level, by PostGIS: residents (demand points whose lowest area lies in it) and those served. */
export async function selectPopulationCoverageByLevel(
  sql: Sql,
  q: { level: string; types?: string[]; radiusMeters: number },
): Promise<{ code: string; population: number; populationCovered: number }[]> {
  const degrees = (q.radiusMeters / 111_000) * 1.01
  return sql<{ code: string; population: number; populationCovered: number }[]>`
    WITH RECURSIVE up AS (
      SELECT code AS lowest, code, parent_code, level FROM areas
      UNION ALL
      SELECT up.lowest, a.code, a.parent_code, a.level FROM up JOIN areas a ON a.code = up.parent_code
    ), at_level AS (
      SELECT lowest, code FROM up WHERE level = ${q.level}
    )
    SELECT l.code, sum(d.population)::int AS population,
      coalesce(sum(d.population) FILTER (WHERE EXISTS (
        SELECT 1 FROM facilities f
        WHERE f.geom && ST_Expand(d.geom, ${degrees} / cos(radians(ST_Y(d.geom))), ${degrees})
          ${q.types?.length ? sql`AND f.type_code = ANY(${q.types}::text[])` : sql``}
          AND ST_DWithin(f.geom::geography, d.geom::geography, ${q.radiusMeters}, false)
      )), 0)::int AS "populationCovered"
    FROM demand_points d JOIN at_level l ON l.lowest = d.area_code
    GROUP BY l.code ORDER BY l.code`
}
