// Which map layers the operator shows: one switch per layer group, and the facility types hidden.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'

export const LAYER_KEYS = [
  'streets',
  'communities',
  'grids',
  'exclusive',
  'labels',
  'facilities',
  'circles',
  'demand',
  'orientation',
  'basemap',
] as const
export type LayerKey = (typeof LAYER_KEYS)[number]

export const DEFAULT_LAYER_VISIBILITY: Record<LayerKey, boolean> = {
  streets: true,
  communities: true,
  grids: true,
  exclusive: true,
  labels: true,
  facilities: true,
  // Hundreds of overlapping circles: on request.
  circles: false,
  // A heatmap over everything hides the boundaries: shown on request only.
  demand: false,
  orientation: true,
  basemap: true,
}

export interface LayersSlice {
  layers: Record<LayerKey, boolean>
  /** Facility type codes switched off in the legend. */
  hiddenFacilityTypes: string[]
  setLayerVisible(key: LayerKey, visible: boolean): void
  setFacilityTypeVisible(code: string, visible: boolean): void
}

export const createLayersSlice: StateCreator<AppState, [], [], LayersSlice> = (set) => ({
  layers: { ...DEFAULT_LAYER_VISIBILITY },
  hiddenFacilityTypes: [],
  setLayerVisible: (key, visible) => set((s) => ({ layers: { ...s.layers, [key]: visible } })),
  setFacilityTypeVisible: (code, visible) =>
    set((s) => {
      const hidden = s.hiddenFacilityTypes.filter((c) => c !== code)
      return { hiddenFacilityTypes: visible ? hidden : [...hidden, code] }
    }),
})
