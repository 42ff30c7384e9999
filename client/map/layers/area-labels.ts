// Names of streets, communities and grids at their label points (GET /api/areas?geometry=label),
// each level from the zoom where it becomes readable, in the UI language.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { Point } from 'geojson'
import type { AreaCollection } from '../../../core/wire/read-api'
import type { Language } from '../../i18n/messages'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom, describeLayer, getNameExpression, HALO_COLOR } from './common'

export const AREA_LABELS_SOURCE_ID = 'gp-area-labels'

export const AREA_LABEL_LAYER_IDS = {
  grid: 'gp-grid-label',
  exclusive: 'gp-exclusive-label',
  community: 'gp-community-label',
  street: 'gp-street-label',
} as const

/** Zoom from which each level's names show. */
export const LABEL_MIN_ZOOM = { street: 0, community: 12, exclusive: 13, grid: 14 } as const

export function buildAreaLabelsSource(data: AreaCollection<Point>): GeoJSONSourceSpecification {
  return { type: 'geojson', data }
}

const level = (l: string): ExpressionSpecification => ['==', ['get', 'level'], l]

/** Label layers, finest first: MapLibre places the top layer's labels first, so streets win. */
export function buildAreaLabelLayers(language: Language): LayerSpecification[] {
  const base = { type: 'symbol' as const, source: AREA_LABELS_SOURCE_ID }
  const text = (size: ExpressionSpecification) => ({
    'text-field': getNameExpression(language),
    'text-font': LABEL_TEXT_FONT,
    'text-size': size,
    'text-max-width': 7,
    'text-padding': 3,
  })
  const meta = describeLayer({ 'gridpulse:toggle': 'labels', 'gridpulse:name-label': true })
  return [
    {
      ...base,
      id: AREA_LABEL_LAYER_IDS.grid,
      filter: ['all', level('grid'), ['!=', ['get', 'kind'], 'exclusive']],
      minzoom: LABEL_MIN_ZOOM.grid,
      ...meta,
      layout: text(byZoom(14, 10.5, 17, 13)),
      paint: { 'text-color': '#5b687a', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.2 },
    },
    {
      ...base,
      id: AREA_LABEL_LAYER_IDS.exclusive,
      filter: ['all', level('grid'), ['==', ['get', 'kind'], 'exclusive']],
      minzoom: LABEL_MIN_ZOOM.exclusive,
      ...meta,
      layout: text(byZoom(13, 11, 17, 13.5)),
      paint: { 'text-color': '#85500a', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.4 },
    },
    {
      ...base,
      id: AREA_LABEL_LAYER_IDS.community,
      filter: level('community'),
      minzoom: LABEL_MIN_ZOOM.community,
      ...meta,
      layout: text(byZoom(12, 12, 16, 15)),
      paint: { 'text-color': '#38475b', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.6 },
    },
    {
      ...base,
      id: AREA_LABEL_LAYER_IDS.street,
      filter: level('street'),
      ...meta,
      layout: { ...text(byZoom(9, 13, 12, 16, 15, 19)), 'text-letter-spacing': 0.08, 'text-allow-overlap': false },
      paint: {
        'text-color': '#1a2738',
        'text-halo-color': HALO_COLOR,
        'text-halo-width': 2,
        // Street names step back once the community names take over.
        'text-opacity': byZoom(13, 1, 15, 0.55),
      },
    },
  ]
}
