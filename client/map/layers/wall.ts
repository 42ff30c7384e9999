// The wall's layers, on a dark map read from across a room: hotspot hexagons (or grids, by
// feature state on the area tiles) coloured by their colour-weighted score, emerging ones
// outlined, the top ten numbered, everything outside the wall's area dimmed, the area drilled
// into outlined, its open issues as pins, and a ring on whatever the wall is showing.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson'
import { getHexRing, type Hotspot } from '../../../core/analysis/rank-hotspots'
import { TRIAGE_COLOUR_INFO } from '../../../core/domain/triage'
import type { IssueSummary } from '../../../core/wire/issues'
import type { Language } from '../../i18n/messages'
import { LABEL_TEXT_FONT } from '../style'
import { AREA_LABELS_SOURCE_ID } from './area-labels'
import { AREAS_SOURCE_ID, AREAS_SOURCE_LAYER } from './areas'
import { byZoom, getNameExpression } from './common'

export const WALL_SOURCE_IDS = {
  hexes: 'gp-wall-hexes',
  ranks: 'gp-wall-ranks',
  pins: 'gp-wall-pins',
  focus: 'gp-wall-focus',
} as const

export const WALL_LAYER_IDS = {
  scopeFill: 'gp-wall-scope-fill',
  mask: 'gp-wall-mask',
  gridHeat: 'gp-wall-grid-heat',
  hexFill: 'gp-wall-hex-fill',
  hexLine: 'gp-wall-hex-line',
  emerging: 'gp-wall-emerging',
  areaLine: 'gp-wall-area-line',
  focusArea: 'gp-wall-focus-area',
  pins: 'gp-wall-pins',
  focusRing: 'gp-wall-focus-ring',
  rankDisc: 'gp-wall-rank-disc',
  rankText: 'gp-wall-rank-text',
  streetLabel: 'gp-wall-street-label',
  communityLabel: 'gp-wall-community-label',
  gridLabel: 'gp-wall-grid-label',
} as const

export const WALL_COLORS = {
  background: '#0b1220',
  panel: '#111a2b',
  text: '#e6edf7',
  muted: '#9aabc2',
  accent: '#38bdf8',
  emerging: '#22d3ee',
  low: '#fde68a',
  mid: '#f97316',
  high: '#dc2626',
} as const

/** The hotspot colour ramp, by intensity (score / the top score). */
export const HOTSPOT_RAMP: [number, string][] = [
  [0, WALL_COLORS.low],
  [0.5, WALL_COLORS.mid],
  [1, WALL_COLORS.high],
]

/** Dark-theme paint of the shared base layers (river, roads, boundaries), by layer id. */
export const WALL_BASE_PAINT: Record<string, Record<string, unknown>> = {
  'gp-river-fill': { 'fill-color': '#123049', 'fill-outline-color': '#1d4566' },
  'gp-road-casing': { 'line-color': '#1a2435' },
  'gp-road': { 'line-color': '#26344a' },
  'gp-grid-line': { 'line-color': '#33445b' },
  'gp-exclusive-line': { 'line-color': '#a8741f' },
  'gp-exclusive-fill': { 'fill-color': '#a8741f', 'fill-opacity': 0.12 },
  'gp-community-line': { 'line-color': '#55698a' },
  'gp-street-casing': { 'line-color': WALL_COLORS.background, 'line-opacity': 0.8 },
  'gp-street-line': { 'line-color': '#8da2bf' },
  'gp-district-line': { 'line-color': '#c8d4e6' },
}

const emptyCollection = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] })
const geojson = (): GeoJSONSourceSpecification => ({ type: 'geojson', data: emptyCollection() })
export const buildWallSources = (): Record<string, GeoJSONSourceSpecification> => ({
  [WALL_SOURCE_IDS.hexes]: geojson(),
  [WALL_SOURCE_IDS.ranks]: geojson(),
  [WALL_SOURCE_IDS.pins]: geojson(),
  [WALL_SOURCE_IDS.focus]: geojson(),
})

const ramp = (input: ExpressionSpecification): ExpressionSpecification =>
  ['interpolate', ['linear'], input, ...HOTSPOT_RAMP.flat()] as unknown as ExpressionSpecification
const triage: ExpressionSpecification = [
  'match',
  ['get', 'colour'],
  'red',
  TRIAGE_COLOUR_INFO.red.hex,
  'orange',
  TRIAGE_COLOUR_INFO.orange.hex,
  'yellow',
  TRIAGE_COLOUR_INFO.yellow.hex,
  TRIAGE_COLOUR_INFO.blue.hex,
]
const isRed: ExpressionSpecification = ['==', ['get', 'colour'], 'red']
const areas = { source: AREAS_SOURCE_ID, 'source-layer': AREAS_SOURCE_LAYER }
const intensityState: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'intensity'], -1]]

/** The filters of the scope layers: the wall's area lit, the rest of its level dimmed; nothing for a district wall. */
export function getScopeFilters(scope: { code: string; level: string } | null): { fill: ExpressionSpecification; mask: ExpressionSpecification } {
  const none: ExpressionSpecification = ['==', ['get', 'code'], '']
  if (!scope || scope.level === 'district') return { fill: none, mask: none }
  return {
    fill: ['==', ['get', 'code'], scope.code],
    mask: ['all', ['==', ['get', 'level'], scope.level], ['!=', ['get', 'code'], scope.code]],
  }
}

/** The wall's own layers above the base ones, bottom to top (the labels are added last). */
export function buildWallLayers(): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: WALL_LAYER_IDS.gridHeat,
      type: 'fill',
      ...areas,
      filter: ['==', ['get', 'level'], 'grid'],
      paint: {
        'fill-color': ramp(['max', 0, intensityState]),
        'fill-opacity': ['case', ['<', intensityState, 0], 0, ['+', 0.3, ['*', 0.45, intensityState]]],
      },
    },
    {
      id: WALL_LAYER_IDS.hexFill,
      type: 'fill',
      source: WALL_SOURCE_IDS.hexes,
      paint: { 'fill-color': ramp(['get', 'intensity']), 'fill-opacity': ['+', 0.3, ['*', 0.45, ['get', 'intensity']]] },
    },
    {
      id: WALL_LAYER_IDS.hexLine,
      type: 'line',
      source: WALL_SOURCE_IDS.hexes,
      paint: { 'line-color': ramp(['get', 'intensity']), 'line-width': 1.2, 'line-opacity': 0.9 },
    },
    {
      id: WALL_LAYER_IDS.emerging,
      type: 'line',
      source: WALL_SOURCE_IDS.hexes,
      filter: ['==', ['get', 'emerging'], 1],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': WALL_COLORS.emerging, 'line-width': 3, 'line-dasharray': [2, 1] },
    },
  ]
  // The wall's own area lit, everything else of its level dimmed (filters set by getScopeFilters).
  const none: ExpressionSpecification = ['==', ['get', 'code'], '']
  layers.unshift(
    { id: WALL_LAYER_IDS.scopeFill, type: 'fill', ...areas, filter: none, paint: { 'fill-color': '#16253f', 'fill-opacity': 0.85 } },
    { id: WALL_LAYER_IDS.mask, type: 'fill', ...areas, filter: none, paint: { 'fill-color': '#05080f', 'fill-opacity': 0.72 } },
  )
  layers.push(
    {
      id: WALL_LAYER_IDS.areaLine,
      type: 'line',
      ...areas,
      filter: ['==', ['get', 'code'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': WALL_COLORS.accent, 'line-width': byZoom(10, 3, 15, 5), 'line-opacity': 0.95 },
    },
    {
      id: WALL_LAYER_IDS.focusArea,
      type: 'line',
      source: WALL_SOURCE_IDS.focus,
      filter: ['==', ['geometry-type'], 'Polygon'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 4 },
    },
    {
      id: WALL_LAYER_IDS.pins,
      type: 'circle',
      source: WALL_SOURCE_IDS.pins,
      // The worst on top: red over orange over yellow over blue, whatever order the diffs added them in.
      layout: { 'circle-sort-key': ['match', ['get', 'colour'], 'red', 3, 'orange', 2, 'yellow', 1, 0] },
      paint: {
        'circle-color': triage,
        // Red pins a third larger, at every zoom.
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, ['case', isRed, 5.4, 4], 14, ['case', isRed, 9.5, 7], 17, ['case', isRed, 15, 11]],
        'circle-stroke-color': ['case', ['==', ['get', 'overdue'], 1], '#fca5a5', WALL_COLORS.background],
        'circle-stroke-width': ['case', ['==', ['get', 'overdue'], 1], 2.5, 1.5],
      },
    },
    {
      id: WALL_LAYER_IDS.focusRing,
      type: 'circle',
      source: WALL_SOURCE_IDS.focus,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': 'rgba(255,255,255,0.12)',
        'circle-radius': 40,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 6,
      },
    },
    {
      id: WALL_LAYER_IDS.rankDisc,
      type: 'circle',
      source: WALL_SOURCE_IDS.ranks,
      paint: {
        'circle-color': ['case', ['==', ['get', 'emerging'], 1], WALL_COLORS.emerging, '#f8fafc'],
        'circle-radius': ['case', ['<=', ['get', 'rank'], 3], 20, 17],
        'circle-stroke-color': WALL_COLORS.background,
        'circle-stroke-width': 2,
      },
    },
    {
      id: WALL_LAYER_IDS.rankText,
      type: 'symbol',
      source: WALL_SOURCE_IDS.ranks,
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': LABEL_TEXT_FONT,
        'text-size': ['case', ['<=', ['get', 'rank'], 3], 24, 21],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': WALL_COLORS.background },
    },
  )
  return layers
}

/** Area names, larger than on the console: the wall is read from five metres (20 stage px at least, scaled with the stage). */
export function buildWallLabelLayers(language: Language): LayerSpecification[] {
  const halo = { 'text-halo-color': 'rgba(5,8,15,0.92)', 'text-halo-width': 2 }
  const label = (id: string, level: string, minzoom: number, size: ExpressionSpecification, color: string): LayerSpecification => ({
    id,
    type: 'symbol',
    source: AREA_LABELS_SOURCE_ID,
    filter: ['==', ['get', 'level'], level],
    minzoom,
    metadata: { 'gridpulse:name-label': true },
    layout: { 'text-field': getNameExpression(language), 'text-font': LABEL_TEXT_FONT, 'text-size': size, 'text-max-width': 8, 'text-padding': 4 },
    paint: { 'text-color': color, ...halo },
  })
  return [
    label(WALL_LAYER_IDS.gridLabel, 'grid', 15, byZoom(15, 20, 17, 23), '#a5b4c8'),
    label(WALL_LAYER_IDS.communityLabel, 'community', 12.5, byZoom(12.5, 21, 16, 26), '#cbd5e1'),
    label(WALL_LAYER_IDS.streetLabel, 'street', 0, byZoom(10, 24, 13, 28, 16, 32), '#f1f5f9'),
  ]
}

export interface HexProps {
  key: string
  rank: number
  intensity: number
  emerging: number
  score: number
  count: number
}

/** The hexagons of a ranking, as polygons with their intensity against the top score. */
export function toHexFeatures(hotspots: Hotspot[]): FeatureCollection<Polygon, HexProps> {
  const top = hotspots[0]?.score || 1
  return {
    type: 'FeatureCollection',
    features: hotspots.map((h, i) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [getHexRing(h.key)] },
      properties: { key: h.key, rank: i + 1, intensity: h.score / top, emerging: h.emerging ? 1 : 0, score: h.score, count: h.count },
    })),
  }
}

/** Numbered discs on the top ten. */
export function toRankFeatures(hotspots: Hotspot[], top = 10): FeatureCollection<Point, { key: string; rank: number; emerging: number }> {
  return {
    type: 'FeatureCollection',
    features: hotspots.slice(0, top).map((h, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: h.center },
      properties: { key: h.key, rank: i + 1, emerging: h.emerging ? 1 : 0 },
    })),
  }
}

export function toWallPin(issue: IssueSummary, overdue: boolean): Feature<Point, { issueId: string; colour: string; overdue: number }> {
  // The id: the pins are sent as diffs (client/map/diffed-source.ts).
  return { type: 'Feature', id: issue.id, geometry: { type: 'Point', coordinates: [issue.lon, issue.lat] }, properties: { issueId: issue.id, colour: issue.colour, overdue: overdue ? 1 : 0 } }
}
