// Serves Mapbox Vector Tiles for the static layers: ST_AsMVT where PostGIS can encode,
// otherwise geojson-vt + vt-pbf on the features PostGIS selected; cached by data version.
import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from 'vt-pbf'
import type { Sql } from '../db/client.js'
import { getDataVersion } from '../db/queries/health.js'
import {
  canEncodeMvt,
  selectTileGeoJson,
  selectTileMvt,
  TILE_BUFFER,
  TILE_EXTENT,
  type TileCoord,
  type TileLayer,
} from '../db/queries/tiles.js'

export type TileEncoder = 'postgis' | 'javascript'

export interface Tile {
  body: Buffer
  /** The layer's data version the tile was built from. */
  version: string
}

/** Encodes a tile in JavaScript from PostGIS's selection (the embedded engine's path). */
export async function buildTileInJavaScript(sql: Sql, layer: TileLayer, tile: TileCoord): Promise<Buffer> {
  const rows = await selectTileGeoJson(sql, layer, tile)
  if (rows.length === 0) return Buffer.alloc(0)
  const index = new GeoJSONVT(
    { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', ...r })) },
    // PostGIS has already simplified and clipped; geojson-vt only projects and quantises.
    { maxZoom: tile.z, indexMaxZoom: tile.z, indexMaxPoints: 0, tolerance: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER },
  )
  const vt = index.getTile(tile.z, tile.x, tile.y)
  if (!vt || vt.features.length === 0) return Buffer.alloc(0)
  return Buffer.from(fromGeojsonVt({ [layer]: vt }, { version: 2, extent: TILE_EXTENT }))
}

export interface TileServiceOptions {
  /** Force an encoder; by default ST_AsMVT when the database has it. */
  encoder?: TileEncoder
  cacheSize?: number
}

/** A tile source with an in-memory LRU keyed by layer, data version and tile. */
export function createTileService(sql: Sql, options: TileServiceOptions = {}) {
  const cacheSize = options.cacheSize ?? 2000
  const cache = new Map<string, Buffer>()
  let encoder: Promise<TileEncoder> | undefined = options.encoder ? Promise.resolve(options.encoder) : undefined

  async function getEncoder(): Promise<TileEncoder> {
    encoder ??= canEncodeMvt(sql).then((ok) => (ok ? 'postgis' : 'javascript'))
    return encoder
  }

  return {
    getEncoder,
    /** The layer's current data version: what the tile's ETag is made of. */
    getVersion(layer: TileLayer): Promise<string> {
      return getDataVersion(sql, layer)
    },
    /** The tile at the given data version (read now when not given). */
    async getTile(layer: TileLayer, tile: TileCoord, knownVersion?: string): Promise<Tile> {
      const version = knownVersion ?? (await getDataVersion(sql, layer))
      const key = `${layer}/${version}/${tile.z}/${tile.x}/${tile.y}`
      const hit = cache.get(key)
      if (hit) {
        cache.delete(key)
        cache.set(key, hit)
        return { body: hit, version }
      }
      const body =
        (await getEncoder()) === 'postgis' ? await selectTileMvt(sql, layer, tile) : await buildTileInJavaScript(sql, layer, tile)
      cache.set(key, body)
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!)
      return { body, version }
    },
  }
}

export type TileService = ReturnType<typeof createTileService>
