// GET /api/coverage on the demo data: defaults, parameters, figures equal to PostGIS's, answers
// that follow a change of the data, and a 400 naming each bad parameter.
import { describe, expect, it } from 'vitest'
import type { CoverageResponse } from '../../core/wire/coverage.js'
import { selectUnservedDemandCodes } from '../../server/db/queries/coverage.js'
import { useServedApp } from './test-db.js'

const served = useServedApp()

const get = async (path: string) => {
  const res = await fetch(served.app.url + path)
  return { status: res.status, body: await res.json() }
}

describe('GET /api/coverage', () => {
  it('answers the 15-minute walk to any service point per grid by default, as PostGIS counts it', async () => {
    const { status, body } = await get('/api/coverage')
    expect(status).toBe(200)
    const c = body as CoverageResponse
    expect(c.parameters).toEqual({ types: [], minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2, level: 'grid', targetPct: 90 })
    expect(c.summary.radiusMeters).toBe(1000)
    expect(c.areas.features).toHaveLength(358)
    expect(c.summary.unservedPoints).toBe((await selectUnservedDemandCodes(served.db.sql, { radiusMeters: 1000 })).length)
    expect(c.summary.population).toBe(350_009)
    const belowTarget = c.areas.features.filter((f) => f.properties.belowTarget).map((f) => f.properties.code)
    expect([...c.summary.areasBelowTarget].sort()).toEqual(belowTarget.sort())
    expect(c.areas.features[0].properties).toMatchObject({ level: 'grid', areaSqm: expect.any(Number), coveredShare: expect.any(Number) })
  })

  it('takes types, minutes, speed, detour, level and target', async () => {
    const { status, body } = await get('/api/coverage?types=outdoor_worker_station,courier_post&minutes=10&speed=72&detour=1.2&level=community&target=80')
    expect(status).toBe(200)
    const c = body as CoverageResponse
    expect(c.parameters).toMatchObject({ types: ['courier_post', 'outdoor_worker_station'], level: 'community', targetPct: 80 })
    expect(c.summary.radiusMeters).toBe(600)
    expect(c.areas.features).toHaveLength(43)
    expect(c.summary.unservedPoints).toBe((await selectUnservedDemandCodes(served.db.sql, { types: ['outdoor_worker_station', 'courier_post'], radiusMeters: 600 })).length)
  })

  it('answers anew when the facilities change', async () => {
    const before = (await get('/api/coverage?types=truck_driver_home')).body as CoverageResponse
    const [farthest] = await selectUnservedDemandCodes(served.db.sql, { types: ['truck_driver_home'], radiusMeters: 1000 })
    await served.db.sql`INSERT INTO facilities (code, name, type_code, geom)
      SELECT 'TEST-COVERAGE', '测试驿站', 'truck_driver_home', geom FROM demand_points WHERE code = ${farthest}`
    try {
      const after = (await get('/api/coverage?types=truck_driver_home')).body as CoverageResponse
      expect(after.dataVersion).not.toBe(before.dataVersion)
      expect(after.summary.unservedPoints).toBeLessThan(before.summary.unservedPoints)
    } finally {
      await served.db.sql`DELETE FROM facilities WHERE code = 'TEST-COVERAGE'`
    }
    const restored = (await get('/api/coverage?types=truck_driver_home')).body as CoverageResponse
    expect(restored.summary).toEqual(before.summary)
  })

  it.each([
    ['minutes=0', 'minutes'],
    ['minutes=abc', 'minutes'],
    ['speed=1000', 'speed'],
    ['detour=0.5', 'detour'],
    ['level=city', 'level'],
    ['target=101', 'target'],
    ['types=BAD!', 'types'],
    ['types=no_such_type', 'types'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const { status, body } = await get(`/api/coverage?${query}`)
    expect(status).toBe(400)
    expect(body.error.field ?? body.error.message).toMatch(field)
  })
})
