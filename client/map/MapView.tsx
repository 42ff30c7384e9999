// The map: creates the MapLibre map (kept in a ref, never in the store), loads the static
// layers' data and is the only place that adds sources and layers. Store changes (switches,
// language, basemap) are applied to the live map here.
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useRef, useState } from 'react'
import type { Point } from 'geojson'
import { fetchAreas, fetchBasemap, fetchFacilities } from '../api/read-api'
import type { AreaCollection, Basemap, BasemapCollection, FacilityCollection, FacilityProps, FacilityType } from '../../core/wire/read-api'
import type { ClientConfig } from '../config'
import { getLocalName, translate } from '../i18n'
import type { Language } from '../i18n/messages'
import { useAppStore } from '../store'
import type { Dataset, DataSummary } from '../store/data-slice'
import type { LayerKey } from '../store/layers-slice'
import { AREA_LABELS_SOURCE_ID, buildAreaLabelLayers, buildAreaLabelsSource } from './layers/area-labels'
import { AREA_LAYER_IDS, AREAS_SOURCE_ID, buildAreaFillLayers, buildAreaLineLayers, buildAreasSource } from './layers/areas'
import {
  buildOrientationLabelLayers,
  buildOrientationLayers,
  buildOrientationSource,
  ORIENTATION_SOURCE_ID,
} from './layers/basemap'
import { getNameExpression, type GridPulseLayerMetadata } from './layers/common'
import { buildDemandLayers, buildDemandSource, DEMAND_SOURCE_ID } from './layers/demand'
import { buildServiceCircleLayers, buildServiceCirclesSource, SERVICE_CIRCLES_SOURCE_ID } from './layers/service-circles'
import { drawFacilityIcon } from './layers/facility-icons'
import {
  buildFacilitiesSource,
  buildFacilityLayers,
  FACILITIES_SOURCE_ID,
  FACILITY_ICON_SIZE,
  FACILITY_LAYER_IDS,
  getFacilityFilter,
  getFacilityIconId,
  parseFacilityIconId,
} from './layers/facilities'
import { getFitPadding } from './fit-padding'
import { attachMapHandlers, getPointerRows } from './map-handlers'
import { loadLabelFont } from './label-font'
import { exposeMap, markReadyWhenLoaded, releaseMap } from './page-map'
import { useConsoleLayers } from './use-console-layers'
import { usePlanLayers, type PlanMapData } from './use-plan-layers'
import { BACKGROUND_LAYER_ID, createBaseStyle, FALLBACK_VIEW, LOCAL_IDEOGRAPH_FONT_FAMILY, MAP_MOTION_OPTIONS, OWN_ID_PREFIX, RASTER_SOURCE_PREFIX } from './style'

// Bundled by Vite and served by our own server, like every other asset.
maplibregl.setWorkerUrl(workerUrl)

const emptyCollection = <T,>(): T => ({ type: 'FeatureCollection', features: [] }) as T

export interface MapViewProps {
  config: ClientConfig
  /** On /plan: the analysis inputs, for the coverage layers drawn over the base map. */
  plan?: PlanMapData
  /** On the console: the live issue pins and the drill-down. */
  live?: boolean
}

export function MapView({ config, plan, live = false }: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const [layersAdded, setLayersAdded] = useState(false)
  const language = useAppStore((s) => s.language)
  const layers = useAppStore((s) => s.layers)
  const hiddenTypes = useAppStore((s) => s.hiddenFacilityTypes)
  const basemap = useAppStore((s) => s.basemap)
  const appliedBasemap = useRef<Basemap>(basemap)

  // Create the map once; everything later is applied to it.
  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const store = useAppStore.getState()
    const abort = new AbortController()
    let cancelled = false
    const planMode = plan !== undefined

    const map = new maplibregl.Map({
      container,
      style: createBaseStyle(store.basemap),
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
      ...(config.bbox
        ? { bounds: config.bbox, fitBoundsOptions: { padding: getFitPadding(container, planMode, live ? 'console' : 'shell') } }
        : FALLBACK_VIEW),
      ...MAP_MOTION_OPTIONS,
    })
    map.touchZoomRotate.disableRotation()
    mapRef.current = map
    exposeMap(map)
    appliedBasemap.current = store.basemap

    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    map.addControl(new FitDistrictControl(() => config.bbox, () => getFitPadding(container, planMode, live ? 'console' : 'shell')), 'bottom-right')
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left')

    // Images are per style: supply the facility pictograms whenever MapLibre asks for one.
    map.on('styleimagemissing', (e) => {
      const typeCode = parseFacilityIconId(e.id)
      if (typeCode === null || map.hasImage(e.id)) return
      const type = useAppStore.getState().facilityTypes.find((t) => t.code === typeCode)
      addFacilityIcon(map, e.id, type)
    })
    map.on('error', (e) => handleMapError(map, e))
    attachFacilityPopup(map)

    const setStatus = (d: Dataset, s: Parameters<typeof store.setDataStatus>[1]) => {
      if (!cancelled) useAppStore.getState().setDataStatus(d, s)
    }
    const load = <T,>(dataset: Dataset, fetcher: () => Promise<T>): Promise<T | null> => {
      setStatus(dataset, { state: 'loading' })
      return fetcher().then(
        (value) => {
          setStatus(dataset, { state: 'ready' })
          return value
        },
        (err: Error) => {
          if (err.name !== 'AbortError') setStatus(dataset, { state: 'error', message: err.message })
          return null
        },
      )
    }
    const labelsP = load('areaLabels', () => fetchAreas({ geometry: 'label' }, abort.signal))
    const facilitiesP = load('facilities', () => fetchFacilities({}, abort.signal))
    const orientationP = load('orientation', () => fetchBasemap(abort.signal))
    const styleLoaded = new Promise<void>((resolve) => (map.isStyleLoaded() ? resolve() : map.once('load', () => resolve())))

    void (async () => {
      const [labels, facilities, orientation] = await Promise.all([labelsP, facilitiesP, orientationP])
      if (cancelled) return
      if (labels) useAppStore.getState().setSummary(summarise(labels, facilities))
      // Every name in both languages, so that the unicode-range pieces of the font that hold
      // them are in the document before MapLibre draws a glyph (a missing piece draws boxes).
      const fontReady = loadLabelFont([labels, facilities, orientation])
      await styleLoaded
      if (cancelled) return
      const state = useAppStore.getState()
      addStaticLayers(map, {
        bbox: config.bbox,
        orientation,
        facilities,
        facilityTypes: state.facilityTypes,
        language: state.language,
        hiddenTypes: state.hiddenFacilityTypes,
        // A basemap that failed to load has been replaced by the offline style.
        hasBasemap: state.basemap.kind !== 'none' && !state.basemapError,
        // The coverage choropleth takes the place of the street tints.
        streetTints: !planMode,
      })
      await fontReady
      if (cancelled) return
      addLabelLayers(map, { labels, orientation, facilities, language: useAppStore.getState().language })
      setLayersAdded(true)
      markReadyWhenLoaded(map, () => cancelled)
    })()

    return () => {
      cancelled = true
      abort.abort()
      setLayersAdded(false)
      mapRef.current = null
      releaseMap(map)
    }
    // The plan overlay is added to this map by usePlanLayers; a change of mode makes a new map.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config, plan !== undefined, live])

  usePlanLayers(mapRef, layersAdded, plan)
  useConsoleLayers(mapRef, layersAdded, live)

  useEffect(() => {
    const map = mapRef.current
    if (map && layersAdded) applyVisibility(map, layers)
  }, [layers, layersAdded])

  useEffect(() => {
    const map = mapRef.current
    if (map && layersAdded) applyLanguage(map, language)
  }, [language, layersAdded])

  useEffect(() => {
    const map = mapRef.current
    // On /plan the counted facility types decide what is drawn (usePlanLayers).
    if (map && layersAdded && !plan) applyFacilityFilter(map, hiddenTypes)
  }, [hiddenTypes, layersAdded, plan])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !layersAdded || sameBasemap(appliedBasemap.current, basemap)) return
    appliedBasemap.current = basemap
    switchBasemap(map, basemap)
  }, [basemap, layersAdded])

  // The attribution names the data in the UI language.
  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    const control = new maplibregl.AttributionControl({ compact: true, customAttribution: translate(language, 'map.attribution.data') })
    map.addControl(control, 'bottom-right')
    return () => {
      if (mapRef.current === map) map.removeControl(control)
    }
  }, [language, config])

  return <div ref={containerRef} className="map-view" data-testid="map" />
}

interface StaticLayerInput {
  bbox: [number, number, number, number] | null
  orientation: BasemapCollection | null
  facilities: FacilityCollection | null
  facilityTypes: FacilityType[]
  language: Language
  hiddenTypes: string[]
  hasBasemap: boolean
  streetTints: boolean
}

/** Sources and the layers that need no font, bottom to top. */
function addStaticLayers(map: maplibregl.Map, input: StaticLayerInput): void {
  map.addSource(ORIENTATION_SOURCE_ID, buildOrientationSource(input.orientation ?? emptyCollection<BasemapCollection>()))
  map.addSource(AREAS_SOURCE_ID, buildAreasSource(input.bbox))
  map.addSource(DEMAND_SOURCE_ID, buildDemandSource(input.bbox))
  map.addSource(FACILITIES_SOURCE_ID, buildFacilitiesSource(input.facilities ?? emptyCollection<FacilityCollection>()))
  // /plan draws the circles of its own analysis instead.
  if (input.streetTints) map.addSource(SERVICE_CIRCLES_SOURCE_ID, buildServiceCirclesSource(input.facilities ?? emptyCollection<FacilityCollection>()))
  for (const t of input.facilityTypes) addFacilityIcon(map, getFacilityIconId(t.code), t)
  const ordered = [
    ...buildOrientationLayers(),
    ...buildAreaFillLayers({ rasterBasemap: input.hasBasemap }).filter((l) => input.streetTints || l.id !== AREA_LAYER_IDS.streetFill),
    ...buildDemandLayers(),
    ...(input.streetTints ? buildServiceCircleLayers(input.facilityTypes, input.hiddenTypes) : []),
    ...buildAreaLineLayers(),
    ...buildFacilityLayers(input.facilityTypes, input.language, input.hiddenTypes).filter((l) => l.id !== FACILITY_LAYER_IDS.label),
  ]
  const visibility = useAppStore.getState().layers
  for (const layer of ordered) map.addLayer(withVisibility(layer, visibility))
}

interface LabelLayerInput {
  labels: AreaCollection<Point> | null
  orientation: BasemapCollection | null
  facilities: FacilityCollection | null
  language: Language
}

/**
 * Text layers, added once the font pieces their names need are loaded. Area names go above the
 * facility circles (a street name must stay readable in a dense centre) but below the pictograms.
 */
function addLabelLayers(map: maplibregl.Map, input: LabelLayerInput): void {
  const visibility = useAppStore.getState().layers
  const state = useAppStore.getState()
  if (input.orientation) {
    for (const layer of buildOrientationLabelLayers(input.language)) map.addLayer(withVisibility(layer, visibility), FACILITY_LAYER_IDS.icon)
  }
  if (input.labels) {
    map.addSource(AREA_LABELS_SOURCE_ID, buildAreaLabelsSource(input.labels))
    for (const layer of buildAreaLabelLayers(input.language)) map.addLayer(withVisibility(layer, visibility), FACILITY_LAYER_IDS.icon)
  }
  if (input.facilities) {
    const label = buildFacilityLayers(state.facilityTypes, input.language, state.hiddenFacilityTypes).find(
      (l) => l.id === FACILITY_LAYER_IDS.label,
    )
    // Below the pictograms: MapLibre places the top layer first, so names then avoid the symbols.
    if (label) map.addLayer(withVisibility(label, visibility), FACILITY_LAYER_IDS.icon)
  }
}

function withVisibility<L extends maplibregl.LayerSpecification>(layer: L, visibility: Record<LayerKey, boolean>): L {
  const key = getMeta(layer).toggle
  if (!key || layer.type === 'background') return layer
  return { ...layer, layout: { ...(layer.layout ?? {}), visibility: visibility[key] ? 'visible' : 'none' } } as L
}

function getMeta(layer: { metadata?: unknown }) {
  const m = (layer.metadata ?? {}) as GridPulseLayerMetadata
  return { toggle: m['gridpulse:toggle'], nameLabel: m['gridpulse:name-label'] === true, facilityTypes: m['gridpulse:facility-types'] === true }
}

function getStyleLayers(map: maplibregl.Map): maplibregl.LayerSpecification[] {
  return map.getStyle()?.layers ?? []
}

function applyVisibility(map: maplibregl.Map, visibility: Record<LayerKey, boolean>): void {
  for (const layer of getStyleLayers(map)) {
    const key = getMeta(layer).toggle
    if (key) map.setLayoutProperty(layer.id, 'visibility', visibility[key] ? 'visible' : 'none')
  }
}

function applyLanguage(map: maplibregl.Map, language: Language): void {
  for (const layer of getStyleLayers(map)) {
    if (getMeta(layer).nameLabel) map.setLayoutProperty(layer.id, 'text-field', getNameExpression(language))
  }
}

function applyFacilityFilter(map: maplibregl.Map, hiddenTypes: string[]): void {
  for (const layer of getStyleLayers(map)) {
    if (getMeta(layer).facilityTypes) map.setFilter(layer.id, getFacilityFilter(hiddenTypes))
  }
}

function addFacilityIcon(map: maplibregl.Map, id: string, type: FacilityType | undefined): void {
  if (map.hasImage(id)) return
  const pixelRatio = Math.max(2, Math.ceil(window.devicePixelRatio || 1))
  const canvas = drawFacilityIcon({
    icon: type?.icon ?? 'dot',
    color: type?.color ?? '#6b7280',
    pixelRatio,
    size: FACILITY_ICON_SIZE,
    withDisc: false,
  })
  const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
  map.addImage(id, image, { pixelRatio })
}

function summarise(labels: AreaCollection<Point>, facilities: FacilityCollection | null): DataSummary {
  const props = labels.features.map((f) => f.properties)
  const district = props.find((p) => p.level === 'district')
  const grids = props.filter((p) => p.level === 'grid')
  const facilitiesByType: Record<string, number> = {}
  for (const f of facilities?.features ?? []) facilitiesByType[f.properties.type] = (facilitiesByType[f.properties.type] ?? 0) + 1
  return {
    districtName: district?.name ?? null,
    districtNameEn: district?.name_en ?? null,
    streets: props.filter((p) => p.level === 'street').length,
    communities: props.filter((p) => p.level === 'community').length,
    grids: grids.length,
    exclusiveGrids: grids.filter((p) => p.kind === 'exclusive').length,
    facilities: facilities?.features.length ?? 0,
    facilitiesByType,
    synthetic: props.some((p) => p.synthetic) || (facilities?.features.some((f) => f.properties.synthetic) ?? false),
  }
}

function sameBasemap(a: Basemap, b: Basemap): boolean {
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
function switchBasemap(map: maplibregl.Map, basemap: Basemap): void {
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

function handleMapError(map: maplibregl.Map, e: maplibregl.ErrorEvent & { sourceId?: string }): void {
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

/** A click on a service point shows what it offers. */
function attachFacilityPopup(map: maplibregl.Map): void {
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px', className: 'facility-popup', offset: 12 })
  attachMapHandlers(map, getPointerRows(map, [FACILITY_LAYER_IDS.circle]))
  map.on('click', FACILITY_LAYER_IDS.circle, (e) => {
    // On /plan, a click with the add or remove tool is an edit, not a question.
    if (useAppStore.getState().planTool !== 'pan') return
    const feature = e.features?.[0]
    if (!feature || feature.geometry.type !== 'Point') return
    const p = feature.properties as unknown as FacilityProps & { services: string[] | string }
    const { language, facilityTypes } = useAppStore.getState()
    const type = facilityTypes.find((t) => t.code === p.type)
    popup
      .setLngLat(feature.geometry.coordinates as [number, number])
      .setDOMContent(renderFacilityPopup(p, type, language))
      .addTo(map)
  })
}

function renderFacilityPopup(p: FacilityProps & { services: string[] | string }, type: FacilityType | undefined, language: Language): HTMLElement {
  const el = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag)
    node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }
  const root = el('div', 'facility-popup__body')
  const kind = el('div', 'facility-popup__type', type ? getLocalName(type, language) : p.type)
  if (type) kind.style.setProperty('--type-color', type.color)
  root.append(kind, el('div', 'facility-popup__name', getLocalName(p, language)))
  // GeoJSON-source properties come back with arrays serialised as JSON text.
  const services = typeof p.services === 'string' ? safeParseArray(p.services) : (p.services ?? [])
  const rows: [string, string | null][] = [
    [translate(language, 'facility.address'), p.address],
    [translate(language, 'facility.hours'), p.opening_hours],
    [translate(language, 'facility.services'), services.length ? services.join(language === 'en' ? ', ' : '、') : null],
  ]
  const dl = el('dl', 'facility-popup__details')
  for (const [k, v] of rows) {
    if (!v) continue
    dl.append(el('dt', '', k), el('dd', '', v))
  }
  root.append(dl)
  return root
}

function safeParseArray(s: string): string[] {
  try {
    const v: unknown = JSON.parse(s)
    return Array.isArray(v) ? v.map(String) : []
  } catch {
    return []
  }
}

/** A map button that brings the whole district back into view. */
class FitDistrictControl implements maplibregl.IControl {
  private container?: HTMLElement
  private unsubscribe?: () => void

  constructor(
    private readonly getBbox: () => [number, number, number, number] | null,
    private readonly getPadding: () => maplibregl.PaddingOptions,
  ) {}

  onAdd(map: maplibregl.Map): HTMLElement {
    const container = document.createElement('div')
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group'
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'fit-district-button'
    button.innerHTML =
      '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/><circle cx="10" cy="10" r="2.2" fill="currentColor"/></svg>'
    const setTitle = () => {
      const title = translate(useAppStore.getState().language, 'map.fitDistrict')
      button.title = title
      button.setAttribute('aria-label', title)
    }
    setTitle()
    this.unsubscribe = useAppStore.subscribe((s, prev) => s.language !== prev.language && setTitle())
    button.addEventListener('click', () => {
      const bbox = this.getBbox()
      if (bbox) map.fitBounds(bbox, { padding: this.getPadding(), duration: 600 })
    })
    container.append(button)
    this.container = container
    return container
  }

  onRemove(): void {
    this.unsubscribe?.()
    this.container?.remove()
  }
}
