// Vector-tile SQL: PostGIS selects, simplifies and clips the features of one tile on both
// engines; on a server with protobuf support ST_AsMVT also encodes it.
import type { Sql } from '../client.js'

export const TILE_LAYERS = ['areas', 'facilities', 'demand-points', 'roads'] as const
export type TileLayer = (typeof TILE_LAYERS)[number]

export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64

/** Attributes each layer's tile features carry (besides the feature id). */
const TILE_ATTRIBUTES: Record<TileLayer, string[]> = {
  areas: ['code', 'name', 'name_en', 'level', 'kind', 'parent_code', 'population'],
  facilities: ['code', 'name', 'name_en', 'type'],
  'demand-points': ['code', 'population', 'count'],
  roads: ['highway', 'name', 'bridge', 'tunnel', 'barrier', 'walkable'],
}

/** Below this zoom the roads tile holds only what stands out: bridges, tunnels, barriers and the main roads. */
export const ROADS_ALL_FROM_ZOOM = 13

/** Below this zoom demand points are summed into cells, so a city's 200,000 stay a light tile. */
export const DEMAND_AGGREGATE_BELOW_ZOOM = 14
/** Cell size in tile units (of TILE_EXTENT): 32 of 4096 is 4 screen pixels of a 512-px tile. */
const DEMAND_CELL_UNITS = 32

export interface TileCoord {
  z: number
  x: number
  y: number
}

/** Metres per tile unit (1/TILE_EXTENT of a tile's width) at zoom z in Web Mercator. */
function getTileUnitMeters(z: number): number {
  return 40075016.68557849 / 2 ** z / TILE_EXTENT
}

/** The rows of one layer inside one tile: id, attributes and the geometry `g` in EPSG:3857. */
function selectTileRows(sql: Sql, layer: TileLayer, { z, x, y }: TileCoord) {
  const margin = TILE_BUFFER / TILE_EXTENT
  // Half a screen pixel of a 512-px tile: 4 of 4096 units.
  const tolerance = getTileUnitMeters(z) * (TILE_EXTENT / 512 / 2)
  const bounds = sql`SELECT ST_TileEnvelope(${z}, ${x}, ${y}) AS env,
    ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${margin}) AS buffered,
    ST_Transform(ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${margin}), 4326) AS buffered4326`
  switch (layer) {
    // `&&` finds candidates through the GiST index (its boxes are rounded outwards); points are
    // then tested exactly, so both encoders see the same set at the buffer's edge.
    case 'areas':
      return sql`WITH b AS (${bounds})
        SELECT id, code, name, name_en, level, kind, parent_code, population,
          ST_ClipByBox2D(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), ${tolerance}), b.buffered) AS g
        FROM areas, b WHERE geom && b.buffered4326 ORDER BY depth, id`
    case 'facilities':
      return sql`WITH b AS (${bounds})
        SELECT id, code, name, name_en, type_code AS type, ST_Transform(geom, 3857) AS g
        FROM facilities, b WHERE geom && b.buffered4326 AND ST_Intersects(ST_Transform(geom, 3857), b.buffered) ORDER BY id`
    case 'roads':
      // A piece shorter than a few tile units is no line on screen; left out here, both encoders
      // agree (each drops such a piece by its own rule otherwise).
      return sql`WITH b AS (${bounds})
        SELECT * FROM (
          SELECT id, highway, name, bridge, tunnel, barrier, walkable,
            ST_ClipByBox2D(ST_Simplify(ST_Transform(geom, 3857), ${tolerance}), b.buffered) AS g
          FROM roads, b WHERE geom && b.buffered4326
            AND (${z >= ROADS_ALL_FROM_ZOOM} OR bridge OR tunnel OR NOT walkable OR highway IN ('primary', 'secondary', 'trunk', 'motorway'))
        ) r WHERE ST_Length(g) >= ${getTileUnitMeters(z) * 8}
        ORDER BY id`
    case 'demand-points': {
      const points = sql`SELECT id, code, population, ST_Transform(geom, 3857) AS g
        FROM demand_points, b WHERE geom && b.buffered4326 AND ST_Intersects(ST_Transform(geom, 3857), b.buffered)`
      if (z >= DEMAND_AGGREGATE_BELOW_ZOOM) {
        return sql`WITH b AS (${bounds}) SELECT *, 1 AS count FROM (${points}) p ORDER BY id`
      }
      // One feature per cell at the centroid of its buildings, carrying their summed residents;
      // the lowest id of the cell is its feature id, and `code` only when the cell holds one building.
      const cell = getTileUnitMeters(z) * DEMAND_CELL_UNITS
      return sql`WITH b AS (${bounds})
        SELECT min(id) AS id, CASE WHEN count(*) = 1 THEN min(code) END AS code,
          sum(population)::integer AS population, count(*)::integer AS count, ST_Centroid(ST_Collect(g)) AS g
        FROM (${points}) p GROUP BY ST_SnapToGrid(g, ${cell}) ORDER BY 1`
    }
  }
}

/** Encodes the tile with ST_AsMVT (needs PostGIS built with protobuf-c: the Debian server). */
export async function selectTileMvt(sql: Sql, layer: TileLayer, tile: TileCoord): Promise<Buffer> {
  const [row] = await sql<{ mvt: Buffer }[]>`
    WITH rows AS (${selectTileRows(sql, layer, tile)})
    SELECT ST_AsMVT(t, ${layer}, ${TILE_EXTENT}, 'geom', 'id') AS mvt FROM (
      SELECT id, ${sql(TILE_ATTRIBUTES[layer])}, ST_AsMVTGeom(g, ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
      FROM rows
    ) t WHERE geom IS NOT NULL`
  const mvt = row?.mvt ?? Buffer.alloc(0)
  return Buffer.from(mvt)
}

export interface TileFeatureRow {
  id: number
  properties: Record<string, unknown>
  geometry: GeoJSON.Geometry
}

/** The same selection as GeoJSON (EPSG:4326) for an encoder in JavaScript. */
export async function selectTileGeoJson(sql: Sql, layer: TileLayer, tile: TileCoord): Promise<TileFeatureRow[]> {
  const rows = await sql<{ id: number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[]>`
    WITH rows AS (${selectTileRows(sql, layer, tile)})
    SELECT id, ST_AsGeoJSON(ST_Transform(g, 4326), 7)::json AS geometry,
      to_jsonb(rows) - 'id' - 'g' AS properties
    FROM rows WHERE NOT ST_IsEmpty(g)`
  return rows.map((r) => ({ id: r.id, geometry: r.geometry, properties: r.properties }))
}

/** True when this PostGIS can encode vector tiles itself. */
export async function canEncodeMvt(sql: Sql): Promise<boolean> {
  try {
    await sql`SELECT ST_AsMVT(t) FROM (SELECT ST_AsMVTGeom(ST_Point(0, 0, 3857), ST_TileEnvelope(0, 0, 0)) AS geom) t`
    return true
  } catch {
    return false
  }
}
