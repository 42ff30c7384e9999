// GET /api/coverage: 15-minute coverage per area and for the district, for chosen facility
// types, walking time, speed and detour factor (see core/analysis/compute-coverage.ts).
import { Router } from 'express'
import { z } from 'zod'
import { DEFAULT_DETOUR_FACTOR, DEFAULT_WALK_SPEED_METERS_PER_MINUTE } from '../../core/analysis/get-service-radius.js'
import { facilityTypeCodeSchema } from '../../core/domain/facilities.js'
import type { CoverageParameters } from '../../core/wire/coverage.js'
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

export function createCoverageRoutes({ sql, coverage }: { sql: Sql; coverage: CoverageService }): Router {
  const router = Router()
  router.get('/coverage', async (req, res) => {
    const q = parseInput(coverageQuerySchema, req.query)
    if (q.types.length) {
      const known = new Set((await selectFacilityTypes(sql)).map((t) => t.code))
      const unknown = q.types.find((t) => !known.has(t))
      if (unknown) throw new HttpError(400, `types: unknown facility type ${unknown}`, 'types')
    }
    const parameters: CoverageParameters = {
      types: [...new Set(q.types)].sort(),
      minutes: q.minutes,
      speedMetersPerMinute: q.speed,
      detourFactor: q.detour,
      level: q.level,
      targetPct: q.target,
    }
    res.json(await coverage.get(parameters))
  })
  return router
}
