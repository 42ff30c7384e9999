// The 15-minute service circle of every service point (radius from the walking defaults:
// 15 min × 80 m/min ÷ 1.2 = 1,000 m), drawn faintly by type, switched on in the layer panel and
// following the legend's facility-type switches.
import type { FillLayerSpecification, GeoJSONSourceSpecification, LineLayerSpecification } from 'maplibre-gl'
import { circle } from '@turf/turf'
import { getServiceRadius } from '../../../core/analysis/get-service-radius'
import type { FacilityCollection, FacilityType } from '../../../core/wire/read-api'
import { describeLayer } from './common'
import { getFacilityFilter, UNKNOWN_TYPE_COLOR } from './facilities'

export const SERVICE_CIRCLES_SOURCE_ID = 'gp-service-circles'
export const SERVICE_CIRCLE_LAYER_IDS = { fill: 'gp-service-circle-fill', line: 'gp-service-circle-line' } as const
export const SERVICE_CIRCLE_MINUTES = 15

export function buildServiceCirclesSource(facilities: FacilityCollection): GeoJSONSourceSpecification {
  const radiusKm = getServiceRadius({ minutes: SERVICE_CIRCLE_MINUTES }) / 1000
  return {
    type: 'geojson',
    data: {
      type: 'FeatureCollection',
      features: facilities.features.map((f) => ({ ...circle(f.geometry.coordinates, radiusKm, { steps: 48, units: 'kilometers' }), id: f.id, properties: { type: f.properties.type } })),
    },
  }
}

export function buildServiceCircleLayers(types: FacilityType[], hiddenTypes: string[]): [FillLayerSpecification, LineLayerSpecification] {
  const color = types.length ? (['match', ['get', 'type'], ...types.flatMap((t) => [t.code, t.color]), UNKNOWN_TYPE_COLOR] as unknown as string) : UNKNOWN_TYPE_COLOR
  const meta = describeLayer({ 'gridpulse:toggle': 'circles', 'gridpulse:facility-types': true })
  const filter = getFacilityFilter(hiddenTypes)
  return [
    { id: SERVICE_CIRCLE_LAYER_IDS.fill, type: 'fill', source: SERVICE_CIRCLES_SOURCE_ID, filter, ...meta, paint: { 'fill-color': color, 'fill-opacity': 0.05 } },
    { id: SERVICE_CIRCLE_LAYER_IDS.line, type: 'line', source: SERVICE_CIRCLES_SOURCE_ID, filter, ...meta, paint: { 'line-color': color, 'line-width': 1, 'line-opacity': 0.45, 'line-dasharray': [3, 2] } },
  ]
}
