// Live closures on the map (the console and /plan): the streets an open closure takes out of the
// walk, dashed red over a white casing, and the closure's place as a red ring — from the store's
// `closures` (the socket event), so they appear and go as the issues open and end.
import type { FeatureCollection, LineString, Point } from 'geojson'
import type * as maplibregl from 'maplibre-gl'
import type { ClosuresResponse } from '../../../core/wire/closures'

export const CLOSURES_SOURCE_ID = 'gp-closures'
export const CLOSURE_LAYER_IDS = {
  casing: 'gp-closures-casing',
  lines: 'gp-closures-lines',
  points: 'gp-closures-points',
} as const

/** The closures' red, shared with the card on the page. */
export const CLOSURE_COLOR = '#c62828'

export function buildClosuresSource(): maplibregl.GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
}

export function buildClosureLayers(): maplibregl.LayerSpecification[] {
  const src = { source: CLOSURES_SOURCE_ID }
  const lines: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'LineString']
  return [
    { id: CLOSURE_LAYER_IDS.casing, type: 'line', ...src, filter: lines, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 4, 17, 12], 'line-opacity': 0.9 } },
    { id: CLOSURE_LAYER_IDS.lines, type: 'line', ...src, filter: lines, paint: { 'line-color': CLOSURE_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 17, 7], 'line-dasharray': [1.2, 0.8] } },
    {
      id: CLOSURE_LAYER_IDS.points,
      type: 'circle',
      ...src,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 17, 11],
        'circle-color': '#ffffff',
        'circle-stroke-color': CLOSURE_COLOR,
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 17, 4],
      },
    },
  ]
}

/** The closed streets and the closures' places, as the source takes them. */
export function toClosureFeatures(figures: ClosuresResponse | null): FeatureCollection<LineString | Point, { id: string; subcategory: string }> {
  return {
    type: 'FeatureCollection',
    features: (figures?.closures ?? []).flatMap((c) => [
      ...c.lines.map((coordinates) => ({ type: 'Feature' as const, properties: { id: c.id, subcategory: c.subcategory }, geometry: { type: 'LineString' as const, coordinates } })),
      { type: 'Feature' as const, properties: { id: c.id, subcategory: c.subcategory }, geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] } },
    ]),
  }
}
