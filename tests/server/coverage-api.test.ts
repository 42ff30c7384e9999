// GET /api/coverage on the demo data: defaults, parameters, figures equal to PostGIS's, answers
// that follow a change of the data, and a 400 naming each bad parameter.
import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { buildWalkNetwork } from '../../core/analysis/build-walk-network.js'
import { computeNetworkCoverage } from '../../core/analysis/compute-network-coverage.js'
import { snapPlaces } from '../../core/analysis/snap-to-walk-network.js'
import { decodeCoverageDemand, type CoverageInputsResponse, type CoverageResponse, type SuggestResponse } from '../../core/wire/coverage.js'
import { selectUnservedDemandCodes } from '../../server/db/queries/coverage.js'
import { useServedApp } from './test-db.js'

const served = useServedApp()

const get = async (path: string) => {
  const res = await served.fetch(served.app.url + path)
  return { status: res.status, body: await res.json() }
}

describe('GET /api/coverage', () => {
  it('answers the 15-minute circle to any service point per grid, as PostGIS counts it', async () => {
    const { status, body } = await get('/api/coverage?metric=circle')
    expect(status).toBe(200)
    const c = body as CoverageResponse
    expect(c.parameters).toEqual({ types: [], minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2, level: 'grid', targetPct: 90, metric: 'circle' })
    expect(c.summary.radiusMeters).toBe(1000)
    expect(c.areas.features).toHaveLength(358)
    expect(c.summary.unservedPoints).toBe((await selectUnservedDemandCodes(served.db.sql, { radiusMeters: 1000 })).length)
    expect(c.summary.population).toBe(350_009)
    const belowTarget = c.areas.features.filter((f) => f.properties.belowTarget).map((f) => f.properties.code)
    expect([...c.summary.areasBelowTarget].sort()).toEqual(belowTarget.sort())
    expect(c.areas.features[0].properties).toMatchObject({ level: 'grid', areaSqm: expect.any(Number), coveredShare: expect.any(Number) })
  })

  it('takes types, minutes, speed, detour, level and target', async () => {
    const { status, body } = await get('/api/coverage?types=outdoor_worker_station,courier_post&minutes=10&speed=72&detour=1.2&level=community&target=80&metric=circle')
    expect(status).toBe(200)
    const c = body as CoverageResponse
    expect(c.parameters).toMatchObject({ types: ['courier_post', 'outdoor_worker_station'], level: 'community', targetPct: 80 })
    expect(c.summary.radiusMeters).toBe(600)
    expect(c.areas.features).toHaveLength(43)
    expect(c.summary.unservedPoints).toBe((await selectUnservedDemandCodes(served.db.sql, { types: ['outdoor_worker_station', 'courier_post'], radiusMeters: 600 })).length)
  })

  it('answers anew when the facilities change', async () => {
    const before = (await get('/api/coverage?types=truck_driver_home&metric=circle')).body as CoverageResponse
    const [farthest] = await selectUnservedDemandCodes(served.db.sql, { types: ['truck_driver_home'], radiusMeters: 1000 })
    await served.db.sql`INSERT INTO facilities (code, name, type_code, geom)
      SELECT 'TEST-COVERAGE', '测试驿站', 'truck_driver_home', geom FROM demand_points WHERE code = ${farthest}`
    try {
      const after = (await get('/api/coverage?types=truck_driver_home&metric=circle')).body as CoverageResponse
      expect(after.dataVersion).not.toBe(before.dataVersion)
      expect(after.summary.unservedPoints).toBeLessThan(before.summary.unservedPoints)
    } finally {
      await served.db.sql`DELETE FROM facilities WHERE code = 'TEST-COVERAGE'`
    }
    const restored = (await get('/api/coverage?types=truck_driver_home&metric=circle')).body as CoverageResponse
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
    ['metric=bus', 'metric'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const { status, body } = await get(`/api/coverage?${query}`)
    expect(status).toBe(400)
    expect(body.error.field ?? body.error.message).toMatch(field)
  })
})

describe('GET /api/coverage on the walking network', () => {
  it('walks the network by default where one is loaded: minutes × speed along the streets, as the core counts it', async () => {
    const c = (await get('/api/coverage?types=outdoor_worker_station')).body as CoverageResponse
    expect(c.parameters.metric).toBe('network')
    // No detour factor on the network: 15 minutes at 80 m a minute are 1,200 m walked.
    expect(c.summary.radiusMeters).toBe(1200)
    const circle = (await get('/api/coverage?types=outdoor_worker_station&metric=circle')).body as CoverageResponse
    // The river and the expressway: the circles count residents the network does not reach.
    expect(c.summary.populationCovered).toBeLessThan(circle.summary.populationCovered)
    // The same answer as the core's analysis of the same data.
    const roads = await served.db.sql<{ geom: GeoJSON.LineString }[]>`SELECT ST_AsGeoJSON(geom, 15)::json AS geom FROM roads WHERE walkable ORDER BY id`
    const net = buildWalkNetwork(roads.map((r) => ({ type: 'Feature' as const, properties: {}, geometry: r.geom })))
    const inputs = (await (await served.fetch(`${served.app.url}/api/coverage/inputs`)).json()) as CoverageInputsResponse
    const demand = createDemandIndex(decodeCoverageDemand(inputs))
    const facilities = { ...inputs.facilities, features: inputs.facilities.features.filter((f) => f.properties.type === 'outdoor_worker_station') }
    const local = computeNetworkCoverage({ areas: inputs.areas, demand, facilities, network: net, snaps: snapPlaces(net, demand) }, { cutoffMeters: 1200, level: 'grid' })
    expect(c.summary).toEqual(local.summary)
  })

  it('exports what it used in the file name and the GeoJSON', async () => {
    const res = await served.fetch(`${served.app.url}/api/coverage/export?format=geojson&types=courier_post`)
    expect(res.headers.get('content-disposition')).toMatch(/coverage-grid-15min-network-courier_post\.geojson/)
    expect(((await res.json()) as { parameters: { metric: string } }).parameters.metric).toBe('network')
    const csv = await served.fetch(`${served.app.url}/api/coverage/export?format=csv&metric=circle`)
    expect(csv.headers.get('content-disposition')).toMatch(/coverage-grid-15min-circle\.csv/)
  })
})

const post = async (path: string, body: unknown) => {
  const res = await served.fetch(served.app.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}

describe('POST /api/coverage/suggest', () => {
  it('ranks k new sites, each adding residents, raising coverage as GET /api/coverage would count it', async () => {
    const { status, body } = await post('/api/coverage/suggest', { k: 3, types: ['outdoor_worker_station'], metric: 'circle' })
    expect(status).toBe(200)
    const s = body as SuggestResponse
    expect(s.metric).toBe('circle')
    expect(s.radiusMeters).toBe(1000)
    expect(s.sites.features.map((f) => f.properties.rank)).toEqual([1, 2, 3])
    const added = s.sites.features.map((f) => f.properties.addedPopulation)
    expect(added).toEqual([...added].sort((a, b) => b - a))
    expect(added[2]).toBeGreaterThan(0)
    expect(s.coveredAfter - s.coveredBefore).toBe(added.reduce((a, b) => a + b, 0))
    const now = (await get('/api/coverage?types=outdoor_worker_station&metric=circle')).body as CoverageResponse
    expect(s.coveredBefore).toBe(now.summary.populationCovered)
  })

  it('suggests on the walking network by default where one is loaded, counting as the network coverage counts', async () => {
    const { status, body } = await post('/api/coverage/suggest', { k: 2, types: ['outdoor_worker_station'] })
    expect(status).toBe(200)
    const s = body as SuggestResponse
    expect(s.metric).toBe('network')
    expect(s.radiusMeters).toBe(1200)
    const now = (await get('/api/coverage?types=outdoor_worker_station')).body as CoverageResponse
    expect(now.parameters.metric).toBe('network')
    expect(s.coveredBefore).toBe(now.summary.populationCovered)
    expect(s.coveredAfter - s.coveredBefore).toBe(s.sites.features.reduce((n, f) => n + f.properties.addedPopulation, 0))
    expect(s.sites.features[1].properties.addedPopulation).toBeGreaterThan(0)
  })

  it("takes the planner's candidates and keeps their properties", async () => {
    const candidates = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [108.9, 27.3] }, properties: { name: '远郊' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [109.19, 27.72] }, properties: { name: '城区' } },
      ],
    }
    const { status, body } = await post('/api/coverage/suggest', { k: 2, types: ['truck_driver_home'], candidates })
    expect(status).toBe(200)
    const sites = (body as SuggestResponse).sites.features
    expect(sites[0].properties.candidate).toEqual({ name: '城区' })
    expect(sites.every((f) => f.properties.addedPopulation > 0)).toBe(true)
  })

  it('finds the fewest sites for a target', async () => {
    const { body } = await post('/api/coverage/suggest', { targetPct: 95, types: ['grid_service_station'] })
    const s = body as SuggestResponse
    expect((100 * s.coveredAfter) / s.population).toBeGreaterThanOrEqual(95)
    const last = s.sites.features.at(-1)!.properties
    expect(last.coveredPctAfter).toBeGreaterThanOrEqual(95)
    if (s.sites.features.length > 1) expect(s.sites.features.at(-2)!.properties.coveredPctAfter).toBeLessThan(95)
  })

  it.each([
    [{}, 'k'],
    [{ k: 0 }, 'k'],
    [{ k: 2.5 }, 'k'],
    [{ k: 3, minutes: 0 }, 'minutes'],
    [{ k: 3, types: ['no_such_type'] }, 'types'],
    [{ k: 3, candidates: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [200, 27] }, properties: {} }] } }, 'candidates'],
    [{ k: 3, candidates: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} }] } }, 'candidates'],
    ['{"k": 3', 'JSON'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const res = await post('/api/coverage/suggest', body)
    expect(res.status).toBe(400)
    expect(`${res.body.error.field} ${res.body.error.message}`).toMatch(field)
  })
})

describe('GET /api/coverage/export', () => {
  it('gives a CSV per area that Excel opens with the Chinese names, matching the JSON answer', async () => {
    const res = await served.fetch(`${served.app.url}/api/coverage/export?format=csv&level=community&minutes=10`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="?coverage-community-10min-network\.csv"?/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\r\n')
    // Headers and levels in Chinese by default (the planner's language), in English with lang=en.
    expect(lines[0]).toBe('区域代码,名称,层级,上级代码,常住人口,覆盖人口,人口覆盖率(%),面积(平方米),覆盖面积(平方米),面积覆盖比例,可达服务点数,低于目标')
    const json = (await get('/api/coverage?level=community&minutes=10')).body as CoverageResponse
    expect(json.parameters.metric).toBe('network')
    expect(lines).toHaveLength(1 + json.areas.features.length)
    const first = json.areas.features[0].properties
    expect(lines[1].split(',').slice(0, 6)).toEqual([first.code, first.name, '社区', first.parent_code, String(first.population), String(first.populationCovered)])
    const en = new TextDecoder().decode(new Uint8Array(await (await served.fetch(`${served.app.url}/api/coverage/export?format=csv&level=community&minutes=10&lang=en`)).arrayBuffer()))
    const enLines = en.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(enLines[0].split(',')[0]).toBe('Code')
    expect(enLines[1].split(',')[2]).toBe('community')
  })

  it('gives GeoJSON of the gaps and every unserved demand point', async () => {
    const res = await served.fetch(`${served.app.url}/api/coverage/export?format=geojson&types=courier_post`)
    expect(res.status).toBe(200)
    const fc = (await res.json()) as GeoJSON.FeatureCollection
    const kinds = fc.features.map((f) => f.properties!.kind)
    const json = (await get('/api/coverage?types=courier_post')).body as CoverageResponse
    expect(kinds.filter((k) => k === 'unserved')).toHaveLength(json.summary.unservedPoints)
    const gaps = fc.features.filter((f) => f.properties!.kind === 'gap')
    expect(gaps.length).toBeGreaterThan(0)
    expect(gaps.every((g) => g.geometry.type === 'MultiPolygon' && g.properties!.gapSqm > 0)).toBe(true)
  })

  it('refuses an unknown format and bad parameters with a 400', async () => {
    expect((await get('/api/coverage/export?format=xlsx')).body.error.field).toBe('format')
    expect((await get('/api/coverage/export?format=csv&minutes=-5')).body.error.field).toBe('minutes')
  })
})

describe('GET /api/coverage/inputs', () => {
  it("gives the /plan page's worker every area, service point and demand point, and the same answer as GET /api/coverage", async () => {
    const res = await served.fetch(`${served.app.url}/api/coverage/inputs`)
    expect(res.status).toBe(200)
    const etag = res.headers.get('etag')
    const inputs = (await res.json()) as CoverageInputsResponse
    const [counts] = await served.db.sql<{ areas: number; facilities: number; demand: number; population: number }[]>`
      SELECT (SELECT count(*)::int FROM areas) AS areas, (SELECT count(*)::int FROM facilities) AS facilities,
        (SELECT count(*)::int FROM demand_points) AS demand, (SELECT sum(population)::int FROM demand_points) AS population`
    expect(inputs.areas.features).toHaveLength(counts.areas)
    expect(inputs.facilities.features).toHaveLength(counts.facilities)
    expect(inputs.demand.code).toHaveLength(counts.demand)
    expect(inputs.demand.population.reduce((a, b) => a + b, 0)).toBe(counts.population)
    expect(inputs.facilities.features[0]).toMatchObject({ id: expect.any(Number), properties: { code: expect.any(String), name: expect.any(String), type: expect.any(String) } })
    // Each point's area is given by its index; the demo data places every point in a grid.
    expect(inputs.demand.area.every((i) => inputs.areas.features[i]?.properties.level === 'grid')).toBe(true)

    // The page's analysis of these inputs equals the server's answer.
    const demand = createDemandIndex(decodeCoverageDemand(inputs))
    const local = computeCoverage({ areas: inputs.areas, demand, facilities: inputs.facilities }, { radiusMeters: 1000, level: 'community' })
    const remote = (await get('/api/coverage?level=community&metric=circle')).body as CoverageResponse
    expect(local.summary).toEqual(remote.summary)

    const again = await served.fetch(`${served.app.url}/api/coverage/inputs`, { headers: { 'If-None-Match': etag! } })
    expect(again.status).toBe(304)
  })
})
