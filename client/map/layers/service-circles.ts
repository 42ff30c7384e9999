// The 15-minute service circle of every service point (radius from the walking defaults:
// 15 min × 80 m/min ÷ 1.2 = 1,000 m), drawn faintly by type, switched on in the layer panel and
// following the legend's facility-type switches. Below street zoom each type is drawn as the
// outline of its circles' union (a district centre with 250 stations is a mesh of rings
// otherwise); each station's own ring appears from street zoom.
import type { ExpressionSpecification, FillLayerSpecification, GeoJSONSourceSpecification, LineLayerSpecification } from 'maplibre-gl'
import type { Feature, Point } from 'geojson'
import { circle } from '@turf/turf'
import { getServiceRadius } from '../../../core/analysis/get-service-radius'
import { unionServiceCircles } from '../../../core/analysis/union-service-circles'
import type { FacilityCollection, FacilityType } from '../../../core/wire/read-api'
import { describeLayer } from './common'
import { getFacilityFilter, UNKNOWN_TYPE_COLOR } from './facilities'

export const SERVICE_CIRCLES_SOURCE_ID = 'gp-service-circles'
export const SERVICE_CIRCLE_LAYER_IDS = { fill: 'gp-service-circle-fill', line: 'gp-service-circle-line' } as const
export const SERVICE_CIRCLE_MINUTES = 15
/** From this zoom each station's own ring is drawn; below it, the outline of each type's union. */
export const SERVICE_RINGS_FROM_ZOOM = 14

export function buildServiceCirclesSource(facilities: FacilityCollection): GeoJSONSourceSpecification {
  const radiusMeters = getServiceRadius({ minutes: SERVICE_CIRCLE_MINUTES })
  const rings = facilities.features.map((f) => ({ ...circle(f.geometry.coordinates, radiusMeters / 1000, { steps: 48, units: 'kilometers' }), id: f.id, properties: { type: f.properties.type, union: false } }))
  // One union per type (the legend switches types on and off); computed once, when the layer is built.
  const byType = new Map<string, Feature<Point>[]>()
  for (const f of facilities.features) byType.set(f.properties.type, [...(byType.get(f.properties.type) ?? []), f])
  const unions = [...byType].flatMap(([type, features]) =>
    unionServiceCircles({ type: 'FeatureCollection', features }, { radiusMeters, circleVertices: 48 }).features.map((u) => ({ ...u, properties: { type, union: true } })),
  )
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [...rings, ...unions] } }
}

const isUnion: ExpressionSpecification = ['==', ['get', 'union'], true]

export function buildServiceCircleLayers(types: FacilityType[], hiddenTypes: string[]): [FillLayerSpecification, LineLayerSpecification] {
  const color = types.length ? (['match', ['get', 'type'], ...types.flatMap((t) => [t.code, t.color]), UNKNOWN_TYPE_COLOR] as unknown as string) : UNKNOWN_TYPE_COLOR
  const meta = describeLayer({ 'gridpulse:toggle': 'circles', 'gridpulse:facility-types': true })
  const filter = getFacilityFilter(hiddenTypes)
  // Unions below street zoom, rings from it: the other kind fades out over half a zoom level.
  const byKind = (union: number, ring: number): ExpressionSpecification => [
    'interpolate',
    ['linear'],
    ['zoom'],
    SERVICE_RINGS_FROM_ZOOM - 0.5,
    ['case', isUnion, union, 0],
    SERVICE_RINGS_FROM_ZOOM,
    ['case', isUnion, 0, ring],
  ]
  return [
    // The union's fill only: rings' fills stacked tint a dense centre dark. (By opacity, not by
    // filter: the type switches replace the filter.)
    { id: SERVICE_CIRCLE_LAYER_IDS.fill, type: 'fill', source: SERVICE_CIRCLES_SOURCE_ID, filter, ...meta, paint: { 'fill-color': color, 'fill-opacity': ['case', isUnion, 0.06, 0] } },
    { id: SERVICE_CIRCLE_LAYER_IDS.line, type: 'line', source: SERVICE_CIRCLES_SOURCE_ID, filter, ...meta, paint: { 'line-color': color, 'line-width': ['case', isUnion, 1.6, 1], 'line-opacity': byKind(0.7, 0.45), 'line-dasharray': [3, 2] } },
  ]
}
