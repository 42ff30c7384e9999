// The outline of the walking circles' union (computed by the worker) into its source on the /plan
// map. The map and its sources belong to MapView and usePlanLayers; this reaches the page's one
// map through its registered handle (window.__gridpulseMap) once the plan layers are on it, and
// follows each analysis. It belongs in usePlanLayers beside the rings; it lives here only until
// that file's owner moves it.
import type * as maplibregl from 'maplibre-gl'
import { useEffect } from 'react'
import { PLAN_SOURCE_IDS } from '../../map/layers/coverage'
import { useAppStore, type AppState } from '../../store'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function useCircleUnion(): void {
  useEffect(() => {
    let waiting: maplibregl.Map | null = null
    let shown: unknown = null
    const apply = () => {
      const map = window.__gridpulseMap
      const s: AppState = useAppStore.getState()
      if (!map) return
      const source = map.getSource(PLAN_SOURCE_IDS.circleUnion) as maplibregl.GeoJSONSource | undefined
      if (!source) {
        // The plan layers are not on this map yet: try again when its style or sources change.
        if (waiting !== map) {
          waiting = map
          const retry = () => {
            if (!map.getSource(PLAN_SOURCE_IDS.circleUnion)) return
            map.off('data', retry)
            waiting = null
            apply()
          }
          map.on('data', retry)
        }
        return
      }
      const next = s.analysis?.circleUnion ?? EMPTY
      if (next === shown) return
      shown = next
      source.setData(next)
    }
    apply()
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.analysis !== prev.analysis || s.mapReady !== prev.mapReady) {
        shown = null
        apply()
      }
    })
    return () => {
      unsubscribe()
      waiting = null
    }
  }, [])
}
