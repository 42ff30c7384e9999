// GCJ-02 / BD-09 conversion lands on the WGS-84 truth of published reference points.
import { describe, expect, it } from 'vitest'
import * as turf from '@turf/turf'
import { geometryToWgs84, roundCoordinate, roundGeometry, roundPosition, toWgs84 } from '../../../core/domain/coordinates.js'

// [wgs84 lon, lat], [gcj02 lon, lat]: reference pairs published with the eviltransform
// project's test suite (Shanghai, Shenzhen, Beijing) and one read off AMap's own API.
const GCJ02_REFERENCE = [
  { place: 'Shanghai', wgs: [121.5272106, 31.1774276], gcj: [121.531541859215, 31.17530398364597] },
  { place: 'Shenzhen', wgs: [113.912316, 22.543847], gcj: [113.9171764808363, 22.540796131694766] },
  { place: 'Beijing', wgs: [116.377817, 39.911954], gcj: [116.38404722455657, 39.91334545536069] },
  { place: 'Tiananmen (AMap API)', wgs: [116.39089, 39.90734], gcj: [116.39713623, 39.90874539] },
]

const metersBetween = (a: number[], b: number[]) => turf.distance(a, b, { units: 'meters' })

describe('toWgs84', () => {
  it.each(GCJ02_REFERENCE)('puts GCJ-02 $place within 1 m of its WGS-84 truth', ({ wgs, gcj }) => {
    expect(metersBetween(gcj, wgs)).toBeGreaterThan(100) // the offset is real…
    expect(metersBetween(toWgs84(gcj, 'gcj02'), wgs)).toBeLessThan(1) // …and removed
  })

  it('leaves WGS-84 untouched', () => {
    expect(toWgs84([109.19, 27.72], 'wgs84')).toEqual([109.19, 27.72])
  })

  it('converts BD-09 (a Baidu point near Bijiang) back within 1 m of a GCJ-02 round trip', () => {
    // Baidu's BD-09 is GCJ-02 shifted once more; the shift at Bijiang is several hundred metres.
    const wgs = [109.19, 27.72]
    const bd = [109.2009945, 27.7230421]
    expect(metersBetween(bd, wgs)).toBeGreaterThan(500)
    expect(metersBetween(toWgs84(bd, 'bd09'), wgs)).toBeLessThan(1)
  })
})

describe('geometryToWgs84', () => {
  it('converts every position and does not mutate its input', () => {
    const polygon: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [GCJ02_REFERENCE.slice(0, 3).map((r) => r.gcj).concat([GCJ02_REFERENCE[0].gcj])],
    }
    const before = structuredClone(polygon)
    const out = geometryToWgs84(polygon, 'gcj02')
    expect(polygon).toEqual(before)
    out.coordinates[0].slice(0, 3).forEach((p, i) => expect(metersBetween(p, GCJ02_REFERENCE[i].wgs)).toBeLessThan(1))
  })
})

describe('rounding to six decimals', () => {
  it('rounds coordinates, positions and whole geometries, leaving the input alone', () => {
    expect(roundCoordinate(109.1234565)).toBe(109.123457)
    expect(roundCoordinate(-0.0000004)).toBe(-0)
    expect(roundPosition([109.19123449, 27.7100000001, 12])).toEqual([109.191234, 27.71])
    const ring = [[109.1, 27.7], [109.2000004, 27.7], [109.2, 27.8000006], [109.1, 27.7]]
    const polygon = { type: 'Polygon' as const, coordinates: [ring] }
    expect(roundGeometry(polygon).coordinates[0]).toEqual([[109.1, 27.7], [109.2, 27.7], [109.2, 27.800001], [109.1, 27.7]])
    expect(polygon.coordinates[0][1][0]).toBe(109.2000004)
  })
})
