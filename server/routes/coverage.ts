// GET /api/coverage: 15-minute coverage per area and for the district, for chosen facility
// types, walking time, speed and detour factor (see core/analysis/compute-coverage.ts).
import { Router, type Response } from 'express'
import { z } from 'zod'
import { coverageQuerySchema, fromCoverageQuery, suggestRequestSchema, type CoverageParameters } from '../../core/wire/coverage-parameters.js'
import { formatCoverageCsv, formatCoverageGeoJson } from '../../core/wire/coverage-export.js'
import type { CoverageService } from '../coverage/coverage-service.js'
import type { ClosurePoint } from '../coverage/coverage-engine.js'
import { selectOpenClosures } from '../db/queries/closures.js'
import { closureAreaOf, type ClosureFeed } from '../realtime/closure-feed.js'
import { scopeClosures } from '../../core/wire/closures.js'
import { createWorkGate, WorkRefused, type WorkGate } from '../coverage/work-gate.js'
import type { Sql } from '../db/client.js'
import { selectFacilityTypes } from '../db/queries/facilities.js'
import { hasWalkableRoads } from '../db/queries/roads.js'
import type { AuthService } from '../auth/auth-service.js'
import { getSession } from './auth.js'
import { COVERAGE_READERS, requireRole, RESIDENT_DATA_READERS, seesOnlyOwnArea } from './access.js'
import { HttpError, parseInput } from './http-error.js'

export function createCoverageRoutes({ sql, coverage, closures, auth, gate = createWorkGate() }: { sql: Sql; coverage: CoverageService; closures: ClosureFeed; auth?: AuthService; gate?: WorkGate }): Router {
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
    if (p.metric === 'network' && !(await hasWalkableRoads(sql))) {
      throw new HttpError(400, 'metric: no walking network is loaded (npm run import -- FILE --kind roads); ask metric=circle', 'metric')
    }
    return p
  }

  /** The places of the open closures a network answer leaves out of the walk (none asked for circles or closures=none). */
  const openClosures = async (p: Pick<CoverageParameters, 'metric' | 'closures'>): Promise<ClosurePoint[]> =>
    p.metric === 'circle' || p.closures === 'none' ? [] : (await selectOpenClosures(sql)).map((c) => [c.lon, c.lat] as const)

  /** Runs an answer through the work gate as the signed-in caller; a refusal carries Retry-After. */
  const gated = async <T>(res: Response, work: () => Promise<T>): Promise<T> => {
    try {
      return await gate.run(getSession(res).username, work)
    } catch (err) {
      if (err instanceof WorkRefused) res.set('Retry-After', String(err.retryAfterS))
      throw err
    }
  }

  const residentData = requireRole(auth, RESIDENT_DATA_READERS)
  router.get('/coverage/inputs', residentData, async (req, res) => {
    const { version, json } = await gated(res, () => coverage.inputs())
    const etag = `"coverage-inputs-${version}"`
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' })
    if (req.headers['if-none-match'] === etag) return void res.status(304).end()
    res.type('application/json').send(json)
  })

  // A leader or a wall sees the figures of its own area and below (area codes nest by prefix).
  router.get('/coverage', requireRole(auth, COVERAGE_READERS), async (req, res) => {
    const p = await readParameters(req.query)
    const answer = await gated(res, async () => coverage.get(p, await openClosures(p)))
    const s = getSession(res)
    if (!seesOnlyOwnArea(s)) return void res.json(answer)
    res.json({ ...answer, areas: { ...answer.areas, features: answer.areas.features.filter((f) => f.properties.code.startsWith(s.area)) } })
  })

  router.get('/coverage/export', residentData, async (req, res) => {
    // The CSV's headers are for the planner's Excel: Chinese unless lang=en.
    const { format, lang } = parseInput(z.object({ format: z.enum(['csv', 'geojson']).default('csv'), lang: z.enum(['zh-CN', 'zh', 'en']).default('zh-CN') }), req.query)
    const p = await readParameters(req.query)
    const exported = await gated(res, async () => coverage.export(p, await openClosures(p)))
    // The file says how the walk was measured (the network where one is loaded, unless asked otherwise).
    const name = `coverage-${p.level}-${p.minutes}min-${exported.response.parameters.metric}${p.types.length ? '-' + p.types.join('+') : ''}`
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(formatCoverageCsv({ areas: exported.response.areas.features }, { language: lang === 'en' ? 'en' : 'zh-CN' }))
    } else {
      const collection = formatCoverageGeoJson({ areas: exported.response.areas.features, gaps: exported.gaps, unserved: exported.unserved })
      res.type('application/geo+json').attachment(`${name}.geojson`).send(JSON.stringify({ ...collection, parameters: exported.response.parameters }))
    }
  })

  // The open closures and the residents they cut off from the walk (the same figures as the `closures` socket event).
  router.get('/closures', requireRole(auth, COVERAGE_READERS), async (_req, res) => {
    const s = getSession(res)
    res.json(scopeClosures(await closures.current(), s ? closureAreaOf(s) : null))
  })

  router.post('/coverage/suggest', residentData, async (req, res) => {
    const b = parseInput(suggestRequestSchema, req.body)
    await checkTypes(b.types)
    if (b.metric === 'network' && !(await hasWalkableRoads(sql))) {
      throw new HttpError(400, 'metric: no walking network is loaded (npm run import -- FILE --kind roads); ask metric=circle', 'metric')
    }
    res.json(await gated(res, async () => coverage.suggest(b, await openClosures(b))))
  })
  return router
}
