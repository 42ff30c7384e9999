// A GeoJSON source fed as diffs: given the features it should now show (each with an id), only
// those that changed are sent with updateData, and a large addition goes in slices a frame apart.
// The console's pins and the wall's both go through it.
//
// Why slices (a city's ~34,000 open issues at start, headless Chromium): sent whole, cloning the
// addition to the map's worker held one frame for 150–250 ms, and MapLibre merges diffs sent while
// its worker is busy, so slices sent a frame apart would be merged again; each slice waits for the
// worker to take the one before. Why diffs on the wall (stop 41): its pins were sent whole with
// setData at every event and every minute, re-tiling 33,000 points each time (frames of 300–550 ms).
import type * as maplibregl from 'maplibre-gl'
import type { Feature } from 'geojson'
import { createFeatureDiffState, diffFeatures, isEmptyDiff } from './feature-diff'

/** Features added at most this many a frame. */
export const FEATURES_PER_FRAME = 8_000

export interface DiffedSource {
  /** Shows `features`: every diff waits its turn behind the slices before it, so the source sees them in order. */
  show(features: Feature[]): void
}

export function createDiffedSource(
  map: maplibregl.Map,
  sourceId: string,
  same: (a: Feature, b: Feature) => boolean,
  /** Told the ids of each slice of added features once the map's worker has them. */
  onAdded?: (ids: string[]) => void,
): DiffedSource {
  const diff = createFeatureDiffState()
  const queue: maplibregl.GeoJSONSourceDiff[] = []
  let pumping = false
  const pump = () => {
    const next = queue.shift()
    if (!next) return void (pumping = false)
    const source = map.getSource(sourceId) as maplibregl.GeoJSONSource | undefined
    if (!source) {
      // Between two styles (a basemap switch): nothing queued reached the map, so the next pass sends every feature again.
      queue.length = 0
      diff.shown = new Map()
      return void (pumping = false)
    }
    pumping = true
    const added = (next.add ?? []).map((f) => String(f.id))
    void source.updateData(next).then(() => {
      if (added.length) onAdded?.(added)
      if (queue.length) requestAnimationFrame(pump)
      else pumping = false
    })
  }
  return {
    show(features) {
      const d = diffFeatures(diff, features, same)
      if (isEmptyDiff(d)) return
      const add = d.add ?? []
      queue.push({ remove: d.remove, add: add.slice(0, FEATURES_PER_FRAME) })
      for (let k = FEATURES_PER_FRAME; k < add.length; k += FEATURES_PER_FRAME) queue.push({ add: add.slice(k, k + FEATURES_PER_FRAME) })
      if (!pumping) pump()
    },
  }
}
