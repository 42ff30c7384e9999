// Another basemap under GridPulse's layers: the new base style with every GridPulse source and
// layer carried over on top (GeoJSON data included, so nothing is fetched again); and a basemap
// that fails falls back to the offline style with our layers as they were.
import type * as maplibregl from 'maplibre-gl'
import type { Basemap } from '../../core/wire/read-api'
import { useAppStore } from '../store'
import { AREA_LAYER_IDS, buildAreaFillLayers } from './layers/areas'
import { applyFacilityFilter, applyLanguage, applyVisibility } from './store-to-map'
import { BACKGROUND_LAYER_ID, createBaseStyle, OWN_ID_PREFIX, RASTER_SOURCE_PREFIX } from './style'

export function sameBasemap(a: Basemap, b: Basemap): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

interface OwnStyle {
  sources: Record<string, maplibregl.SourceSpecification>
  layers: maplibregl.LayerSpecification[]
}

/** GridPulse's sources and layers as last seen in a working style, per map. */
const ownStyles = new WeakMap<maplibregl.Map, OwnStyle>()

function rememberOwnStyle(map: maplibregl.Map): void {
  const style = map.getStyle()
  const layers = (style?.layers ?? []).filter((l) => l.id.startsWith(OWN_ID_PREFIX) && l.id !== BACKGROUND_LAYER_ID)
  if (!style || !layers.some((l) => l.id === AREA_LAYER_IDS.districtLine)) return
  const sources = Object.fromEntries(Object.entries(style.sources).filter(([id]) => id.startsWith(OWN_ID_PREFIX)))
  ownStyles.set(map, { sources, layers })
}

/**
 * Puts another basemap under our layers: the new base style, with every GridPulse source and
 * layer carried over on top of it (GeoJSON data included, so nothing is fetched again).
 */
export function switchBasemap(map: maplibregl.Map, basemap: Basemap): void {
  rememberOwnStyle(map)
  setBaseStyle(map, basemap)
}

function setBaseStyle(map: maplibregl.Map, basemap: Basemap): void {
  const own = ownStyles.get(map)
  const hasBasemap = basemap.kind !== 'none'
  const withOwn = (next: maplibregl.StyleSpecification): maplibregl.StyleSpecification => {
    if (!own) return next
    const nextIds = new Set(next.layers.map((l) => l.id))
    const layers = own.layers.filter((l) => !nextIds.has(l.id)).map((l) => adjustFillForBasemap(l, hasBasemap))
    return { ...next, sources: { ...next.sources, ...own.sources }, layers: [...next.layers, ...layers] }
  }
  const base = createBaseStyle(basemap)
  // An object is merged here; a URL once fetched. (MapLibre defers transformStyle until the
  // current style has loaded, which never happens when that style's URL failed.)
  if (typeof base === 'string') map.setStyle(base, { diff: false, transformStyle: (_previous, next) => withOwn(next) })
  else map.setStyle(withOwn(base), { diff: false })
  // Switches changed while a style was loading could not be applied to it: apply them now.
  map.once('style.load', () => {
    const { layers, language, hiddenFacilityTypes } = useAppStore.getState()
    if (!map.getLayer(AREA_LAYER_IDS.districtLine)) return
    applyVisibility(map, layers)
    applyLanguage(map, language)
    applyFacilityFilter(map, hiddenFacilityTypes)
  })
}

function adjustFillForBasemap(layer: maplibregl.LayerSpecification, hasBasemap: boolean): maplibregl.LayerSpecification {
  const fills = buildAreaFillLayers({ rasterBasemap: hasBasemap })
  const fresh = fills.find((f) => f.id === layer.id)
  if (!fresh || layer.type !== 'fill' || fresh.type !== 'fill') return layer
  return { ...layer, paint: { ...layer.paint, 'fill-opacity': fresh.paint?.['fill-opacity'] } }
}

export function handleMapError(map: maplibregl.Map, e: maplibregl.ErrorEvent & { sourceId?: string }): void {
  const message = e.error?.message ?? 'unknown error'
  const { basemap, basemapError, setBasemapError } = useAppStore.getState()
  const fromBasemap = e.sourceId?.startsWith(RASTER_SOURCE_PREFIX) || (basemap.kind === 'style' && !e.sourceId?.startsWith(OWN_ID_PREFIX))
  if (fromBasemap) {
    if (!basemapError) setBasemapError(message)
    // A style URL that can't be loaded leaves no map at all: fall back to the offline style,
    // with our layers as they were before the switch.
    if (basemap.kind === 'style' && !map.isStyleLoaded() && !map.getLayer(AREA_LAYER_IDS.districtLine)) {
      setBaseStyle(map, { kind: 'none' })
    }
    return
  }
  console.error('map error', e.sourceId ?? '', message)
}
