// GET /tiles/{layer}/{z}/{x}/{y}.pbf — Mapbox Vector Tiles with an ETag of the app's
// release and the layer's data version, so browsers revalidate cheaply and see new data
// (or a new encoder) at once; a matching If-None-Match is answered before any tile is built.
import { Router } from 'express'
import { z } from 'zod'
import { TILE_LAYERS } from '../db/queries/tiles.js'
import type { TileService } from '../tiles/tile-service.js'
import type { AuthService } from '../auth/auth-service.js'
import { requireRole, RESIDENT_DATA_READERS } from './access.js'
import { HttpError, parseInput } from './http-error.js'

const MAX_ZOOM = 22

/** A tile coordinate as plain decimal digits (not ' ', '1e1' or '0x1', which Number() would take). */
const tileNumber = z
  .string()
  .regex(/^\d{1,8}$/, 'a whole number')
  .transform(Number)

const tileParams = z
  .object({
    layer: z.enum(TILE_LAYERS),
    z: tileNumber.pipe(z.number().max(MAX_ZOOM)),
    x: tileNumber,
    y: tileNumber,
  })
  .refine((t) => t.x < 2 ** t.z, { message: 'x is outside the zoom level', path: ['x'] })
  .refine((t) => t.y < 2 ** t.z, { message: 'y is outside the zoom level', path: ['y'] })

export function createTileRouter(tiles: TileService, appVersion: string, auth?: AuthService): Router {
  const router = Router()
  // Residents' homes (the population heat) only to the planning roles; areas and facilities to anyone.
  const residentData = requireRole(auth, RESIDENT_DATA_READERS)
  router.get('/:layer/:z/:x/:file', (req, res, next) => (req.params.layer === 'demand-points' ? residentData(req, res, next) : next()))
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
