// Service points from GET /api/facilities: a circle in the type's colour with the type's
// pictogram on it, and the name once zoomed in. Colours and symbols come from the taxonomy.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { FacilityCollection, FacilityType } from '../../../core/wire/read-api'
import type { Language } from '../../i18n/messages'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom, describeLayer, getNameExpression, HALO_COLOR } from './common'

export const FACILITIES_SOURCE_ID = 'gp-facilities'

export const FACILITY_LAYER_IDS = {
  circle: 'gp-facility-circle',
  icon: 'gp-facility-icon',
  label: 'gp-facility-label',
} as const

export const FACILITY_ICON_PREFIX = 'gp-facility-'
export const UNKNOWN_TYPE_COLOR = '#6b7280'
/** CSS pixels of the pictogram images added to the map. */
export const FACILITY_ICON_SIZE = 24
export const ICON_MIN_ZOOM = 13

export function buildFacilitiesSource(data: FacilityCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data }
}

export function getFacilityIconId(typeCode: string): string {
  return `${FACILITY_ICON_PREFIX}${typeCode}`
}

/** The type code behind an image id MapLibre asks for, or null if the id isn't ours. */
export function parseFacilityIconId(imageId: string): string | null {
  return imageId.startsWith(FACILITY_ICON_PREFIX) ? imageId.slice(FACILITY_ICON_PREFIX.length) : null
}

function getTypeColor(types: FacilityType[]): ExpressionSpecification | string {
  if (types.length === 0) return UNKNOWN_TYPE_COLOR
  const cases = types.flatMap((t) => [t.code, t.color])
  return ['match', ['get', 'type'], ...cases, UNKNOWN_TYPE_COLOR] as unknown as ExpressionSpecification
}

/** Hides the types switched off in the legend. */
export function getFacilityFilter(hiddenTypes: string[]): ExpressionSpecification {
  return ['!', ['in', ['get', 'type'], ['literal', hiddenTypes]]]
}

export function buildFacilityLayers(types: FacilityType[], language: Language, hiddenTypes: string[]): LayerSpecification[] {
  const meta = describeLayer({ 'gridpulse:toggle': 'facilities', 'gridpulse:facility-types': true })
  const filter = getFacilityFilter(hiddenTypes)
  const radius = byZoom(10, 2.8, 12, 4.2, ICON_MIN_ZOOM, 7.5, 14, 10, 17, 13)
  return [
    {
      id: FACILITY_LAYER_IDS.circle,
      type: 'circle',
      source: FACILITIES_SOURCE_ID,
      filter,
      ...meta,
      paint: {
        'circle-color': getTypeColor(types),
        'circle-radius': radius,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': byZoom(10, 0.8, 12, 1, 14, 1.8),
        'circle-pitch-alignment': 'map',
      },
    },
    {
      id: FACILITY_LAYER_IDS.icon,
      type: 'symbol',
      source: FACILITIES_SOURCE_ID,
      filter,
      minzoom: ICON_MIN_ZOOM,
      ...meta,
      layout: {
        'icon-image': ['concat', FACILITY_ICON_PREFIX, ['get', 'type']],
        // The pictogram fills ~75% of its circle's diameter at every zoom.
        'icon-size': byZoom(ICON_MIN_ZOOM, 0.5, 14, 0.66, 17, 0.86),
        // Always drawn, and no label may cover one.
        'icon-allow-overlap': true,
        'icon-ignore-placement': false,
      },
    },
    {
      id: FACILITY_LAYER_IDS.label,
      type: 'symbol',
      source: FACILITIES_SOURCE_ID,
      filter,
      minzoom: 14.5,
      ...describeLayer({ 'gridpulse:toggle': 'facilities', 'gridpulse:facility-types': true, 'gridpulse:name-label': true }),
      layout: {
        'text-field': getNameExpression(language),
        'text-font': LABEL_TEXT_FONT,
        'text-size': byZoom(14.5, 11, 17, 13),
        'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
        'text-radial-offset': 1.25,
        'text-justify': 'auto',
        'text-max-width': 12,
        'text-optional': true,
      },
      paint: { 'text-color': '#253246', 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.5 },
    },
  ]
}

/** On the console, service points step back (smaller, paler), so an issue pin is never mistaken for one. */
export const FACILITY_CIRCLE_BEHIND_ISSUES = {
  'circle-radius': byZoom(10, 1.8, 12, 2.6, 13, 6.5, 15, 9, 17, 12),
  'circle-opacity': byZoom(11, 0.45, 13, 0.85),
  'circle-stroke-width': byZoom(10, 0, 13, 1.2),
} as const
