// Service points from GET /api/facilities: the type's pictogram on a neutral square sign, and the
// name once zoomed in. Never in a colour of their own: on the console the colours are the triage
// colours of issues, and a red 党群服务中心 beside a red issue read as one more red issue (issue 16).
// The sign is a symbol (layer gp-facility-icon, and gp-facility-icon-low below ICON_MIN_ZOOM, where
// the streets' and communities' names may cover the small signs rather than be pushed off the map
// by hundreds of them); beneath them gp-facility-circle is an invisible
// circle of the same size that clicks, the pointer and queries hit (symbols are hit only where
// drawn whole), kept under its old id for the popup, /plan and the console overlay.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { FacilityCollection, FacilityType } from '../../../core/wire/read-api'
import type { Language } from '../../i18n/messages'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom, describeLayer, getNameExpression, HALO_COLOR } from './common'

export const FACILITIES_SOURCE_ID = 'gp-facilities'

export const FACILITY_LAYER_IDS = {
  circle: 'gp-facility-circle',
  /** The signs at district zoom, where names may be drawn over them. */
  iconLow: 'gp-facility-icon-low',
  icon: 'gp-facility-icon',
  label: 'gp-facility-label',
} as const

export const FACILITY_ICON_PREFIX = 'gp-facility-'
export const UNKNOWN_TYPE_COLOR = '#6b7280'
/** CSS pixels of the sign images added to the map. */
export const FACILITY_ICON_SIZE = 24
/** From here on the signs are drawn at full strength (they step back at district zoom). */
export const ICON_MIN_ZOOM = 13
/** The sign's scale by zoom: 8 px at the district's zoom, 24 px in a street. */
const SIGN_SCALE = byZoom(10, 0.34, 12, 0.46, 14, 0.7, 17, 1)
/** Half the sign, for the invisible hit circle. */
const SIGN_RADIUS = byZoom(10, 4, 12, 5.5, 14, 8.5, 17, 12)
const INVISIBLE = 'rgba(0,0,0,0)'

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

/** Hides the types switched off in the legend. */
export function getFacilityFilter(hiddenTypes: string[]): ExpressionSpecification {
  return ['!', ['in', ['get', 'type'], ['literal', hiddenTypes]]]
}

// The types are drawn by their pictograms (addFacilityIcon), not by colour: `types` stays a parameter for the views that pass it.
export function buildFacilityLayers(_types: FacilityType[], language: Language, hiddenTypes: string[]): LayerSpecification[] {
  const meta = describeLayer({ 'gridpulse:toggle': 'facilities', 'gridpulse:facility-types': true })
  const filter = getFacilityFilter(hiddenTypes)
  return [
    {
      // Invisible: what clicks, the pointer and queries hit (see the header).
      id: FACILITY_LAYER_IDS.circle,
      type: 'circle',
      source: FACILITIES_SOURCE_ID,
      filter,
      ...meta,
      paint: {
        'circle-color': INVISIBLE,
        'circle-radius': SIGN_RADIUS,
        'circle-stroke-color': INVISIBLE,
        'circle-stroke-width': 0,
        'circle-pitch-alignment': 'map',
      },
    },
    {
      id: FACILITY_LAYER_IDS.iconLow,
      type: 'symbol',
      source: FACILITIES_SOURCE_ID,
      filter,
      maxzoom: ICON_MIN_ZOOM,
      ...meta,
      layout: {
        'icon-image': ['concat', FACILITY_ICON_PREFIX, ['get', 'type']],
        'icon-size': SIGN_SCALE,
        // Every service point is drawn, and the area names are placed as if they were not there.
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: { 'icon-opacity': 0.85 },
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
        'icon-size': SIGN_SCALE,
        // Every service point is drawn, and no label may cover one.
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

