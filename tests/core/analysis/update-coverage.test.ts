// updateCoverage against a fresh computeCoverage after every step of a what-if on the Bijiang demo
// data: stations added, moved and removed, at each level; and its refusals.
import fs from 'node:fs'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { computeCoverage, type CoverageAreaInput, type CoverageDemandInput, type CoverageResult } from '../../../core/analysis/compute-coverage.js'
import { countServingFacilities } from '../../../core/analysis/count-serving-facilities.js'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { updateCoverage, type CoverageState } from '../../../core/analysis/update-coverage.js'

const read = <T,>(name: string): T => JSON.parse(fs.readFileSync(new URL(`../../../geodata/${name}`, import.meta.url), 'utf8')) as T
const areas = read<FeatureCollection<Polygon | MultiPolygon, CoverageAreaInput>>('areas.geojson')
const demand = createDemandIndex(read<FeatureCollection<Point, CoverageDemandInput>>('demand-points.geojson'))
const allStations = read<FeatureCollection<Point, { code: string; type: string }>>('facilities.geojson')
const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: allStations.features.filter((f) => f.properties.type === 'outdoor_worker_station') }

const station = (p: Position): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} })
const withFeatures = (features: Feature<Point>[]): FeatureCollection<Point> => ({ type: 'FeatureCollection', features })

function expectSameResult(a: CoverageResult<CoverageAreaInput>, b: CoverageResult<CoverageAreaInput>) {
  expect(a.summary).toEqual(b.summary)
  expect(Array.from(a.served)).toEqual(Array.from(b.served))
  expect(a.areas.features.map((f) => f.properties)).toEqual(b.areas.features.map((f) => f.properties))
  expect(a.gaps.features.map((g) => [g.properties.code, g.properties.gapSqm])).toEqual(b.gaps.features.map((g) => [g.properties.code, g.properties.gapSqm]))
}

describe('updateCoverage', () => {
  for (const [level, radiusMeters] of [['grid', 500], ['community', 1000], ['street', 300]] as const) {
    it(`equals a fresh run after adding, moving and removing stations (${level}, ${radiusMeters} m)`, () => {
      const options = { radiusMeters, level, targetPct: 90 }
      const places = stations.features.map((f) => f.geometry.coordinates)
      let current = stations.features
      let state: CoverageState<CoverageAreaInput> = {
        result: computeCoverage({ areas, demand, facilities: stations }, options),
        counts: countServingFacilities(demand, places, { radiusMeters }),
      }
      // An unserved home gets a station; then it moves 400 m east; then an existing one closes.
      const unserved = demand.features.find((_f, i) => state.counts[i] === 0)!
      const added = unserved.geometry.coordinates
      const moved = [added[0] + 0.004, added[1]]
      const removed = current[3].geometry.coordinates
      const steps: [Feature<Point>[], { add?: Position[]; remove?: Position[] }][] = [
        [[...current, station(added)], { add: [added] }],
        [[...current, station(moved)], { remove: [added], add: [moved] }],
        [[...current.filter((_f, i) => i !== 3), station(moved)], { remove: [removed] }],
      ]
      let changed = 0
      for (const [after, change] of steps) {
        const before = state.result.summary.populationCovered
        state = updateCoverage({ areas, demand, facilities: withFeatures(after) }, state, change, options)
        expectSameResult(state.result, computeCoverage({ areas, demand, facilities: withFeatures(after) }, options))
        if (state.result.summary.populationCovered !== before) changed++
        current = after
      }
      // The steps are real changes, not no-ops that would pass trivially.
      expect(changed).toBeGreaterThanOrEqual(2)
    })
  }

  it('leaves the previous state as it was', () => {
    const options = { radiusMeters: 1000, level: 'grid' }
    const counts = countServingFacilities(demand, stations.features.map((f) => f.geometry.coordinates), { radiusMeters: 1000 })
    const result = computeCoverage({ areas, demand, facilities: stations }, options)
    const snapshot = { counts: counts.slice(), summary: structuredClone(result.summary) }
    const place = demand.features[0].geometry.coordinates
    updateCoverage({ areas, demand, facilities: withFeatures([...stations.features, station(place)]) }, { result, counts }, { add: [place] }, options)
    expect(Array.from(counts)).toEqual(Array.from(snapshot.counts))
    expect(result.summary).toEqual(snapshot.summary)
  })

  it('refuses a previous state of another radius and a station to remove that is not there', () => {
    const options = { radiusMeters: 1000, level: 'grid' }
    const counts = countServingFacilities(demand, stations.features.map((f) => f.geometry.coordinates), { radiusMeters: 1000 })
    const result = computeCoverage({ areas, demand, facilities: stations }, options)
    expect(() => updateCoverage({ areas, demand, facilities: stations }, { result, counts }, {}, { radiusMeters: 500, level: 'grid' })).toThrow(/1000 m, not 500 m/)
    const empty = demand.features.find((_f, i) => counts[i] === 0)!.geometry.coordinates
    expect(() => updateCoverage({ areas, demand, facilities: stations }, { result, counts }, { remove: [empty] }, options)).toThrow(/no station to remove/)
  })
})

describe('updateCoverage golden fixture', () => {
  const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/update-coverage/${name}`, import.meta.url), 'utf8'))
  it('matches the fixture checked by hand (a station at (1600 m, 400 m) serves G1 and G2 in full)', () => {
    const areasIn = fixture('in/areas.geojson')
    const index = createDemandIndex(fixture('in/demand.geojson') as FeatureCollection<Point, CoverageDemandInput>)
    const options = fixture('in/options.json')
    const before: FeatureCollection<Point> = fixture('in/facilities-before.geojson')
    const state = {
      result: computeCoverage({ areas: areasIn, demand: index, facilities: before }, options),
      counts: countServingFacilities(index, before.features.map((f) => f.geometry.coordinates), { radiusMeters: options.radiusMeters }),
    }
    const out = updateCoverage({ areas: areasIn, demand: index, facilities: fixture('in/facilities-after.geojson') }, state, fixture('in/change.json'), options)
    expect(out.result.summary).toEqual(fixture('out/summary.json'))
    expect(out.result.areas).toEqual(fixture('out/areas.geojson'))
    expect(out.result.gaps).toEqual(fixture('out/gaps.geojson'))
  })
})
