// Unserved demand points (and the serving counts a what-if keeps): a golden fixture (points a metre or less either side of the 1,000 m
// edge), exact agreement with a haversine brute force on random data, index reuse, no mutation.
import fs from 'node:fs'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { destination, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { countServingFacilities } from '../../../core/analysis/count-serving-facilities.js'
import { createDemandIndex } from '../../../core/analysis/create-demand-index.js'
import { findUnservedPoints } from '../../../core/analysis/find-unserved-points.js'
import { getServiceRadius } from '../../../core/analysis/get-service-radius.js'
import { markServedPoints } from '../../../core/analysis/mark-served-points.js'
import { haversineMeters } from '../../../core/analysis/internal/local-meters.js'

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/find-unserved-points/${name}`, import.meta.url), 'utf8'))
type Points = FeatureCollection<Point, { name?: string; population?: number }>

/** A deterministic pseudo-random sequence (tests need no real randomness). */
function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

function bruteForce(demand: Points, facilities: Points, radiusMeters: number): Feature<Point>[] {
  return demand.features.filter(
    (d) => !facilities.features.some((f) => haversineMeters(f.geometry.coordinates[0], f.geometry.coordinates[1], d.geometry.coordinates[0], d.geometry.coordinates[1]) <= radiusMeters),
  )
}

describe('getServiceRadius', () => {
  it('is minutes × speed ÷ detour, 1,000 m for 15 minutes by default', () => {
    expect(getServiceRadius({ minutes: 15 })).toBe(1000)
    expect(getServiceRadius({ minutes: 5, speedMetersPerMinute: 72 })).toBe(300)
    expect(getServiceRadius({ minutes: 10, detourFactor: 1 })).toBe(800)
  })
  it('refuses a non-positive time or speed and a detour below 1', () => {
    expect(() => getServiceRadius({ minutes: 0 })).toThrow(/minutes/)
    expect(() => getServiceRadius({ minutes: 15, speedMetersPerMinute: Number.NaN })).toThrow(/speedMetersPerMinute/)
    expect(() => getServiceRadius({ minutes: 15, detourFactor: 0.9 })).toThrow(/detourFactor/)
  })
})

describe('findUnservedPoints', () => {
  it('matches the golden fixture: every point named out-* and no in-* point', () => {
    const demand: Points = fixture('in/demand.geojson')
    const facilities: Points = fixture('in/facilities.geojson')
    const { radiusMeters } = fixture('in/options.json')
    const out = findUnservedPoints(demand, facilities, { radiusMeters })
    expect(out).toEqual(fixture('out/unserved.geojson'))
    expect(out.features.map((f) => f.properties.name)).toEqual(demand.features.map((f) => f.properties.name).filter((n) => n!.startsWith('out-')))
  })

  it('agrees exactly with a haversine brute force, including points a centimetre either side of the edge', () => {
    const next = random(42)
    const facilities: Points = {
      type: 'FeatureCollection',
      features: Array.from({ length: 60 }, () => point([109.1 + next() * 0.2, 27.6 + next() * 0.25])),
    }
    const demand: Points = {
      type: 'FeatureCollection',
      features: Array.from({ length: 20_000 }, () => point([109.05 + next() * 0.3, 27.55 + next() * 0.35])),
    }
    for (const f of facilities.features) {
      for (const meters of [999.99, 1000.01, 499.99, 500.01]) {
        demand.features.push(destination(f, meters / 1000, next() * 360 - 180, { units: 'kilometers' }))
      }
    }
    for (const radiusMeters of [1000, 500]) {
      const ours = findUnservedPoints(demand, facilities, { radiusMeters })
      expect(ours.features).toEqual(bruteForce(demand, facilities, radiusMeters))
    }
  })

  it('reuses one index for other facilities and radii, and changes no input', () => {
    const demand: Points = fixture('in/demand.geojson')
    const facilities: Points = fixture('in/facilities.geojson')
    const before = JSON.stringify([demand, facilities])
    const index = createDemandIndex(demand)
    const onlyFirst: Points = { type: 'FeatureCollection', features: facilities.features.slice(0, 1) }
    expect(findUnservedPoints(index, onlyFirst, { radiusMeters: 1000 })).toEqual(findUnservedPoints(demand, onlyFirst, { radiusMeters: 1000 }))
    expect([...markServedPoints(index, facilities, { radiusMeters: 0 })].filter(Boolean)).toHaveLength(1) // the point at a station
    expect(findUnservedPoints(index, { type: 'FeatureCollection', features: [] }, { radiusMeters: 1000 }).features).toHaveLength(demand.features.length)
    expect(JSON.stringify([demand, facilities])).toBe(before)
  })

  it('handles no demand points, and refuses a bad radius or a demand point that is not a point', () => {
    const none: Points = { type: 'FeatureCollection', features: [] }
    expect(findUnservedPoints(none, fixture('in/facilities.geojson'), { radiusMeters: 1000 }).features).toEqual([])
    expect(() => findUnservedPoints(none, none, { radiusMeters: -1 })).toThrow(/radiusMeters/)
    const bad = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [Number.NaN, 27] }, properties: {} }] }
    expect(() => createDemandIndex(bad as Points)).toThrow(/demand point 0/)
  })
})

describe('countServingFacilities', () => {
  it('counts the stations serving each point, and follows a move the same as counting anew', () => {
    const next = random(11)
    const demand: Points = { type: 'FeatureCollection', features: Array.from({ length: 8000 }, () => point([109.1 + next() * 0.2, 27.6 + next() * 0.2])) }
    const places = Array.from({ length: 40 }, () => [109.1 + next() * 0.2, 27.6 + next() * 0.2])
    const index = createDemandIndex(demand)
    const counts = countServingFacilities(index, places, { radiusMeters: 1000 })
    const brute = demand.features.map((d) => places.filter(([x, y]) => haversineMeters(x, y, d.geometry.coordinates[0], d.geometry.coordinates[1]) <= 1000).length)
    expect([...counts]).toEqual(brute)
    const moved = [109.15, 27.65]
    const after = countServingFacilities(index, [], { radiusMeters: 1000 }, counts, { remove: [places[0]], add: [moved] })
    expect([...after]).toEqual([...countServingFacilities(index, [moved, ...places.slice(1)], { radiusMeters: 1000 })])
    expect([...counts]).toEqual(brute) // the base is left as it was
    expect([...after].map((c) => (c > 0 ? 1 : 0))).toEqual([...markServedPoints(index, { type: 'FeatureCollection', features: [point(moved), ...places.slice(1).map((p) => point(p))] }, { radiusMeters: 1000 })])
  })

  it('refuses to remove a station that is not there', () => {
    const index = createDemandIndex(fixture('in/demand.geojson'))
    const counts = countServingFacilities(index, [], { radiusMeters: 1000 })
    const [first] = (fixture('in/demand.geojson') as Points).features
    expect(() => countServingFacilities(index, [], { radiusMeters: 1000 }, counts, { remove: [first.geometry.coordinates] })).toThrow(/no station to remove/)
  })
})
