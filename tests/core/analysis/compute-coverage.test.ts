// Population coverage rolled up a small hierarchy, scenarios compared, (grids → communities → street), the summary,
// the areas below target worst first, an empty area and a point outside every area.
import fs from 'node:fs'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { destination, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { compareScenarios } from '../../../core/analysis/compare-scenarios.js'
import { computeCoverage, type CoverageAreaInput, type CoverageDemandInput } from '../../../core/analysis/compute-coverage.js'

const ORIGIN: [number, number] = [109.19, 27.71]
/** [lon, lat] `east` and `north` metres from the origin. */
const at = (east: number, north: number) => {
  const p = destination(point(ORIGIN), east / 1000, 90, { units: 'kilometers' })
  return destination(p, north / 1000, 0, { units: 'kilometers' }).geometry.coordinates
}
const square = (code: string, level: string, parent: string | null, e0: number, n0: number, side: number): Feature<Polygon, CoverageAreaInput> => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[at(e0, n0), at(e0 + side, n0), at(e0 + side, n0 + side), at(e0, n0 + side), at(e0, n0)]] },
  properties: { code, level, parent_code: parent },
})
const areas: FeatureCollection<Polygon | MultiPolygon, CoverageAreaInput> = {
  type: 'FeatureCollection',
  features: [
    square('D', 'district', null, 0, 0, 6000),
    square('S1', 'street', 'D', 0, 0, 6000),
    square('C1', 'community', 'S1', 0, 0, 3000),
    square('C2', 'community', 'S1', 3000, 0, 3000),
    square('G1', 'grid', 'C1', 0, 0, 1500),
    square('G2', 'grid', 'C1', 1500, 0, 1500),
    square('G3', 'grid', 'C2', 3000, 0, 1500),
    square('G4', 'grid', 'C2', 4500, 0, 1500),
  ],
}
const home = (east: number, north: number, population: number, area: string | null): Feature<Point, CoverageDemandInput> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at(east, north) },
  properties: { population, area_code: area },
})
const demand: FeatureCollection<Point, CoverageDemandInput> = {
  type: 'FeatureCollection',
  features: [
    home(200, 200, 100, 'G1'), // 283 m from the station: served
    home(1400, 200, 50, 'G1'), // 1,414 m: not
    home(1600, 200, 40, 'G2'), // 1,612 m: not
    home(800, 800, 60, 'G2'), // 1,131 m: not (the point's area is taken as given)
    home(3500, 200, 30, 'G3'), // far: not
    home(9000, 9000, 25, null), // outside every area
  ],
}
const facilities: FeatureCollection<Point> = { type: 'FeatureCollection', features: [point(at(0, 0))] }

describe('computeCoverage', () => {
  it('rolls residents up to the level asked for and sums the district', () => {
    const { summary, areas: communities } = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'community' })
    const c = Object.fromEntries(communities.features.map((f) => [f.properties.code, f.properties]))
    expect(c.C1).toMatchObject({ population: 250, populationCovered: 100, populationCoveredPct: 40, belowTarget: true })
    expect(c.C2).toMatchObject({ population: 30, populationCovered: 0, populationCoveredPct: 0, belowTarget: true })
    expect(summary).toEqual({
      radiusMeters: 1000,
      population: 305,
      populationCovered: 100,
      populationCoveredPct: (100 * 100) / 305,
      unservedPoints: 5,
      unservedPopulation: 205,
      areasBelowTarget: ['C2', 'C1'],
    })
  })

  it('reports an area where nobody lives with no percentage and not below target', () => {
    const { areas: grids, summary } = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid', targetPct: 50 })
    const g4 = grids.features.find((f) => f.properties.code === 'G4')!.properties
    expect(g4).toMatchObject({ population: 0, populationCoveredPct: null, belowTarget: false, coveredShare: 0 })
    expect(summary.areasBelowTarget).toEqual(['G2', 'G3'])
    expect(grids.features.find((f) => f.properties.code === 'G1')!.properties.populationCoveredPct).toBeCloseTo((100 * 100) / 150, 10)
  })

  it('refuses a target outside 0–100', () => {
    expect(() => computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid', targetPct: 120 })).toThrow(/targetPct/)
  })
})

describe('compareScenarios', () => {
  it('lists the areas a new station changes, biggest gain first, and the district deltas', () => {
    const before = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid' })
    const withStation = { ...facilities, features: [...facilities.features, point(at(1600, 400))] }
    const after = computeCoverage({ areas, demand, facilities: withStation }, { radiusMeters: 1000, level: 'grid' })
    const c = compareScenarios(before, after)
    // The new station at (1600, 400) serves G1's 50 at (1400, 200), G2's 40 at (1600, 200) and 60 at (800, 800).
    expect(c.populationCoveredChange).toBe(150)
    expect(c.unservedPointsChange).toBe(-3)
    expect(c.changedAreas.map((a) => [a.code, a.populationCoveredBefore, a.populationCoveredAfter])).toEqual([
      ['G2', 0, 100],
      ['G1', 100, 150],
    ])
    expect(c.changedAreas[0]).toMatchObject({ belowTargetBefore: true, belowTargetAfter: false })
    expect(compareScenarios(before, before).changedAreas).toEqual([])
  })
})

describe('computeCoverage golden fixture', () => {
  const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/compute-coverage/${name}`, import.meta.url), 'utf8'))
  it('matches the fixture checked by hand (G1 a quarter circle of a 1.5 km square, 100 of its 150 served)', () => {
    const input = { areas: fixture('in/areas.geojson'), demand: fixture('in/demand.geojson'), facilities: fixture('in/facilities.geojson') }
    const before = JSON.stringify(input)
    const out = computeCoverage(input, fixture('in/options.json'))
    expect(out.summary).toEqual(fixture('out/summary.json'))
    expect(out.areas).toEqual(fixture('out/areas.geojson'))
    expect(out.gaps).toEqual(fixture('out/gaps.geojson'))
    expect(JSON.stringify(input)).toBe(before)
  })
})
