// The report form's picked place: one red point with a white ring, where the worker tapped or
// where the GPS put them (a GeoJSON layer, not a DOM marker).
import type { CircleLayerSpecification, GeoJSONSourceSpecification } from 'maplibre-gl'

export const PICKED_POINT_SOURCE_ID = 'gp-report-point'
export const PICKED_POINT_COLOR = '#d92d20'

export function buildPickedPointSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
}

export function buildPickedPointLayer(): CircleLayerSpecification {
  return {
    id: 'gp-report-point',
    type: 'circle',
    source: PICKED_POINT_SOURCE_ID,
    paint: { 'circle-radius': 9, 'circle-color': PICKED_POINT_COLOR, 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
  }
}
