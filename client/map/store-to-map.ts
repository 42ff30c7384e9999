// The store's switches applied to a live map, driven by each layer's metadata (layers/common.ts):
// which toggle shows it, whether it is a name label (follows the language), whether it is drawn
// per facility type (follows the hidden types). Used on first draw and after a basemap swap.
import type * as maplibregl from 'maplibre-gl'
import type { Language } from '../i18n/messages'
import type { LayerKey } from '../store/layers-slice'
import { getNameExpression, type GridPulseLayerMetadata } from './layers/common'
import { getFacilityFilter } from './layers/facilities'

export function withVisibility<L extends maplibregl.LayerSpecification>(layer: L, visibility: Record<LayerKey, boolean>): L {
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

export function applyVisibility(map: maplibregl.Map, visibility: Record<LayerKey, boolean>): void {
  for (const layer of getStyleLayers(map)) {
    const key = getMeta(layer).toggle
    if (key) map.setLayoutProperty(layer.id, 'visibility', visibility[key] ? 'visible' : 'none')
  }
}

export function applyLanguage(map: maplibregl.Map, language: Language): void {
  for (const layer of getStyleLayers(map)) {
    if (getMeta(layer).nameLabel) map.setLayoutProperty(layer.id, 'text-field', getNameExpression(language))
  }
}

export function applyFacilityFilter(map: maplibregl.Map, hiddenTypes: string[]): void {
  for (const layer of getStyleLayers(map)) {
    if (getMeta(layer).facilityTypes) map.setFilter(layer.id, getFacilityFilter(hiddenTypes))
  }
}
