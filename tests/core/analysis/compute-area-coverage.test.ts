// Covered share and gaps per area: a golden fixture (squares inside a circle, a quarter circle,
// out of reach, half reached) checked against geometry worked by hand, and input left untouched.
import fs from 'node:fs'
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { area as turfArea } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { computeAreaCoverage } from '../../../core/analysis/compute-area-coverage.js'

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/compute-area-coverage/${name}`, import.meta.url), 'utf8'))
type Areas = FeatureCollection<Polygon | MultiPolygon, { code: string }>

describe('computeAreaCoverage', () => {
  const areas: Areas = fixture('in/areas.geojson')
  const facilities: FeatureCollection<Point> = fixture('in/facilities.geojson')
  const { radiusMeters } = fixture('in/options.json')

  it('matches the golden fixture', () => {
    const before = JSON.stringify([areas, facilities])
    const out = computeAreaCoverage(areas, facilities, { radiusMeters })
    expect(out.areas).toEqual(fixture('out/areas.geojson'))
    expect(out.gaps).toEqual(fixture('out/gaps.geojson'))
    expect(JSON.stringify([areas, facilities])).toBe(before)
  })

  it('agrees with the geometry: all, a quarter circle, nothing', () => {
    const byCode = new Map(computeAreaCoverage(areas, facilities, { radiusMeters }).areas.features.map((f) => [f.properties.code, f.properties]))
    expect(byCode.get('inside-one-circle')).toMatchObject({ coveredShare: 1, facilitiesInReach: 1 })
    // A 1 km square with the station at a corner: π/4 km² of it within 1 km (the 64-gon is 0.16 % short).
    expect(byCode.get('quarter-circle')!.coveredSqm / (Math.PI / 4) / 1e6).toBeCloseTo(1, 2)
    expect(byCode.get('beyond-reach')).toMatchObject({ coveredSqm: 0, coveredShare: 0, facilitiesInReach: 0 })
    for (const p of byCode.values()) expect(p.areaSqm).toBeGreaterThan(0)
  })

  it('returns gaps that fill what the circles leave, measured again on the sphere', () => {
    const out = computeAreaCoverage(areas, facilities, { radiusMeters })
    expect(out.gaps.features.map((g) => g.properties.code)).toEqual(['quarter-circle', 'beyond-reach', 'half-reached'])
    for (const gap of out.gaps.features) {
      const area = out.areas.features.find((f) => f.properties.code === gap.properties.code)!.properties
      expect(gap.properties.gapSqm).toBeCloseTo(area.areaSqm - area.coveredSqm, 3)
      expect(turfArea(gap) / gap.properties.gapSqm).toBeCloseTo(1, 2)
    }
  })

  it('refuses a bad radius or too few circle vertices', () => {
    expect(() => computeAreaCoverage(areas, facilities, { radiusMeters: Number.NaN })).toThrow(/radiusMeters/)
    expect(() => computeAreaCoverage(areas, facilities, { radiusMeters, circleVertices: 4 })).toThrow(/circleVertices/)
  })
})
