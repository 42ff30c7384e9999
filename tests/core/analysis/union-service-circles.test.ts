// The outline of the walking circles: a golden fixture (two overlapping circles, one apart, a ring
// of six around a hole nobody reaches), its parts and hole checked by hand, areas on the sphere,
// and input left untouched.
import fs from 'node:fs'
import type { FeatureCollection, Point } from 'geojson'
import { area as turfArea, booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { unionServiceCircles } from '../../../core/analysis/union-service-circles.js'

const dir = new URL('./fixtures/union-service-circles/', import.meta.url)
const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(name, dir), 'utf8'))
const stations: FeatureCollection<Point> = fixture('in/stations.geojson')
const { radiusMeters } = fixture('in/options.json')

describe('unionServiceCircles', () => {
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(new URL('out/union.geojson', dir), JSON.stringify(unionServiceCircles(stations, { radiusMeters }), null, 1) + '\n')

  it('matches the golden fixture and leaves its input alone', () => {
    const before = JSON.stringify(stations)
    expect(unionServiceCircles(stations, { radiusMeters })).toEqual(fixture('out/union.geojson'))
    expect(JSON.stringify(stations)).toBe(before)
  })

  it('merges overlapping circles, keeps a lone one apart, and leaves the hole of a ring', () => {
    const [outline] = unionServiceCircles(stations, { radiusMeters }).features
    expect(outline.properties.stations).toBe(9)
    // a+b merged, c alone, the ring of six merged: three polygons; the ring's has a hole.
    const polygons = outline.geometry.coordinates
    expect(polygons).toHaveLength(3)
    expect(polygons.map((p) => p.length).sort()).toEqual([1, 1, 2])
    const ringCentre = [109.19, 27.72 + 4000 / 111195.08]
    expect(booleanPointInPolygon(ringCentre, outline.geometry)).toBe(false)
    expect(booleanPointInPolygon(stations.features[0].geometry.coordinates, outline.geometry)).toBe(true)
  })

  it('has the area of the circles less their overlaps, measured again on the sphere', () => {
    const [outline] = unionServiceCircles(stations, { radiusMeters }).features
    const circle = 64 * 0.5 * radiusMeters ** 2 * Math.sin((2 * Math.PI) / 64)
    // Nine circles overlap: the union is less than their sum, more than the seven that do not overlap.
    expect(outline.properties.areaSqm).toBeLessThan(9 * circle)
    expect(outline.properties.areaSqm).toBeGreaterThan(7 * circle)
    expect(turfArea(outline) / outline.properties.areaSqm).toBeCloseTo(1, 2)
  })

  it('is empty with no stations and refuses a bad radius', () => {
    expect(unionServiceCircles({ type: 'FeatureCollection', features: [] }, { radiusMeters }).features).toEqual([])
    expect(() => unionServiceCircles(stations, { radiusMeters: -1 })).toThrow(RangeError)
  })
})
