// The walking network from the `roads` vector tiles, as the planner needs to see it: the streets
// faint (from zoom 13, where the tiles hold them all), and what a walk fights drawn strong — the
// expressway and the walls (not walked), the bridges and underpasses (the only ways across).
import type { LayerSpecification, VectorSourceSpecification } from 'maplibre-gl'
import { getTileUrlTemplate } from '../../api/read-api'

export const ROADS_SOURCE_ID = 'gp-roads'
export const ROADS_SOURCE_LAYER = 'roads'
export const ROAD_LAYER_IDS = {
  streets: 'gp-roads-streets',
  barriers: 'gp-roads-barriers',
  crossings: 'gp-roads-crossings',
} as const

/** Colours of the network's lines, shared with the legend. */
export const ROAD_COLORS = { street: '#8e99a8', barrier: '#b3261e', wall: '#3b2f2f', bridge: '#1b8a4a', tunnel: '#d9822b' } as const

export function buildRoadsSource(bbox: [number, number, number, number] | null): VectorSourceSpecification {
  return { type: 'vector', tiles: [getTileUrlTemplate('roads')], minzoom: 0, maxzoom: 16, ...(bbox ? { bounds: bbox } : {}) }
}

export function buildRoadLayers(): LayerSpecification[] {
  const src = { source: ROADS_SOURCE_ID, 'source-layer': ROADS_SOURCE_LAYER }
  const round = { 'line-join': 'round', 'line-cap': 'round' } as const
  return [
    {
      id: ROAD_LAYER_IDS.streets,
      type: 'line',
      ...src,
      minzoom: 13,
      filter: ['all', ['==', ['get', 'walkable'], true], ['!', ['get', 'bridge']], ['!', ['get', 'tunnel']]],
      layout: round,
      paint: { 'line-color': ROAD_COLORS.street, 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 0.5, 17, 2], 'line-opacity': 0.7 },
    },
    {
      id: ROAD_LAYER_IDS.barriers,
      type: 'line',
      ...src,
      filter: ['==', ['get', 'walkable'], false],
      layout: round,
      paint: {
        'line-color': ['case', ['has', 'barrier'], ROAD_COLORS.wall, ROAD_COLORS.barrier],
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 5],
      },
    },
    {
      id: ROAD_LAYER_IDS.crossings,
      type: 'line',
      ...src,
      filter: ['any', ['==', ['get', 'bridge'], true], ['==', ['get', 'tunnel'], true]],
      layout: round,
      paint: {
        'line-color': ['case', ['==', ['get', 'bridge'], true], ROAD_COLORS.bridge, ROAD_COLORS.tunnel],
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 9],
      },
    },
  ]
}
