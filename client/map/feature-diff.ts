// Turns "the features a layer should now show" into a GeoJSONSource diff against what it shows,
// keyed by feature id, so a what-if sends MapLibre only the features that changed.
import type { Feature } from 'geojson'
import type { GeoJSONSourceDiff } from 'maplibre-gl'

export type FeatureId = string | number

export interface FeatureDiffState {
  shown: Map<FeatureId, Feature>
}

export function createFeatureDiffState(): FeatureDiffState {
  return { shown: new Map() }
}

/**
 * The diff from `state.shown` to `next` (features whose `same` says unchanged are left alone), and
 * `state` moved on to `next`. Features without an id are an error: a diff needs stable ids.
 */
export function diffFeatures(state: FeatureDiffState, next: Feature[], same: (a: Feature, b: Feature) => boolean): GeoJSONSourceDiff {
  const nextById = new Map<FeatureId, Feature>()
  for (const f of next) {
    if (f.id === undefined) throw new Error('diffFeatures needs an id on every feature')
    nextById.set(f.id, f)
  }
  const remove: FeatureId[] = []
  const add: Feature[] = []
  for (const id of state.shown.keys()) if (!nextById.has(id)) remove.push(id)
  for (const [id, f] of nextById) {
    const was = state.shown.get(id)
    if (!was) add.push(f)
    else if (was !== f && !same(was, f)) {
      // A changed feature is replaced whole: simpler and as cheap as a property-by-property update here.
      remove.push(id)
      add.push(f)
    }
  }
  state.shown = nextById
  return { remove, add }
}

export function isEmptyDiff(diff: GeoJSONSourceDiff): boolean {
  return !diff.remove?.length && !diff.add?.length && !diff.update?.length && !diff.removeAll
}
