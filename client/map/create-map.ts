// Every GridPulse map is made here — the console's and /plan's (MapView), the wall's (WallMap) and
// the phone's location picker: the worker bundled by Vite and served by our own server, labels in
// the bundled Noto Sans SC, flat north-up motion within the city's zooms, the district in view,
// and the map handed to the browser tests (window.__gridpulseMap, __gridpulseReady) while it lives.
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { getAuthHeaders } from '../api/http'
import { useAppStore } from '../store'
import { FALLBACK_VIEW, LOCAL_IDEOGRAPH_FONT_FAMILY, MAP_MOTION_OPTIONS } from './style'

maplibregl.setWorkerUrl(workerUrl)

declare global {
  interface Window {
    /** The page's live map, for the browser tests and for debugging from the console. */
    __gridpulseMap?: maplibregl.Map
    /** Set once every layer (labels included) is on the map and has drawn. */
    __gridpulseReady?: boolean
    /** The report form's location picker (a second, small map beside no other). */
    __gridpulseReportMap?: maplibregl.Map
  }
}

export interface CreateMapOptions {
  container: HTMLElement
  style: maplibregl.StyleSpecification | string
  /** The district's extent, fitted with `padding`; without one, the demo city's centre. */
  bbox: [number, number, number, number] | null
  padding: number | maplibregl.PaddingOptions
  /** 'page': the page's one map (readiness reported); 'picker': the report form's small map. */
  role: 'page' | 'picker'
  /** Anything a view adds (the wall's pixel ratio, no label fading). */
  options?: Partial<maplibregl.MapOptions>
}

export function createMap(o: CreateMapOptions): maplibregl.Map {
  const map = new maplibregl.Map({
    container: o.container,
    style: o.style,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    ...(o.bbox ? { bounds: o.bbox, fitBoundsOptions: { padding: o.padding } } : FALLBACK_VIEW),
    ...MAP_MOTION_OPTIONS,
    // The residents' tiles need the signed-in session's token; the rest are anyone's.
    transformRequest: (url) => (url.includes('/tiles/demand-points/') ? { url, headers: getAuthHeaders() } : { url }),
    ...o.options,
  })
  map.touchZoomRotate.disableRotation()
  if (o.role === 'picker') {
    window.__gridpulseReportMap = map
  } else {
    window.__gridpulseMap = map
    window.__gridpulseReady = false
  }
  return map
}

/**
 * Once every layer is on the map: ready at the first frame drawn after every source has loaded
 * once. Not at 'idle': an animation (the console's overdue halo) repaints every frame, so a map
 * with overdue issues on it never goes idle. Nor `map.loaded()`: the live sources get new data
 * several times a second under the feed, and a busy machine may never draw a frame between two
 * updates with all of them loaded, so the page said "loading" for minutes (issue 16).
 */
export function markReadyWhenLoaded(map: maplibregl.Map, cancelled: () => boolean): void {
  const loadedOnce = new Set<string>()
  // Read once (getStyle serialises the whole style): every source is on the map when this is called.
  const ids = Object.keys(map.getStyle()?.sources ?? {})
  const sourceIds = () => ids
  const note = () => {
    for (const id of sourceIds()) if (!loadedOnce.has(id) && map.getSource(id) && map.isSourceLoaded(id)) loadedOnce.add(id)
  }
  const check = () => {
    if (cancelled()) return stop()
    // (Not map.isStyleLoaded(): it too waits for every source to be loaded at the same time.)
    note()
    if (!sourceIds().every((id) => loadedOnce.has(id))) return
    stop()
    window.__gridpulseReady = true
    useAppStore.getState().setMapReady(true)
  }
  const stop = () => {
    map.off('render', check)
    map.off('sourcedata', note)
  }
  map.on('sourcedata', note)
  map.on('render', check)
  map.triggerRepaint()
}

/** The map goes away: nothing points at it any more. */
export function removeMap(map: maplibregl.Map): void {
  if (window.__gridpulseReportMap === map) {
    window.__gridpulseReportMap = undefined
  } else {
    useAppStore.getState().setMapReady(false)
    if (window.__gridpulseMap === map) {
      window.__gridpulseMap = undefined
      window.__gridpulseReady = false
    }
  }
  map.remove()
}
