// The synthetic orientation layers from GET /api/basemap: the river and the main roads, drawn
// beneath everything so the operator can find their way without any online basemap.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { BasemapCollection } from '../../../core/wire/read-api'
import type { Language } from '../../i18n/messages'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom, describeLayer, getNameExpression, HALO_COLOR } from './common'

export const ORIENTATION_SOURCE_ID = 'gp-orientation'

export const ORIENTATION_LAYER_IDS = {
  river: 'gp-river-fill',
  roadCasing: 'gp-road-casing',
  road: 'gp-road',
  roadLabel: 'gp-road-label',
  riverLabel: 'gp-river-label',
} as const

export const RIVER_COLOR = '#b7d0e4'
export const ROAD_COLOR = '#ffffff'
export const ROAD_CASING_COLOR = '#c5ccd6'

export function buildOrientationSource(data: BasemapCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data }
}

const isRoad: ExpressionSpecification = ['==', ['get', 'kind'], 'road']
const isPrimary: ExpressionSpecification = ['==', ['get', 'road_class'], 'primary']

/** River and roads, to go beneath the area fills. */
export function buildOrientationLayers(): LayerSpecification[] {
  const toggle = describeLayer({ 'gridpulse:toggle': 'orientation' })
  return [
    {
      id: ORIENTATION_LAYER_IDS.river,
      type: 'fill',
      source: ORIENTATION_SOURCE_ID,
      filter: ['==', ['get', 'kind'], 'river'],
      ...toggle,
      paint: { 'fill-color': RIVER_COLOR, 'fill-outline-color': '#9dbdd6' },
    },
    {
      id: ORIENTATION_LAYER_IDS.roadCasing,
      type: 'line',
      source: ORIENTATION_SOURCE_ID,
      filter: isRoad,
      ...toggle,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ROAD_CASING_COLOR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, ['case', isPrimary, 2.2, 1.2], 16, ['case', isPrimary, 14, 9]],
      },
    },
    {
      id: ORIENTATION_LAYER_IDS.road,
      type: 'line',
      source: ORIENTATION_SOURCE_ID,
      filter: isRoad,
      ...toggle,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ROAD_COLOR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, ['case', isPrimary, 1.2, 0.5], 16, ['case', isPrimary, 11, 7]],
      },
    },
  ]
}

/** Road and river names: drawn above the boundaries but below area and facility labels. */
export function buildOrientationLabelLayers(language: Language): LayerSpecification[] {
  const meta = describeLayer({ 'gridpulse:toggle': 'orientation', 'gridpulse:name-label': true })
  return [
    {
      id: ORIENTATION_LAYER_IDS.roadLabel,
      type: 'symbol',
      source: ORIENTATION_SOURCE_ID,
      filter: isRoad,
      minzoom: 13,
      ...meta,
      layout: {
        'symbol-placement': 'line',
        'text-field': getNameExpression(language),
        'text-font': LABEL_TEXT_FONT,
        'text-size': byZoom(13, 11, 16, 13),
        'symbol-spacing': 400,
        'text-padding': 8,
      },
      paint: { 'text-color': '#6f7886', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.4 },
    },
    {
      id: ORIENTATION_LAYER_IDS.riverLabel,
      type: 'symbol',
      source: ORIENTATION_SOURCE_ID,
      filter: ['==', ['get', 'kind'], 'river'],
      minzoom: 12,
      ...meta,
      layout: {
        'text-field': getNameExpression(language),
        'text-font': LABEL_TEXT_FONT,
        'text-size': byZoom(12, 11, 16, 14),
        'text-letter-spacing': 0.2,
      },
      paint: { 'text-color': '#3f729b', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.2 },
    },
  ]
}
