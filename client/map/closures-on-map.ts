// Puts the live closures' layers on a map and keeps them to the store (the console and /plan).
import type * as maplibregl from 'maplibre-gl'
import { useAppStore } from '../store'
import { addLayerGroups } from './layer-group'
import { buildClosureLayers, buildClosuresSource, CLOSURES_SOURCE_ID, toClosureFeatures } from './layers/closures'

/** Adds the layers (under `below`, if given) and follows the store's closures; returns the unsubscribe. */
export function attachClosuresLayer(map: maplibregl.Map, below?: string): () => void {
  addLayerGroups(map, [{ sources: { [CLOSURES_SOURCE_ID]: buildClosuresSource() }, layers: buildClosureLayers(), below }])
  const source = () => map.getSource(CLOSURES_SOURCE_ID) as maplibregl.GeoJSONSource | undefined
  source()?.setData(toClosureFeatures(useAppStore.getState().closures))
  return useAppStore.subscribe((s, prev) => {
    if (s.closures !== prev.closures) source()?.setData(toClosureFeatures(s.closures))
  })
}
