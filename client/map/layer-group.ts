// The one place that puts sources and layers on a map. Each layer module in layers/ builds its
// sources and layers; a view composes them into groups — what goes on together, and under which
// layer already on the map — and hands the list here: the console and /plan (MapView and their
// overlay hooks), the wall (WallMap) and the report form's picker (LocationPicker).
import type * as maplibregl from 'maplibre-gl'

export interface LayerGroup {
  /** Sources the layers read; one already on the map (a basemap swap carries them) is kept. */
  sources?: Record<string, maplibregl.SourceSpecification>
  /** Bottom to top. */
  layers: maplibregl.LayerSpecification[]
  /** Put the group under this layer (if the map has it), else on top. */
  below?: string
}

export function addLayerGroups(map: maplibregl.Map, groups: LayerGroup[]): void {
  for (const group of groups) {
    for (const [id, source] of Object.entries(group.sources ?? {})) if (!map.getSource(id)) map.addSource(id, source)
    const below = group.below && map.getLayer(group.below) ? group.below : undefined
    for (const layer of group.layers) map.addLayer(layer, below)
  }
}

/** The lowest symbol layer: what should stay under every name goes below it. */
export function getFirstLabelLayer(map: maplibregl.Map): string | undefined {
  return map.getStyle().layers.find((l) => l.type === 'symbol')?.id
}
