// Where residents live, as a heatmap of the demand points (vector tiles, weighted by
// population). Off by default: it is context for planning, not the console's first read.
import type { LayerSpecification, VectorSourceSpecification } from 'maplibre-gl'
import { getTileUrlTemplate } from '../../api/read-api'
import { byZoom, describeLayer } from './common'

export const DEMAND_SOURCE_ID = 'gp-demand'
export const DEMAND_SOURCE_LAYER = 'demand-points'
export const DEMAND_LAYER_ID = 'gp-demand-heat'

/** Low to high density, shared with the legend. */
export const DEMAND_RAMP = ['rgba(56,134,170,0)', '#9fd3c7', '#f7e27a', '#f5a04a', '#e0533a', '#a3202b'] as const

export function buildDemandSource(bbox: [number, number, number, number] | null): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [getTileUrlTemplate('demand-points')],
    minzoom: 0,
    maxzoom: 16,
    ...(bbox ? { bounds: bbox } : {}),
  }
}

export function buildDemandLayers(): LayerSpecification[] {
  return [
    {
      id: DEMAND_LAYER_ID,
      type: 'heatmap',
      source: DEMAND_SOURCE_ID,
      'source-layer': DEMAND_SOURCE_LAYER,
      ...describeLayer({ 'gridpulse:toggle': 'demand' }),
      paint: {
        // Linear in residents: below zoom 14 a feature is a cell summing many buildings.
        'heatmap-weight': ['/', ['coalesce', ['get', 'population'], 0], 150],
        'heatmap-intensity': byZoom(10, 0.35, 13, 0.8, 16, 1.6),
        'heatmap-radius': byZoom(10, 5, 13, 14, 16, 36),
        'heatmap-opacity': 0.72,
        'heatmap-color': [
          'interpolate',
          ['linear'],
          ['heatmap-density'],
          0,
          DEMAND_RAMP[0],
          0.15,
          DEMAND_RAMP[1],
          0.35,
          DEMAND_RAMP[2],
          0.6,
          DEMAND_RAMP[3],
          0.8,
          DEMAND_RAMP[4],
          1,
          DEMAND_RAMP[5],
        ],
      },
    },
  ]
}
