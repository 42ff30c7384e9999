// A point named by its grid and community and the nearest road, not by lon/lat.
import type { FeatureCollection, LineString } from 'geojson'
import { describe, expect, it } from 'vitest'
import { findNearestRoad, findPlace, formatPlace, type PlaceArea } from '../../client/areas/place-names'
import type { BasemapCollection } from '../../core/wire/read-api'

const square = (x: number, y: number, d: number) => ({ type: 'MultiPolygon' as const, coordinates: [[[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]] })
const grids: PlaceArea[] = [
  { geometry: square(109.19, 27.72, 0.01), properties: { code: 'C1-G01', name: '东门社区第1网格', name_en: 'Dongmen Community Grid 1', parent_code: 'C1', kind: 'comprehensive' } },
  { geometry: square(109.192, 27.722, 0.002), properties: { code: 'C1-Z01', name: '东门农贸市场', name_en: 'Dongmen Market', parent_code: 'C1', kind: 'exclusive' } },
  { geometry: square(109.2, 27.72, 0.01), properties: { code: 'C2-G01', name: '文昌社区第1网格', name_en: null, parent_code: 'C2', kind: 'comprehensive' } },
]
const parents = new Map([
  ['C1', { code: 'C1', name: '东门社区', name_en: 'Dongmen Community' }],
  ['C2', { code: 'C2', name: '文昌社区', name_en: null }],
])

describe('findPlace', () => {
  it('names the grid under the point and its community, in either language', () => {
    const p = findPlace(grids, parents, 109.195, 27.728)!
    expect(formatPlace(p, 'zh-CN')).toBe('东门社区第1网格 › 东门社区')
    expect(formatPlace(p, 'en')).toBe('Dongmen Community Grid 1 › Dongmen Community')
    // No English name: the Chinese one.
    expect(formatPlace(findPlace(grids, parents, 109.205, 27.725)!, 'en')).toBe('文昌社区第1网格 › 文昌社区')
  })

  it('prefers the comprehensive grid to an exclusive one laid over it', () => {
    expect(findPlace(grids, parents, 109.193, 27.723)!.grid.code).toBe('C1-G01')
  })

  it('is null outside every grid', () => {
    expect(findPlace(grids, parents, 110, 28)).toBeNull()
  })
})

describe('findNearestRoad', () => {
  const road = (name: string, coordinates: number[][]) => ({ type: 'Feature' as const, properties: { kind: 'road' as const, name, name_en: `${name} Rd`, road_class: 'primary' as const }, geometry: { type: 'LineString', coordinates } as LineString })
  const roads = { type: 'FeatureCollection', features: [road('锦江大道', [[109.19, 27.73], [109.21, 27.73]]), road('环城路', [[109.19, 27.70], [109.21, 27.70]])] } as FeatureCollection as BasemapCollection

  it('finds the closest named road and how far it is', () => {
    const r = findNearestRoad(roads, 109.2, 27.729)!
    expect(r.name).toBe('锦江大道')
    expect(r.distanceMeters).toBeGreaterThan(100)
    expect(r.distanceMeters).toBeLessThan(120)
  })

  it('is null with no roads', () => {
    expect(findNearestRoad(null, 109.2, 27.72)).toBeNull()
  })
})
