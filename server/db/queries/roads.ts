// SQL of the walking network (migration 0020): staging an import's lines and clipping them to the
// district, replacing the network, and reading it back (for the map and for the analysis).
import type { LineString } from 'geojson'
import type { Sql, Tx } from '../client.js'

export interface StagedRoad {
  idx: number
  tags: Record<string, string>
  geom: LineString
}

/** The staged lines cut to the district (where a district is loaded; else as they are), each piece with its feature's index. */
export async function stageAndClipRoads(tx: Tx, rows: StagedRoad[], chunk = 2000): Promise<{ pieces: StagedRoad[]; clipped: boolean }> {
  await tx`CREATE TEMP TABLE road_staging (idx integer NOT NULL, tags jsonb NOT NULL, geom geometry(LineString, 4326) NOT NULL) ON COMMIT DROP`
  for (let i = 0; i < rows.length; i += chunk) {
    await tx`INSERT INTO road_staging (idx, tags, geom)
      SELECT (e->>'idx')::integer, e->'tags', ST_SetSRID(ST_GeomFromGeoJSON(e->'geom'), 4326)
      FROM jsonb_array_elements(${tx.json(rows.slice(i, i + chunk) as never)}::jsonb) AS e`
  }
  const [{ districts }] = await tx<{ districts: number }[]>`SELECT count(*)::int AS districts FROM areas WHERE level = 'district'`
  // A line inside the district comes back as it was given, to the last digit (ends shared with
  // another line must stay shared); only a line that leaves it is cut.
  const pieces = await tx<{ idx: number; tags: Record<string, string>; geom: LineString }[]>`
    WITH d AS (SELECT ST_Union(geom) AS geom FROM areas WHERE level = 'district')
    SELECT s.idx, s.tags, ST_AsGeoJSON(x.geom, 15)::json AS geom
    FROM road_staging s CROSS JOIN d,
      LATERAL ST_Dump(CASE WHEN d.geom IS NULL OR ST_CoveredBy(s.geom, d.geom) THEN s.geom
        ELSE ST_CollectionExtract(ST_Intersection(s.geom, d.geom), 2) END) x
    WHERE NOT ST_IsEmpty(x.geom) AND GeometryType(x.geom) = 'LINESTRING'
    ORDER BY s.idx, x.path`
  await tx`DROP TABLE road_staging`
  return { pieces: [...pieces], clipped: districts > 0 }
}

export interface RoadRow {
  highway: string
  name: string | null
  bridge: boolean
  tunnel: boolean
  barrier: string | null
  walkable: boolean
  source: number | null
  target: number | null
  length_m: number
  tags: Record<string, string>
  synthetic: boolean
  geom: LineString
}

/** Replaces the whole network: its nodes (by number) and its lines. */
export async function replaceRoads(tx: Tx, nodes: { lon: number; lat: number }[], roads: RoadRow[], chunk = 2000): Promise<void> {
  await tx`DELETE FROM roads`
  await tx`DELETE FROM road_nodes`
  for (let i = 0; i < nodes.length; i += chunk) {
    const part = nodes.slice(i, i + chunk).map((n, k) => ({ id: i + k, lon: n.lon, lat: n.lat }))
    await tx`INSERT INTO road_nodes (id, geom)
      SELECT (e->>'id')::integer, ST_SetSRID(ST_MakePoint((e->>'lon')::float8, (e->>'lat')::float8), 4326)
      FROM jsonb_array_elements(${tx.json(part as never)}::jsonb) AS e`
  }
  for (let i = 0; i < roads.length; i += chunk) {
    const part = roads.slice(i, i + chunk).map((r, k) => ({ ...r, id: i + k }))
    await tx`INSERT INTO roads (id, highway, name, bridge, tunnel, barrier, walkable, source, target, length_m, tags, synthetic, geom)
      SELECT (e->>'id')::integer, e->>'highway', e->>'name', (e->>'bridge')::boolean, (e->>'tunnel')::boolean, e->>'barrier',
        (e->>'walkable')::boolean, (e->>'source')::integer, (e->>'target')::integer, (e->>'length_m')::float8, e->'tags',
        (e->>'synthetic')::boolean, ST_SetSRID(ST_GeomFromGeoJSON(e->'geom'), 4326)
      FROM jsonb_array_elements(${tx.json(part as never)}::jsonb) AS e`
  }
}

/** The lines within a box (west, south, east, north), for the map. */
export async function selectRoadsInBox(sql: Sql, bbox: [number, number, number, number], limit: number) {
  return sql<{ id: number; highway: string; name: string | null; bridge: boolean; tunnel: boolean; barrier: string | null; walkable: boolean; geom: LineString }[]>`
    SELECT id, highway, name, bridge, tunnel, barrier, walkable, ST_AsGeoJSON(geom, 7)::json AS geom
    FROM roads WHERE geom && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)
    ORDER BY id LIMIT ${limit}`
}

/** The walked lines, for the analysis (each line's geometry as stored). */
export async function selectWalkableRoads(sql: Sql) {
  return sql<{ id: number; geom: LineString }[]>`SELECT id, ST_AsGeoJSON(geom, 15)::json AS geom FROM roads WHERE walkable ORDER BY id`
}

/** Whether a walking network is loaded. */
export async function hasWalkableRoads(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM roads WHERE walkable) AS any`
  return row.any
}
