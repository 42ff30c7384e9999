// Reads of the facility-type taxonomy and of service points.
import type { Sql } from '../client.js'
import type { FacilityType } from '../../../core/domain/facilities.js'

export async function selectFacilityTypes(sql: Sql): Promise<FacilityType[]> {
  return sql<FacilityType[]>`SELECT code, name, name_en, icon, color, sort_order FROM facility_types ORDER BY sort_order, code`
}

export interface FacilityFilter {
  types?: string[]
  /** Only facilities inside this area's polygon (any level). */
  area?: string
}

/** A FeatureCollection of facilities as JSON text. */
export async function selectFacilitiesGeoJson(sql: Sql, filter: FacilityFilter): Promise<string> {
  const [row] = await sql<{ body: string }[]>`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY code), '[]'::json))::text AS body
    FROM (
      SELECT f.code, json_build_object(
        'type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 6)::json,
        'properties', json_build_object(
          'code', f.code, 'name', f.name, 'name_en', f.name_en, 'type', f.type_code,
          'address', f.address, 'opening_hours', f.opening_hours, 'services', f.services,
          'area_code', f.area_code, 'synthetic', f.synthetic)
      ) AS f
      FROM facilities f
      WHERE true
        ${filter.types?.length ? sql`AND f.type_code = ANY(${filter.types}::text[])` : sql``}
        ${filter.area ? sql`AND ST_Intersects(f.geom, (SELECT geom FROM areas WHERE code = ${filter.area}))` : sql``}
    ) AS rows`
  return row.body
}
