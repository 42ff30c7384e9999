// GET /api/coverage: 15-minute coverage per area and for the district, for chosen facility
// types, walking time, speed and detour factor (see core/analysis/compute-coverage.ts).
import { Router } from 'express'
import { z } from 'zod'
import { DEFAULT_DETOUR_FACTOR, DEFAULT_WALK_SPEED_METERS_PER_MINUTE } from '../../core/analysis/get-service-radius.js'
import { facilityTypeCodeSchema } from '../../core/domain/facilities.js'
import type { CoverageParameters } from '../../core/wire/coverage.js'
import { formatCoverageCsv, formatCoverageGeoJson } from '../../core/wire/coverage-export.js'
import type { CoverageService } from '../coverage/coverage-service.js'
import type { Sql } from '../db/client.js'
import { selectFacilityTypes } from '../db/queries/facilities.js'
import { HttpError, parseInput } from './http-error.js'

const number = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .refine(Number.isFinite, 'must be a number')
    .refine((v) => v >= min && v <= max, `must be between ${min} and ${max}`)
    .default(fallback)

export const coverageQuerySchema = z.object({
  types: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(facilityTypeCodeSchema))
    .default([]),
  minutes: number(1, 60, 15),
  speed: number(20, 200, DEFAULT_WALK_SPEED_METERS_PER_MINUTE),
  detour: number(1, 3, DEFAULT_DETOUR_FACTOR),
  level: z.enum(['grid', 'community', 'street']).default('grid'),
  target: number(0, 100, 90),
})

const MAX_CANDIDATES = 5000

const candidatePointSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({
    type: z.literal('Point', { error: 'must be a Point' }),
    coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'must be [lon, lat] in range' }),
  }),
  properties: z.record(z.string(), z.unknown()).nullable().default(null),
})

export const suggestRequestSchema = z
  .object({
    k: z.number().int('must be a whole number').min(1).max(50).optional(),
    targetPct: z.number().min(0).max(100).optional(),
    types: z.array(facilityTypeCodeSchema).default([]),
    minutes: z.number().min(1).max(60).default(15),
    speedMetersPerMinute: z.number().min(20).max(200).default(DEFAULT_WALK_SPEED_METERS_PER_MINUTE),
    detourFactor: z.number().min(1).max(3).default(DEFAULT_DETOUR_FACTOR),
    candidates: z
      .object({ type: z.literal('FeatureCollection'), features: z.array(candidatePointSchema).min(1).max(MAX_CANDIDATES) })
      .optional(),
  })
  .refine((b) => b.k !== undefined || b.targetPct !== undefined, { message: 'give k (1–50), targetPct (0–100) or both', path: ['k'] })

export function createCoverageRoutes({ sql, coverage }: { sql: Sql; coverage: CoverageService }): Router {
  const router = Router()
  const checkTypes = async (types: string[]) => {
    if (!types.length) return
    const known = new Set((await selectFacilityTypes(sql)).map((t) => t.code))
    const unknown = types.find((t) => !known.has(t))
    if (unknown) throw new HttpError(400, `types: unknown facility type ${unknown}`, 'types')
  }

  const readParameters = async (query: unknown): Promise<CoverageParameters> => {
    const q = parseInput(coverageQuerySchema, query)
    await checkTypes(q.types)
    return {
      types: [...new Set(q.types)].sort(),
      minutes: q.minutes,
      speedMetersPerMinute: q.speed,
      detourFactor: q.detour,
      level: q.level,
      targetPct: q.target,
    }
  }

  router.get('/coverage/inputs', async (req, res) => {
    const { version, json } = await coverage.inputs()
    const etag = `"coverage-inputs-${version}"`
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' })
    if (req.headers['if-none-match'] === etag) return void res.status(304).end()
    res.type('application/json').send(json)
  })

  router.get('/coverage', async (req, res) => {
    res.json(await coverage.get(await readParameters(req.query)))
  })

  router.get('/coverage/export', async (req, res) => {
    const { format } = parseInput(z.object({ format: z.enum(['csv', 'geojson']).default('csv') }), req.query)
    const p = await readParameters(req.query)
    const exported = await coverage.export(p)
    const name = `coverage-${p.level}-${p.minutes}min${p.types.length ? '-' + p.types.join('+') : ''}`
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(formatCoverageCsv({ areas: exported.response.areas.features }))
    } else {
      res.type('application/geo+json').attachment(`${name}.geojson`).send(JSON.stringify(formatCoverageGeoJson({ areas: exported.response.areas.features, gaps: exported.gaps, unserved: exported.unserved })))
    }
  })

  router.post('/coverage/suggest', async (req, res) => {
    const b = parseInput(suggestRequestSchema, req.body)
    await checkTypes(b.types)
    res.json(await coverage.suggest({ ...b, types: [...new Set(b.types)].sort() }))
  })
  return router
}
