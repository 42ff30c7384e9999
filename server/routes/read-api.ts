// The read API of the static layers: health and client config, areas, facility types,
// facilities, demand points and the synthetic basemap, all as GeoJSON in EPSG:4326.
import path from 'node:path'
import { Router, type Response } from 'express'
import { z } from 'zod'
import { AREA_LEVELS, areaCodeSchema } from '../../core/domain/areas.js'
import { facilityTypeCodeSchema } from '../../core/domain/facilities.js'
import { bboxQuerySchema, type HealthPayload, type ServerConfigPayload } from '../../core/wire/read-api.js'
import type { AppDeps } from '../app.js'
import { areaExists, holdsOnlyDemoData, selectAreaDetail, selectAreasExtent, selectAreasGeoJson } from '../db/queries/areas.js'
import { selectDemandPointsGeoJson } from '../db/queries/demand-points.js'
import { selectRoadsInBox } from '../db/queries/roads.js'
import { selectFacilitiesGeoJson, selectFacilityTypes } from '../db/queries/facilities.js'
import { countRows, getAllDataVersions } from '../db/queries/health.js'
import { GEODATA_DIR } from '../import/seed-demo.js'
import type { AuthService } from '../auth/auth-service.js'
import { findSession, readOptionalSession, requireRole, RESIDENT_DATA_READERS } from './access.js'
import { HttpError, parseInput } from './http-error.js'
import { maskPhone } from '../../core/domain/issue-scope.js'

const MAX_DEMAND_POINTS = 50_000

const areasQuery = z.object({
  level: z.enum(AREA_LEVELS).optional(),
  parent: areaCodeSchema.optional(),
  geometry: z.enum(['full', 'label', 'none']).default('full'),
})

const facilitiesQuery = z.object({
  type: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(facilityTypeCodeSchema))
    .optional(),
  area: areaCodeSchema.optional(),
})

const demandQuery = z.object({ bbox: bboxQuerySchema })
const roadsQuery = z.object({ bbox: bboxQuerySchema })
/** Lines in one answer; a city's network is read by box (or as the `roads` tiles). */
const MAX_ROAD_LINES = 50_000

function sendGeoJson(res: Response, body: string) {
  res.type('application/geo+json').send(body)
}

export function createReadApi({ db, config, version }: AppDeps, auth?: AuthService): Router {
  const { sql } = db
  const router = Router()
  const optional = readOptionalSession(auth)

  // Anonymous: only that the server answers. Signed in: the version, the engine and the row counts.
  router.get('/health', optional, async (_req, res) => {
    if (!findSession(res)) return void res.json({ ok: true })
    const body: HealthPayload = { ok: true, version, db: db.engine, counts: await countRows(sql) }
    res.json(body)
  })

  const describeDemo = async () => {
    const synthetic = await holdsOnlyDemoData(sql)
    return { synthetic, activity: synthetic && config.demoActivity }
  }
  router.get('/config', async (_req, res) => {
    const body: ServerConfigPayload = {
      version,
      dataVersion: await getAllDataVersions(sql),
      basemap: config.basemap,
      bbox: await selectAreasExtent(sql),
      demo: await describeDemo(),
    }
    res.json(body)
  })

  router.get('/areas', async (req, res) => {
    const q = parseInput(areasQuery, req.query)
    if (q.parent && !(await areaExists(sql, q.parent))) throw new HttpError(400, `parent: unknown area ${q.parent}`, 'parent')
    sendGeoJson(res, await selectAreasGeoJson(sql, q))
  })

  router.get('/areas/:code', optional, async (req, res) => {
    const { code } = parseInput(z.object({ code: areaCodeSchema }), req.params)
    const feature = await selectAreaDetail(sql, code)
    if (!feature) throw new HttpError(404, `area ${code} not found`, 'code')
    // Leaders' names are for signed-in users; their phones are always masked.
    if (findSession(res)) feature.properties.leader_phone = maskPhone(feature.properties.leader_phone)
    else {
      feature.properties.leader_name = null
      feature.properties.leader_phone = null
    }
    res.type('application/geo+json').json(feature)
  })

  router.get('/facility-types', async (_req, res) => {
    res.json(await selectFacilityTypes(sql))
  })

  router.get('/facilities', async (req, res) => {
    const q = parseInput(facilitiesQuery, req.query)
    if (q.type?.length) {
      const known = new Set((await selectFacilityTypes(sql)).map((t) => t.code))
      const unknown = q.type.find((t) => !known.has(t))
      if (unknown) throw new HttpError(400, `type: unknown facility type ${unknown}`, 'type')
    }
    if (q.area && !(await areaExists(sql, q.area))) throw new HttpError(400, `area: unknown area ${q.area}`, 'area')
    sendGeoJson(res, await selectFacilitiesGeoJson(sql, { types: q.type, area: q.area }))
  })

  router.get('/demand-points', requireRole(auth, RESIDENT_DATA_READERS), async (req, res) => {
    const q = parseInput(demandQuery, req.query)
    sendGeoJson(res, await selectDemandPointsGeoJson(sql, q.bbox, MAX_DEMAND_POINTS))
  })

  // The walking network within a box: every line, walked or a barrier (a motorway without a sidewalk, a wall).
  router.get('/roads', async (req, res) => {
    const q = parseInput(roadsQuery, req.query)
    const rows = await selectRoadsInBox(sql, q.bbox, MAX_ROAD_LINES + 1)
    if (rows.length > MAX_ROAD_LINES) throw new HttpError(413, `bbox: more than ${MAX_ROAD_LINES.toLocaleString('en')} lines; ask for a smaller box or use the roads tiles`, 'bbox')
    res.type('application/geo+json').json({
      type: 'FeatureCollection',
      features: rows.map(({ geom, ...properties }) => ({ type: 'Feature', id: properties.id, properties, geometry: geom })),
    })
  })

  router.get('/basemap', (_req, res) => {
    res.type('application/geo+json').sendFile(path.join(GEODATA_DIR, 'basemap.geojson'))
  })

  return router
}
