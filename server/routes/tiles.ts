// GET /tiles/{layer}/{z}/{x}/{y}.pbf — Mapbox Vector Tiles with an ETag of the app's
// release and the layer's data version, so browsers revalidate cheaply and see new data
// (or a new encoder) at once; a matching If-None-Match is answered before any tile is built.
import { Router } from 'express'
import { z } from 'zod'
import { TILE_LAYERS } from '../db/queries/tiles.js'
import type { TileService } from '../tiles/tile-service.js'
import { HttpError, parseInput } from './http-error.js'

const MAX_ZOOM = 22

const tileParams = z
  .object({
    layer: z.enum(TILE_LAYERS),
    z: z.coerce.number().int().min(0).max(MAX_ZOOM),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z, { message: 'x is outside the zoom level', path: ['x'] })
  .refine((t) => t.y < 2 ** t.z, { message: 'y is outside the zoom level', path: ['y'] })

export function createTileRouter(tiles: TileService, appVersion: string): Router {
  const router = Router()
  router.get('/:layer/:z/:x/:file', async (req, res) => {
    const match = /^(\d+)\.pbf$/.exec(req.params.file)
    if (!match) throw new HttpError(400, 'y: expected {y}.pbf', 'y')
    const t = parseInput(tileParams, { ...req.params, y: match[1] })
    const version = await tiles.getVersion(t.layer)
    const etag = `"${t.layer}-${appVersion}-${version}"`
    res.set({ ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': 'application/vnd.mapbox-vector-tile' })
    if (req.headers['if-none-match'] === etag) return void res.status(304).end()
    const tile = await tiles.getTile(t.layer, t, version)
    if (tile.body.length === 0) return void res.status(204).end()
    res.send(tile.body)
  })
  return router
}
