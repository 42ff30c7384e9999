// The page's one live map, handed to the browser tests (window.__gridpulseMap, __gridpulseReady)
// when it is made and taken back when it goes: shared by every view that draws a map.
import type * as maplibregl from 'maplibre-gl'
import { useAppStore } from '../store'

declare global {
  interface Window {
    /** The live map, for the browser tests and for debugging from the console. */
    __gridpulseMap?: maplibregl.Map
    /** Set once every layer (labels included) is on the map and has drawn. */
    __gridpulseReady?: boolean
  }
}

export function exposeMap(map: maplibregl.Map): void {
  window.__gridpulseMap = map
  window.__gridpulseReady = false
}

/**
 * Once every layer is on the map: ready at the first frame drawn with every source loaded. Not
 * at 'idle': an animation (the console's overdue halo) repaints every frame, so a map with
 * overdue issues on it never goes idle, and the page would say "loading" for good.
 */
export function markReadyWhenLoaded(map: maplibregl.Map, cancelled: () => boolean): void {
  const check = () => {
    if (cancelled()) return map.off('render', check)
    if (!map.loaded()) return
    map.off('render', check)
    window.__gridpulseReady = true
    useAppStore.getState().setMapReady(true)
  }
  map.on('render', check)
  map.triggerRepaint()
}

/** The map goes away: nothing points at it any more. */
export function releaseMap(map: maplibregl.Map): void {
  useAppStore.getState().setMapReady(false)
  if (window.__gridpulseMap === map) {
    window.__gridpulseMap = undefined
    window.__gridpulseReady = false
  }
  map.remove()
}
