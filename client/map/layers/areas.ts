// The grid hierarchy as polygons from the `areas` vector tiles: a fill per street, outlines
// by level (district > street > community > grid), and exclusive grids set apart in amber.
import type { ExpressionSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl'
import { getTileUrlTemplate } from '../../api/read-api'
import { byZoom, describeLayer } from './common'
import { MAP_PALETTE } from './palette'

export const AREAS_SOURCE_ID = 'gp-areas'
export const AREAS_SOURCE_LAYER = 'areas'

export const AREA_LAYER_IDS = {
  streetFill: 'gp-street-fill',
  exclusiveFill: 'gp-exclusive-fill',
  gridLine: 'gp-grid-line',
  exclusiveLine: 'gp-exclusive-line',
  communityLine: 'gp-community-line',
  streetCasing: 'gp-street-casing',
  streetLine: 'gp-street-line',
  districtLine: 'gp-district-line',
} as const

/** Colours of the area levels, shared with the legend. */
export const AREA_COLORS = {
  district: '#1f2d3f',
  street: '#3c4d63',
  community: '#6d7e94',
  grid: '#a3afbe',
  exclusive: '#c27a14',
  exclusiveFill: '#f3c46b',
} as const

/** Soft tints told apart by feature id, so neighbouring streets read as different areas. */
export const STREET_TINTS = ['#dfe8f3', '#e2efe5', '#f3eadb', '#e9e3f1', '#dcedee', '#f2e2e2', '#e3e9ef', '#e6e6ea']

const level = (l: string): ExpressionSpecification => ['==', ['get', 'level'], l]
const isExclusiveGrid: ExpressionSpecification = ['all', level('grid'), ['==', ['get', 'kind'], 'exclusive']]
const isComprehensiveGrid: ExpressionSpecification = ['all', level('grid'), ['!=', ['get', 'kind'], 'exclusive']]

export function buildAreasSource(bbox: [number, number, number, number] | null): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [getTileUrlTemplate('areas')],
    minzoom: 0,
    maxzoom: 16,
    // Tiles outside the district are empty: don't ask for them.
    ...(bbox ? { bounds: bbox } : {}),
  }
}

function getStreetTint(): ExpressionSpecification {
  const index: ExpressionSpecification = ['%', ['to-number', ['id'], 0], STREET_TINTS.length]
  const cases: (ExpressionSpecification | string | number)[] = []
  STREET_TINTS.forEach((c, i) => cases.push(i, c))
  return ['match', index, ...cases, STREET_TINTS[0]] as unknown as ExpressionSpecification
}

/** Street tints and exclusive grids: translucent, so the river and roads beneath show through. */
export function buildAreaFillLayers(options: { rasterBasemap: boolean }): LayerSpecification[] {
  const src = { source: AREAS_SOURCE_ID, 'source-layer': AREAS_SOURCE_LAYER }
  return [
    {
      id: AREA_LAYER_IDS.streetFill,
      type: 'fill',
      ...src,
      filter: level('street'),
      ...describeLayer({ 'gridpulse:toggle': 'streets' }),
      paint: { 'fill-color': getStreetTint(), 'fill-opacity': options.rasterBasemap ? 0.2 : 0.55 },
    },
    {
      id: AREA_LAYER_IDS.exclusiveFill,
      type: 'fill',
      ...src,
      filter: isExclusiveGrid,
      ...describeLayer({ 'gridpulse:toggle': 'exclusive' }),
      paint: { 'fill-color': AREA_COLORS.exclusiveFill, 'fill-opacity': 0.38 },
    },
  ]
}

/** Boundaries, finest first so the coarser ones draw on top of them. */
export function buildAreaLineLayers(): LayerSpecification[] {
  const src = { source: AREAS_SOURCE_ID, 'source-layer': AREAS_SOURCE_LAYER }
  const round = { 'line-join': 'round', 'line-cap': 'round' } as const
  return [
    {
      id: AREA_LAYER_IDS.gridLine,
      type: 'line',
      ...src,
      filter: isComprehensiveGrid,
      minzoom: 11,
      ...describeLayer({ 'gridpulse:toggle': 'grids' }),
      layout: round,
      paint: {
        'line-color': AREA_COLORS.grid,
        'line-width': byZoom(11, 0.4, 14, 0.8, 17, 1.4),
        'line-opacity': byZoom(11, 0.45, 13, 0.9),
      },
    },
    {
      id: AREA_LAYER_IDS.exclusiveLine,
      type: 'line',
      ...src,
      filter: isExclusiveGrid,
      ...describeLayer({ 'gridpulse:toggle': 'exclusive' }),
      layout: round,
      paint: {
        'line-color': AREA_COLORS.exclusive,
        'line-width': byZoom(10, 1, 14, 1.8, 17, 2.6),
        'line-dasharray': [2, 1.2],
      },
    },
    {
      id: AREA_LAYER_IDS.communityLine,
      type: 'line',
      ...src,
      filter: level('community'),
      ...describeLayer({ 'gridpulse:toggle': 'communities' }),
      layout: round,
      paint: {
        'line-color': AREA_COLORS.community,
        'line-width': byZoom(10, 0.7, 14, 1.4, 17, 2.2),
        'line-opacity': 0.9,
      },
    },
    {
      id: AREA_LAYER_IDS.streetCasing,
      type: 'line',
      ...src,
      filter: level('street'),
      ...describeLayer({ 'gridpulse:toggle': 'streets' }),
      layout: round,
      paint: { 'line-color': '#ffffff', 'line-width': byZoom(10, 3.5, 14, 6, 17, 8), 'line-opacity': 0.7 },
    },
    {
      id: AREA_LAYER_IDS.streetLine,
      type: 'line',
      ...src,
      filter: level('street'),
      ...describeLayer({ 'gridpulse:toggle': 'streets' }),
      layout: round,
      paint: { 'line-color': AREA_COLORS.street, 'line-width': byZoom(10, 1.4, 14, 2.4, 17, 3.2) },
    },
    {
      id: AREA_LAYER_IDS.districtLine,
      type: 'line',
      ...src,
      filter: level('district'),
      layout: round,
      paint: { 'line-color': AREA_COLORS.district, 'line-width': byZoom(10, 2.4, 14, 3.6, 17, 4.5) },
    },
  ]
}

/** The console's drill-down: an invisible fill to pick an area by clicking inside it, and the outline of the one picked. */
export const AREA_PICK_LAYER_IDS = { hit: 'gp-area-hit', selected: 'gp-area-selected' } as const

export function buildAreaPickLayers(): LayerSpecification[] {
  const base = { source: AREAS_SOURCE_ID, 'source-layer': AREAS_SOURCE_LAYER }
  return [
    { ...base, id: AREA_PICK_LAYER_IDS.hit, type: 'fill', filter: level('street'), paint: { 'fill-color': '#000', 'fill-opacity': 0 } },
    {
      ...base,
      id: AREA_PICK_LAYER_IDS.selected,
      type: 'line',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': MAP_PALETTE.selection, 'line-width': 3.5, 'line-opacity': 0.9 },
    },
  ]
}
