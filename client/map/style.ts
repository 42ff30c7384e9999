// The base style: a plain background and, only if the operator opted in, one raster basemap.
// It has no `glyphs`, `sprite` or remote source by default, so MapLibre draws text itself
// (TinySDF, from the bundled Noto Sans SC) and the page talks to no host but ours.
import type { LayerSpecification, RasterSourceSpecification, StyleSpecification } from 'maplibre-gl'
import type { Basemap } from '../../core/wire/read-api'

export const BACKGROUND_COLOR = '#e9edf1'
export const BACKGROUND_LAYER_ID = 'gp-background'
/** Id prefix of everything GridPulse adds, so a basemap swap can carry it over. */
export const OWN_ID_PREFIX = 'gp-'
export const RASTER_SOURCE_PREFIX = 'basemap-raster'

/** The CSS family every map label is drawn with; bundled by Vite from @fontsource/noto-sans-sc. */
export const LABEL_FONT_FAMILY = 'Noto Sans SC'
/** Used as a CSS font-family list by MapLibre when the style has no glyphs. */
export const LABEL_TEXT_FONT = [LABEL_FONT_FAMILY]
export const LOCAL_IDEOGRAPH_FONT_FAMILY = `'${LABEL_FONT_FAMILY}', sans-serif`

/** How every GridPulse map moves: flat and north-up (no rotation or pitch), within the city's zooms. */
export const MAP_MOTION_OPTIONS = {
  attributionControl: false,
  dragRotate: false,
  pitchWithRotate: false,
  touchPitch: false,
  maxPitch: 0,
  minZoom: 7,
  maxZoom: 18,
} as const

/** Where a map starts when the server has no extent (no data yet): the demo city's centre. */
export const FALLBACK_VIEW = { center: [109.19, 27.72] as [number, number], zoom: 11 }

const TIANDITU_SUBDOMAINS = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7']

/** WMTS GetTile URLs of one Tianditu Web-Mercator layer ('vec' roads and areas, 'cva' annotations). */
export function getTiandituTileUrls(layer: 'vec' | 'cva', key: string): string[] {
  return TIANDITU_SUBDOMAINS.map(
    (sub) =>
      `https://${sub}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
      `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}` +
      `&tk=${encodeURIComponent(key)}`,
  )
}

/** Raster sources of a basemap, bottom first; empty for 'none' and 'style'. */
export function getRasterSources(basemap: Basemap): Record<string, RasterSourceSpecification> {
  switch (basemap.kind) {
    case 'osm':
      return {
        [`${RASTER_SOURCE_PREFIX}-osm`]: {
          type: 'raster',
          tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
          tileSize: 256,
          maxzoom: 19,
          attribution: '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors',
        },
      }
    case 'tianditu':
      return {
        [`${RASTER_SOURCE_PREFIX}-tianditu-vec`]: {
          type: 'raster',
          tiles: getTiandituTileUrls('vec', basemap.key),
          tileSize: 256,
          maxzoom: 18,
          attribution: '© 天地图 Tianditu',
        },
        [`${RASTER_SOURCE_PREFIX}-tianditu-cva`]: {
          type: 'raster',
          tiles: getTiandituTileUrls('cva', basemap.key),
          tileSize: 256,
          maxzoom: 18,
        },
      }
    default:
      return {}
  }
}

export function isRasterBasemap(basemap: Basemap): boolean {
  return basemap.kind === 'osm' || basemap.kind === 'tianditu'
}

/**
 * The style the map starts from. For a 'style' basemap it is the URL itself (our layers are
 * added on top once it has loaded); otherwise an object with no external reference at all
 * unless a raster basemap was chosen.
 */
export function createBaseStyle(basemap: Basemap): StyleSpecification | string {
  if (basemap.kind === 'style') return basemap.url
  const sources = getRasterSources(basemap)
  const layers: LayerSpecification[] = [
    { id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
    ...Object.keys(sources).map(
      (id): LayerSpecification => ({
        id,
        type: 'raster',
        source: id,
        metadata: { 'gridpulse:toggle': 'basemap' },
        paint: { 'raster-opacity': 1, 'raster-saturation': -0.35 },
      }),
    ),
  ]
  return { version: 8, name: 'GridPulse offline', sources, layers }
}
