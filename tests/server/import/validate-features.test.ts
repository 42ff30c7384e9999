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

  it('accepts a valid feature and applies defaults', () => {
    const { features, rejections } = validateFeatures('facilities', [facility()])
    expect(rejections).toEqual([])
    expect(features[0].properties).toMatchObject({ code: 'F-1', services: [], synthetic: false })
  })
})
