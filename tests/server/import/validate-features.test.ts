// Pure feature validation: every kind of bad input is rejected with its index and a reason.
import { describe, expect, it } from 'vitest'
import { parseGeoJsonText, validateFeatures } from '../../../server/import/validate-features.js'

const facility = (props: Record<string, unknown> = {}, geometry: unknown = { type: 'Point', coordinates: [109.19, 27.72] }) => ({
  type: 'Feature',
  properties: { code: 'F-1', name: '驿站', type: 'courier_post', ...props },
  geometry,
})

describe('parseGeoJsonText', () => {
  it('reports malformed JSON', () => {
    expect(parseGeoJsonText('{"type": "FeatureCollection", ')).toMatchObject({ index: -1, reason: /malformed JSON/ })
  })
  it('reports a document that is not a FeatureCollection', () => {
    expect(parseGeoJsonText('{"type": "Feature"}')).toMatchObject({ index: -1, reason: /not a GeoJSON FeatureCollection/ })
  })
})

describe('validateFeatures', () => {
  it.each([
    ['a wrong geometry type', facility({}, { type: 'LineString', coordinates: [[109, 27], [109.1, 27.1]] }), /geometry type LineString/],
    ['longitude 200', facility({}, { type: 'Point', coordinates: [200, 27.72] }), /out of range/],
    ['latitude -91', facility({}, { type: 'Point', coordinates: [109, -91] }), /out of range/],
    ['a missing name', { ...facility(), properties: { code: 'F-1', type: 'courier_post' } }, /property name/],
    ['an unknown property type', facility({ services: 'water' }), /property services/],
    ['no geometry', facility({}, null), /geometry is missing/],
    ['a code with spaces', facility({ code: 'F 1' }), /property code/],
    ['a non-feature', { type: 'Point', coordinates: [1, 2] }, /not a GeoJSON Feature/],
    ['a Point with nested coordinates', facility({}, { type: 'Point', coordinates: [[109.19, 27.72]] }), /malformed.*Point nests positions 1 deep/],
    ['a position of four numbers', facility({}, { type: 'Point', coordinates: [109.19, 27.72, 0, 5] }), /malformed/],
    ['a position with a string', facility({}, { type: 'Point', coordinates: ['109.19', 27.72] }), /malformed/],
  ])('rejects %s', (_label, feature, reason) => {
    const { features, rejections } = validateFeatures('facilities', [feature])
    expect(features).toHaveLength(0)
    expect(rejections).toEqual([expect.objectContaining({ index: 0, reason: expect.stringMatching(reason) })])
  })

  it('rejects the second of two features with the same code, naming the first', () => {
    const { rejections } = validateFeatures('facilities', [facility(), facility()])
    expect(rejections).toEqual([{ index: 1, code: 'F-1', reason: 'duplicate code F-1 (first at feature 0)' }])
  })

  it('rejects an unclosed polygon ring', () => {
    const area = {
      type: 'Feature',
      properties: { code: 'A1', name: '网格', level: 'grid' },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] },
    }
    expect(validateFeatures('areas', [area]).rejections[0].reason).toMatch(/not closed/)
  })

  it('rejects a polygon whose rings are not nested as rings', () => {
    const area = {
      type: 'Feature',
      properties: { code: 'A1', name: '网格', level: 'grid' },
      geometry: { type: 'Polygon', coordinates: [[0, 0], [1, 0], [1, 1], [0, 0]] },
    }
    expect(validateFeatures('areas', [area]).rejections[0].reason).toMatch(/malformed.*Polygon nests positions 3 deep/)
  })

  it('drops heights from 3-D positions', () => {
    const area = {
      type: 'Feature',
      properties: { code: 'A1', name: '网格', level: 'grid' },
      geometry: { type: 'Polygon', coordinates: [[[0, 0, 12], [1, 0, 12], [1, 1, 13], [0, 0, 12]]] },
    }
    const { features, rejections } = validateFeatures('areas', [area])
    expect(rejections).toEqual([])
    expect(features[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })
    const point = validateFeatures('facilities', [facility({}, { type: 'Point', coordinates: [109.19, 27.72, 350] })], 'gcj02')
    expect(point.features[0].geometry.type).toBe('Point')
    expect((point.features[0].geometry as { coordinates: number[] }).coordinates).toHaveLength(2)
  })

  it.each([
    ['population above the integer column', { population: 2 ** 31 }, /property population: must be at most 2147483647/],
    ['a negative population', { population: -1 }, /property population/],
    ['a fractional population', { population: 2.5 }, /property population/],
    ['a missing population', {}, /property population/],
  ])('rejects a demand point with %s', (_label, props, reason) => {
    const point = {
      type: 'Feature',
      properties: { code: 'D-1', ...props },
      geometry: { type: 'Point', coordinates: [109.19, 27.72] },
    }
    const { features, rejections } = validateFeatures('demand', [point])
    expect(features).toHaveLength(0)
    expect(rejections[0].reason).toMatch(reason)
  })

  it('rejects a demand point drawn as a polygon', () => {
    const building = {
      type: 'Feature',
      properties: { code: 'D-1', population: 12 },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
    }
    expect(validateFeatures('demand', [building]).rejections[0].reason).toMatch(/geometry type Polygon is not allowed here \(expected Point\)/)
  })

  it('accepts a valid feature and applies defaults', () => {
    const { features, rejections } = validateFeatures('facilities', [facility()])
    expect(rejections).toEqual([])
    expect(features[0].properties).toMatchObject({ code: 'F-1', services: [], synthetic: false })
  })
})
