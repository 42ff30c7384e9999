// GET /api/coverage: 15-minute coverage per area and for the district, for chosen facility
// types, walking time, speed and detour factor (see core/analysis/compute-coverage.ts).
import { Router } from 'express'
import { z } from 'zod'
import { coverageQuerySchema, fromCoverageQuery, suggestRequestSchema, type CoverageParameters } from '../../core/wire/coverage-parameters.js'
import { formatCoverageCsv, formatCoverageGeoJson } from '../../core/wire/coverage-export.js'
import type { CoverageService } from '../coverage/coverage-service.js'
import type { Sql } from '../db/client.js'
import { selectFacilityTypes } from '../db/queries/facilities.js'
import { HttpError, parseInput } from './http-error.js'

export function createCoverageRoutes({ sql, coverage }: { sql: Sql; coverage: CoverageService }): Router {
  const router = Router()
  const checkTypes = async (types: string[]) => {
    if (!types.length) return
    const known = new Set((await selectFacilityTypes(sql)).map((t) => t.code))
    const unknown = types.find((t) => !known.has(t))
    if (unknown) throw new HttpError(400, `types: unknown facility type ${unknown}`, 'types')
  }

  const readParameters = async (query: unknown): Promise<CoverageParameters> => {
    const p = fromCoverageQuery(parseInput(coverageQuerySchema, query))
    await checkTypes(p.types)
    return p
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
    res.json(await coverage.suggest(b))
  })
  return router
}
