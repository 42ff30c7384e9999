// The console's and /plan's map: made by createMap (kept in a ref, never in the store), the static
// layers' data loaded and drawn (areas, demand, service points, names), the view's own overlay
// added by its hook (useConsoleLayers, usePlanLayers), and the store's switches — layers,
// language, hidden types, basemap — applied to the live map. The wall and the report form make
// their own maps with createMap and the same layer modules.
import * as maplibregl from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import type { Point } from 'geojson'
import { fetchAreas, fetchBasemap, fetchFacilities } from '../api/read-api'
import type { AreaCollection, Basemap, BasemapCollection, FacilityCollection, FacilityType } from '../../core/wire/read-api'
import type { ClientConfig } from '../config'
import { translate } from '../i18n'
import type { Language } from '../i18n/messages'
import { useAppStore } from '../store'
import type { Dataset } from '../store/data-slice'
import { AREA_LABELS_SOURCE_ID, buildAreaLabelLayers, buildAreaLabelsSource } from './layers/area-labels'
import { AREA_LAYER_IDS, AREAS_SOURCE_ID, buildAreaFillLayers, buildAreaLineLayers, buildAreasSource } from './layers/areas'
import { buildOrientationLabelLayers, buildOrientationLayers, buildOrientationSource, ORIENTATION_SOURCE_ID } from './layers/basemap'
import { buildDemandLayers, buildDemandSource, DEMAND_SOURCE_ID } from './layers/demand'
import { buildServiceCircleLayers, buildServiceCirclesSource, SERVICE_CIRCLES_SOURCE_ID } from './layers/service-circles'
import { addFacilityIcon } from './layers/facility-icons'
import { buildFacilitiesSource, buildFacilityLayers, FACILITIES_SOURCE_ID, FACILITY_LAYER_IDS, getFacilityIconId, parseFacilityIconId } from './layers/facilities'
import { handleMapError, sameBasemap, switchBasemap } from './basemap-switch'
import { createMap, markReadyWhenLoaded, removeMap } from './create-map'
import { addLayerGroups } from './layer-group'
import { summariseData } from './data-summary'
import { attachFacilityPopup } from './facility-popup'
import { FitDistrictControl } from './fit-district-control'
import { getFitPadding } from './fit-padding'
import { loadLabelFont } from './label-font'
import { applyFacilityFilter, applyLanguage, applyVisibility, withVisibility } from './store-to-map'
import { useConsoleLayers } from './use-console-layers'
import { usePlanLayers, type PlanMapData } from './use-plan-layers'
import { createBaseStyle } from './style'

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

    const map = createMap({
      container,
      style: createBaseStyle(store.basemap),
      bbox: config.bbox,
      padding: getFitPadding(container, planMode, live ? 'console' : 'shell'),
      role: 'page',
    })
    mapRef.current = map
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
      if (labels) useAppStore.getState().setSummary(summariseData(labels, facilities))
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
      removeMap(map)
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
  const facilities = input.facilities ?? emptyCollection<FacilityCollection>()
  for (const t of input.facilityTypes) addFacilityIcon(map, getFacilityIconId(t.code), t)
  const visibility = useAppStore.getState().layers
  addLayerGroups(map, [
    {
      sources: {
        [ORIENTATION_SOURCE_ID]: buildOrientationSource(input.orientation ?? emptyCollection<BasemapCollection>()),
        [AREAS_SOURCE_ID]: buildAreasSource(input.bbox),
        [DEMAND_SOURCE_ID]: buildDemandSource(input.bbox),
        [FACILITIES_SOURCE_ID]: buildFacilitiesSource(facilities),
        // /plan draws the circles of its own analysis instead.
        ...(input.streetTints ? { [SERVICE_CIRCLES_SOURCE_ID]: buildServiceCirclesSource(facilities) } : {}),
      },
      layers: [
        ...buildOrientationLayers(),
        ...buildAreaFillLayers({ rasterBasemap: input.hasBasemap }).filter((l) => input.streetTints || l.id !== AREA_LAYER_IDS.streetFill),
        ...buildDemandLayers(),
        ...(input.streetTints ? buildServiceCircleLayers(input.facilityTypes, input.hiddenTypes) : []),
        ...buildAreaLineLayers(),
        ...buildFacilityLayers(input.facilityTypes, input.language, input.hiddenTypes).filter((l) => l.id !== FACILITY_LAYER_IDS.label),
      ].map((l) => withVisibility(l, visibility)),
    },
  ])
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
  const state = useAppStore.getState()
  const shown = (layers: maplibregl.LayerSpecification[]) => layers.map((l) => withVisibility(l, state.layers))
  // Below the pictograms: MapLibre places the top layer first, so names then avoid the symbols.
  const below = FACILITY_LAYER_IDS.icon
  addLayerGroups(map, [
    { layers: input.orientation ? shown(buildOrientationLabelLayers(input.language)) : [], below },
    input.labels
      ? { sources: { [AREA_LABELS_SOURCE_ID]: buildAreaLabelsSource(input.labels) }, layers: shown(buildAreaLabelLayers(input.language)), below }
      : { layers: [] },
    {
      layers: input.facilities
        ? shown(buildFacilityLayers(state.facilityTypes, input.language, state.hiddenFacilityTypes).filter((l) => l.id === FACILITY_LAYER_IDS.label))
        : [],
      below,
    },
  ])
}
