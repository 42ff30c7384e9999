// Reads of demand points (residential buildings) by bounding box, through the GiST index.
import type { Sql } from '../client.js'

export type Bbox = [number, number, number, number]

/** A FeatureCollection of the demand points inside bbox as JSON text, at most `limit` of them. */
export async function selectDemandPointsGeoJson(sql: Sql, bbox: Bbox, limit: number): Promise<string> {
  const [w, s, e, n] = bbox
  const [row] = await sql<{ body: string }[]>`
    WITH hits AS (
      SELECT id, code, population, households, area_code, synthetic, geom FROM demand_points
      WHERE ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))
      ORDER BY id LIMIT ${limit + 1}
    )
    SELECT json_build_object(
      'type', 'FeatureCollection',
      'truncated', (SELECT count(*) FROM hits) > ${limit},
      'features', coalesce((SELECT json_agg(json_build_object(
        'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 6)::json,
        'properties', json_build_object('code', code, 'population', population, 'households', households,
                                        'area_code', area_code, 'synthetic', synthetic)) ORDER BY id)
        FROM (SELECT * FROM hits ORDER BY id LIMIT ${limit}) h), '[]'::json)
    )::text AS body`
  return row.body
}
