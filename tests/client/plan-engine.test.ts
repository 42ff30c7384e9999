// The /plan worker's engine in Node on the demo data shaped as GET /api/coverage/inputs: every
// scenario it analyses (incrementally from the last one) equals a fresh computeCoverage; types,
// closed and planned stations count as they should; suggestions and comparisons are core's; bad
// parameters are refused. On the walking network (where the inputs carry one) each scenario equals a
// fresh computeNetworkCoverage.
import fs from 'node:fs'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { createPlanEngine } from '../../client/analysis/plan-engine'
import type { PlanParameters, ScenarioSpec } from '../../client/analysis/plan-protocol'
import { computeCoverage } from '../../core/analysis/compute-coverage'
import { buildWalkNetwork } from '../../core/analysis/build-walk-network'
import { computeNetworkCoverage } from '../../core/analysis/compute-network-coverage'
import { snapPlaces } from '../../core/analysis/snap-to-walk-network'
import { closeWalkEdges } from '../../core/analysis/close-walk-edges'
import { suggestSitesForCoverage } from '../../core/analysis/suggest-sites-for-coverage'
import { CLOSURE_METERS } from '../../core/domain/passage-closures'
import { createDemandIndex } from '../../core/analysis/create-demand-index'
import { markServedPoints } from '../../core/analysis/mark-served-points'
import { proposeCandidateSites } from '../../core/analysis/propose-candidate-sites'
import { suggestSites } from '../../core/analysis/suggest-sites'
import { decodeCoverageDemand, type CoverageInputsResponse } from '../../core/wire/coverage'

const read = <T,>(name: string): T => JSON.parse(fs.readFileSync(new URL(`../../geodata/${name}`, import.meta.url), 'utf8')) as T
const areasFile = read<FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; name_en: string | null; level: string; parent_code: string | null }>>('areas.geojson')
const facilitiesFile = read<FeatureCollection<Point, { code: string; name: string; name_en: string | null; type: string }>>('facilities.geojson')
const demandFile = read<FeatureCollection<Point, { code: string; population: number; area_code: string }>>('demand-points.geojson')

// The inputs as the server sends them (ids are the features' order here).
const areaIndex = new Map(areasFile.features.map((f, i) => [f.properties.code, i]))
const inputs: CoverageInputsResponse = {
  dataVersion: 'test',
  areas: { type: 'FeatureCollection', features: areasFile.features.map((f, i) => ({ ...f, id: i + 1, properties: { code: f.properties.code, name: f.properties.name, name_en: f.properties.name_en, level: f.properties.level, parent_code: f.properties.parent_code } })) },
  facilities: { type: 'FeatureCollection', features: facilitiesFile.features.map((f, i) => ({ ...f, id: i + 1, properties: { code: f.properties.code, name: f.properties.name, name_en: f.properties.name_en, type: f.properties.type } })) },
  demand: {
    code: demandFile.features.map((f) => f.properties.code),
    lon: demandFile.features.map((f) => f.geometry.coordinates[0]),
    lat: demandFile.features.map((f) => f.geometry.coordinates[1]),
    population: demandFile.features.map((f) => f.properties.population),
    area: demandFile.features.map((f) => areaIndex.get(f.properties.area_code) ?? -1),
  },
}
const demand = createDemandIndex(decodeCoverageDemand(inputs))
const params: PlanParameters = { types: [], minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2, level: 'grid', targetPct: 90 }

/** The stations a scenario counts, built independently of the engine. */
function stationsOf(p: PlanParameters, spec: ScenarioSpec): FeatureCollection<Point> {
  const counts = (t: string) => p.types.length === 0 || p.types.includes(t)
  const features: Feature<Point>[] = [
    ...inputs.facilities.features.filter((f) => counts(f.properties.type) && !spec.removed.includes(f.id as number)),
    ...spec.added.filter((s) => counts(s.type)).map((s) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] }, properties: {} })),
  ]
  return { type: 'FeatureCollection', features }
}

function fresh(p: PlanParameters, spec: ScenarioSpec) {
  const radiusMeters = (p.minutes * p.speedMetersPerMinute) / p.detourFactor
  return computeCoverage({ areas: inputs.areas, demand, facilities: stationsOf(p, spec) }, { radiusMeters, level: p.level, targetPct: p.targetPct })
}

// Homes nobody serves within 500 m of outdoor-worker stations, to place stations where they matter.
const unservedHomes = (() => {
  const r = fresh({ ...params, types: ['outdoor_worker_station'], minutes: 5 }, { added: [], removed: [] })
  return demand.features.filter((_f, i) => !r.served[i]).map((f) => f.geometry.coordinates)
})()

describe('createPlanEngine', () => {
  it('answers each step of a what-if as a fresh analysis would, recomputing only the change', () => {
    const engine = createPlanEngine(inputs)
    const p: PlanParameters = { ...params, types: ['outdoor_worker_station'], minutes: 5 }
    const [a, b, c] = [unservedHomes[0], unservedHomes[Math.floor(unservedHomes.length / 2)], unservedHomes.at(-1)!]
    const steps: ScenarioSpec[] = [
      { added: [], removed: [] },
      { added: [{ id: 'x', lon: a[0], lat: a[1], type: 'outdoor_worker_station' }], removed: [] },
      { added: [{ id: 'x', lon: b[0], lat: b[1], type: 'outdoor_worker_station' }], removed: [] },
      { added: [{ id: 'x', lon: b[0], lat: b[1], type: 'outdoor_worker_station' }, { id: 'y', lon: c[0], lat: c[1], type: 'courier_post' }], removed: [] },
      { added: [{ id: 'x', lon: b[0], lat: b[1], type: 'outdoor_worker_station' }], removed: [inputs.facilities.features.find((f) => f.properties.type === 'outdoor_worker_station')!.id as number] },
    ]
    const coveredSeen = new Set<number>()
    steps.forEach((spec, i) => {
      const got = engine.analyse(p, spec)
      const want = fresh(p, spec)
      expect(got.summary).toEqual(want.summary)
      expect(got.areas.map((x) => [x.code, x.populationCovered, x.coveredSqm])).toEqual(want.areas.features.map((f) => [f.properties.code, f.properties.populationCovered, f.properties.coveredSqm]))
      expect(Array.from(got.unserved)).toEqual(want.served.reduce<number[]>((u, s, k) => (s ? u : [...u, k]), []))
      // Step 4 adds a courier post, which this analysis does not count: nothing to recompute.
      expect(got.incremental).toBe(i > 0 && i !== 3)
      expect(got.baseline).toEqual(fresh(p, steps[0]).summary)
      // Only counted types: the courier post of step 4 adds no station to an outdoor-worker analysis.
      expect(got.stations.length).toBe(stationsOf(p, spec).features.length)
      coveredSeen.add(got.summary.populationCovered)
    })
    expect(coveredSeen.size).toBeGreaterThanOrEqual(3)
  })

  it("gives the outline of the counted stations' circles as one union, following the scenario", async () => {
    const { unionServiceCircles } = await import('../../core/analysis/union-service-circles')
    const { booleanPointInPolygon } = await import('@turf/turf')
    const engine = createPlanEngine(inputs)
    const today = engine.analyse(params, { added: [], removed: [] })
    // Hundreds of stations, a handful of polygons.
    expect(today.stations.length).toBeGreaterThan(200)
    expect(today.circleUnion.features).toHaveLength(1)
    const outline = today.circleUnion.features[0]
    expect(outline.properties.stations).toBe(today.stations.length)
    expect(outline.geometry.coordinates.length).toBeLessThan(today.stations.length / 5)
    const { getMiddleLatitude } = await import('../../core/analysis/internal/local-meters')
    const projectionLatitude = getMiddleLatitude(inputs.areas as FeatureCollection<Polygon | MultiPolygon>)
    expect(outline).toEqual(unionServiceCircles(stationsOf(params, { added: [], removed: [] }), { radiusMeters: today.radiusMeters, projectionLatitude }).features[0])
    // A station placed far from every circle adds its own polygon to the outline.
    const [lon, lat] = unservedHomes[0]
    const far = engine.analyse(params, { added: [{ id: 'x', lon, lat, type: 'courier_post' }], removed: [] })
    expect(far.circleUnion.features[0].properties.stations).toBe(today.stations.length + 1)
    expect(booleanPointInPolygon([lon, lat], far.circleUnion.features[0].geometry)).toBe(true)
  })

  it('keeps parameter sets apart and reports per level', () => {
    const engine = createPlanEngine(inputs)
    const spec: ScenarioSpec = { added: [{ id: 'x', lon: unservedHomes[3][0], lat: unservedHomes[3][1], type: 'grid_service_station' }], removed: [] }
    for (const p of [params, { ...params, level: 'street' as const }, { ...params, minutes: 10, targetPct: 80 }, params]) {
      const got = engine.analyse(p, spec)
      expect(got.summary).toEqual(fresh(p, spec).summary)
      expect(got.areas[0].level).toBe(p.level)
    }
  })

  it("suggests the sites core's greedy covering picks on the scenario's stations", () => {
    const engine = createPlanEngine(inputs)
    const spec: ScenarioSpec = { added: [], removed: [inputs.facilities.features[0].id as number] }
    const got = engine.suggest(params, spec, { k: 4 })
    const stations = stationsOf(params, spec)
    const served = markServedPoints(demand, stations, { radiusMeters: 1000 })
    const want = suggestSites(demand, stations, proposeCandidateSites(demand, served, { cellMeters: 500 }), { radiusMeters: 1000, k: 4 })
    expect(got.sites.map((s) => s.addedPopulation)).toEqual(want.sites.map((s) => s.addedPopulation))
    expect(got.coveredAfter).toBe(want.coveredAfter)
    expect(got.sites.every((s) => s.gridCode === null || inputs.areas.features.some((f) => f.properties.code === s.gridCode && f.properties.level === 'grid'))).toBe(true)
    expect(got.sites.filter((s) => s.gridCode !== null).length).toBeGreaterThan(0)
  })

  it('finds the fewest sites that reach a target, or says it is out of reach within k', () => {
    const engine = createPlanEngine(inputs)
    const none: ScenarioSpec = { added: [], removed: [] }
    const base = engine.analyse(params, none).summary.populationCoveredPct!
    const target = Math.ceil(base) + 2
    const got = engine.suggest(params, none, { k: 50, targetPct: target })
    expect(got.reached).toBe(true)
    expect(got.sites.at(-1)!.coveredPctAfter).toBeGreaterThanOrEqual(target)
    // One site fewer falls short: the fewest.
    if (got.sites.length > 1) expect(got.sites.at(-2)!.coveredPctAfter).toBeLessThan(target)
    const short = engine.suggest(params, none, { k: 1, targetPct: 99.9 })
    expect(short.sites).toHaveLength(1)
    expect(short.reached).toBe(false)
  })

  it('compares two scenarios as compareScenarios does', () => {
    const engine = createPlanEngine(inputs)
    const a: ScenarioSpec = { added: [], removed: [] }
    const b: ScenarioSpec = { added: [{ id: 'x', lon: unservedHomes[0][0], lat: unservedHomes[0][1], type: 'red_post' }], removed: [] }
    const got = engine.compare(params, a, b)
    expect(got.before).toEqual(fresh(params, a).summary)
    expect(got.after).toEqual(fresh(params, b).summary)
    expect(got.stationsAfter - got.stationsBefore).toBe(1)
    expect(got.changedAreas.length).toBeGreaterThan(0)
    expect(got.populationCoveredChange).toBe(got.after.populationCovered - got.before.populationCovered)
  })

  it('refuses parameters out of range and k out of range, naming them', () => {
    const engine = createPlanEngine(inputs)
    const none: ScenarioSpec = { added: [], removed: [] }
    expect(() => engine.analyse({ ...params, minutes: 0 }, none)).toThrow(/minutes must be between 1 and 60/)
    expect(() => engine.analyse({ ...params, speedMetersPerMinute: 500 }, none)).toThrow(/speedMetersPerMinute/)
    expect(() => engine.analyse({ ...params, detourFactor: Number.NaN }, none)).toThrow(/detourFactor/)
    expect(() => engine.suggest(params, none, { k: 0 })).toThrow(/k must be a whole number from 1 to 50/)
    expect(() => engine.suggest(params, none, { k: 5, targetPct: 101 })).toThrow(/targetPct must be between 0 and 100/)
  })
})

describe('createPlanEngine on the walking network', () => {
  const roads = read<FeatureCollection<LineString, Record<string, string>>>('roads.geojson').features.filter((f) => f.properties.highway !== 'motorway' && !f.properties.barrier)
  const withNetwork: CoverageInputsResponse = { ...inputs, roads: roads.map((f) => f.geometry.coordinates) }
  const net = buildWalkNetwork(roads)
  const snaps = snapPlaces(net, demand)
  const onFoot = (p: PlanParameters, spec: ScenarioSpec) =>
    computeNetworkCoverage({ areas: inputs.areas, demand, facilities: stationsOf(p, spec), network: net, snaps }, { cutoffMeters: p.minutes * p.speedMetersPerMinute, level: p.level, targetPct: p.targetPct })

  it('walks the network by default where the inputs carry one, and circles when asked; a planned station from the last run, equal to a fresh one', () => {
    const engine = createPlanEngine(withNetwork)
    const p: PlanParameters = { ...params, types: ['outdoor_worker_station'] }
    const base = engine.analyse(p, { added: [], removed: [] })
    expect(base.metric).toBe('network')
    expect(base.hasNetwork).toBe(true)
    expect(base.radiusMeters).toBe(1200)
    expect(base.summary).toEqual(onFoot(p, { added: [], removed: [] }).summary)
    expect(base.circleUnion.features).toHaveLength(0)
    // Residents the circles of the same walk count and the streets do not reach (and the reverse), summed from both analyses.
    const [inCircle, walked] = [fresh(p, { added: [], removed: [] }).served, onFoot(p, { added: [], removed: [] }).served]
    const people = (keep: (i: number) => boolean) => demand.features.reduce((sum, f, i) => sum + (keep(i) ? f.properties.population : 0), 0)
    expect(base.circleOnly).toBe(people((i) => inCircle[i] === 1 && walked[i] === 0))
    expect(base.networkOnly).toBe(people((i) => inCircle[i] === 0 && walked[i] === 1))
    expect(base.circleOnly).toBeGreaterThan(10_000)
    expect(base.areas.reduce((sum, a) => sum + (a.circleOnly ?? 0), 0)).toBe(base.circleOnly)
    const [x, y] = unservedHomes[0]
    const spec: ScenarioSpec = { added: [{ id: 'n', lon: x, lat: y, type: 'outdoor_worker_station' }], removed: [] }
    const planned = engine.analyse(p, spec)
    expect(planned.incremental).toBe(true)
    const fromScratch = onFoot(p, spec)
    expect(planned.summary).toEqual(fromScratch.summary)
    expect(planned.areas.map((a) => a.coveredSqm)).toEqual(fromScratch.areas.features.map((f) => f.properties.coveredSqm))
    expect(planned.summary.populationCovered).toBeGreaterThan(base.summary.populationCovered)
    // Each counted station's service area along the streets, by its key; the planned one's residents
    // are those it is the nearest station to.
    expect(base.serviceAreas!.features.map((f) => f.id)).toEqual(base.stations.map((s) => s.key))
    const mine = planned.serviceAreas!.features.find((f) => f.properties.planned)!
    expect(mine.id).toBe(planned.stations.find((s) => s.planned)!.key)
    expect(mine.properties.population).toBe(demand.features.reduce((sum, f, i) => sum + (fromScratch.reach.served[i] && fromScratch.reach.station[i] === planned.stations.length - 1 ? f.properties.population : 0), 0))
    expect(mine.properties.areaSqm).toBeGreaterThan(0)
    const circles = engine.analyse({ ...p, metric: 'circle' }, { added: [], removed: [] })
    expect(circles.metric).toBe('circle')
    expect(circles.summary).toEqual(fresh(p, { added: [], removed: [] }).summary)
    // The river and the expressway: the circles count residents the streets do not reach.
    expect(circles.summary.populationCovered).toBeGreaterThan(base.summary.populationCovered)
    expect(createPlanEngine(inputs).analyse(p, { added: [], removed: [] }).metric).toBe('circle')
    expect(() => createPlanEngine(inputs).analyse({ ...p, metric: 'network' }, { added: [], removed: [] })).toThrow(/metric/)
  })

  it('leaves a live closure’s streets out of the walk, says what it costs, and walks the whole network when asked', () => {
    const engine = createPlanEngine(withNetwork)
    const none: ScenarioSpec = { added: [], removed: [] }
    const before = engine.analyse(params, none)
    expect(before.closures).toBeUndefined()
    // The northern underpass beneath the expressway, flooded.
    const underpass: [number, number] = [109.200193, 27.749023]
    engine.setClosures([underpass])
    const shut = engine.analyse(params, none)
    const closed = closeWalkEdges(net, [underpass], CLOSURE_METERS).closed
    const expected = computeNetworkCoverage({ areas: inputs.areas, demand, facilities: stationsOf(params, none), network: net, snaps }, { cutoffMeters: 1200, level: 'grid', targetPct: 90, closed })
    expect(shut.summary).toEqual(expected.summary)
    expect(shut.closures?.applied).toBe(true)
    expect(shut.closures?.population).toBe(before.summary.populationCovered - shut.summary.populationCovered)
    expect(shut.closures?.population).toBeGreaterThan(100)
    expect(shut.closures?.each).toEqual([{ edges: expect.any(Number), population: shut.closures?.population }])
    expect(shut.closures?.grids.reduce((n, g) => n + g.population, 0)).toBe(shut.closures?.population)
    const whole = engine.analyse({ ...params, closures: 'none' }, none)
    expect(whole.summary).toEqual(before.summary)
    expect(whole.closures).toMatchObject({ applied: false, population: shut.closures?.population })
    engine.setClosures([])
    expect(engine.analyse(params, none).summary).toEqual(before.summary)
  })

  it('suggests sites on the network as core does, walking from each candidate', () => {
    const engine = createPlanEngine(withNetwork)
    const p: PlanParameters = { ...params, types: ['outdoor_worker_station'] }
    const none: ScenarioSpec = { added: [], removed: [] }
    const got = engine.suggest(p, none, { k: 3 })
    const want = suggestSitesForCoverage(demand, stationsOf(p, none), { walk: { minutes: 15, speedMetersPerMinute: 80, detourFactor: 1.2 }, k: 3, network: { net, snaps } })
    expect(got.radiusMeters).toBe(1200)
    expect(got.sites.map((s) => s.addedPopulation)).toEqual(want.sites.map((s) => s.addedPopulation))
    expect(got.coveredAfter).toBe(want.coveredAfter)
    // Each site really adds what it says: the scenario with the sites, walked fresh.
    const spec: ScenarioSpec = { added: got.sites.map((s, i) => ({ id: `s${i}`, lon: s.lon, lat: s.lat, type: 'outdoor_worker_station' })), removed: [] }
    expect(onFoot(p, spec).summary.populationCovered).toBe(got.coveredAfter)
  })
})
