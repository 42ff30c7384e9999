// The planner's layers on /plan: areas coloured by the share of residents within the walk (a
// feature-state join, so a what-if recolours without resending geometry), gaps hatched, unserved
// homes, the walking circles, planned and closed stations, and suggested sites by rank.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom, HALO_COLOR } from './common'
import { MAP_PALETTE } from './palette'

export const PLAN_SOURCE_IDS = {
  areas: 'gp-plan-areas',
  gaps: 'gp-plan-gaps',
  unserved: 'gp-plan-unserved',
  circles: 'gp-plan-circles',
  circleUnion: 'gp-plan-circle-union',
  serviceAreas: 'gp-plan-service-areas',
  stations: 'gp-plan-stations',
  suggestions: 'gp-plan-suggestions',
} as const

export const PLAN_LAYER_IDS = {
  choropleth: 'gp-plan-choropleth',
  areaHighlight: 'gp-plan-area-highlight',
  gapsFill: 'gp-plan-gaps-fill',
  gapsLine: 'gp-plan-gaps-line',
  circlesFill: 'gp-plan-circles-fill',
  circlesLine: 'gp-plan-circles-line',
  circleUnionLine: 'gp-plan-circle-union-line',
  serviceAreasFill: 'gp-plan-service-areas-fill',
  serviceAreasLine: 'gp-plan-service-areas-line',
  plannedServiceAreaLine: 'gp-plan-planned-service-area-line',
  unserved: 'gp-plan-unserved',
  stations: 'gp-plan-stations',
  suggestions: 'gp-plan-suggestions',
  suggestionRanks: 'gp-plan-suggestion-ranks',
} as const

/** From this zoom (streets readable) each station's own walking circle is drawn; below it only their union's outline. */
export const CIRCLE_RINGS_FROM_ZOOM = 14

export const PLAN_IMAGE_IDS = { hatch: 'gp-plan-hatch', planned: 'gp-plan-planned', closed: 'gp-plan-closed', unserved: 'gp-plan-unserved-home' } as const

export const PLAN_COLORS = {
  noResidents: '#d5dae1',
  gapLine: '#8c1d2b',
  // Unserved homes are dark diamonds: no service point is a diamond, and none is near-black,
  // so they never read as a station (党群服务中心 is a red dot at district zoom).
  unserved: '#1d2433',
  circle: MAP_PALETTE.selection,
  planned: MAP_PALETTE.done,
  closed: MAP_PALETTE.closed,
  suggestion: '#d9480f',
  highlight: MAP_PALETTE.ink,
} as const

/** Colour classes of population coverage around the target: three reds below it, two greens above. */
export function getCoverageRamp(targetPct: number): { fromPct: number; color: string }[] {
  const t = Math.min(Math.max(targetPct, 0), 100)
  const stops = [
    { fromPct: 0, color: '#a50f15' },
    { fromPct: t - 30, color: '#de2d26' },
    { fromPct: t - 15, color: '#fc9272' },
    { fromPct: t, color: '#a1d99b' },
    { fromPct: (t + 100) / 2, color: '#31a354' },
  ]
  // Keep the stops strictly increasing (a low target folds the lower classes together).
  return stops.filter((s, i) => s.fromPct >= 0 && stops.slice(i + 1).every((n) => n.fromPct > s.fromPct || n.fromPct < 0))
}

/** The colour of a coverage share on the map (for lists and the legend). */
export function getCoverageColor(pct: number | null, targetPct: number): string {
  let color: string = PLAN_COLORS.noResidents
  if (pct === null) return color
  for (const s of getCoverageRamp(targetPct)) if (pct >= s.fromPct) color = s.color
  return color
}

/** The fill colour from the area's feature-state `pct` (−1 where nobody lives). */
export function getChoroplethColor(targetPct: number): ExpressionSpecification {
  const ramp = getCoverageRamp(targetPct)
  const steps: (number | string)[] = []
  for (const s of ramp) steps.push(s.fromPct, s.color)
  return ['step', ['coalesce', ['feature-state', 'pct'], -1], PLAN_COLORS.noResidents, ...steps] as unknown as ExpressionSpecification
}

export function buildPlanSources(): Record<string, GeoJSONSourceSpecification> {
  const empty = { type: 'FeatureCollection' as const, features: [] }
  return Object.fromEntries(Object.values(PLAN_SOURCE_IDS).map((id) => [id, { type: 'geojson', data: empty } satisfies GeoJSONSourceSpecification]))
}

/** Beneath the area outlines: the choropleth, the gaps, the circles. */
export function buildPlanBaseLayers(level: string, targetPct: number): LayerSpecification[] {
  return [
    {
      id: PLAN_LAYER_IDS.choropleth,
      type: 'fill',
      source: PLAN_SOURCE_IDS.areas,
      filter: ['==', ['get', 'level'], level],
      paint: { 'fill-color': getChoroplethColor(targetPct), 'fill-opacity': byZoom(10, 0.72, 15, 0.5) },
    },
    {
      id: PLAN_LAYER_IDS.gapsFill,
      type: 'fill',
      source: PLAN_SOURCE_IDS.gaps,
      paint: { 'fill-pattern': PLAN_IMAGE_IDS.hatch, 'fill-opacity': 0.9 },
    },
    {
      id: PLAN_LAYER_IDS.gapsLine,
      type: 'line',
      source: PLAN_SOURCE_IDS.gaps,
      paint: { 'line-color': PLAN_COLORS.gapLine, 'line-width': byZoom(10, 0.5, 15, 1.2), 'line-opacity': 0.6 },
    },
    {
      id: PLAN_LAYER_IDS.circlesFill,
      type: 'fill',
      source: PLAN_SOURCE_IDS.circles,
      // Only a planned station's circle is filled: hundreds of overlapping fills would tint the
      // whole centre and cost the most of any layer to draw.
      filter: ['get', 'planned'],
      paint: { 'fill-color': PLAN_COLORS.planned, 'fill-opacity': 0.12 },
    },
    {
      id: PLAN_LAYER_IDS.circlesLine,
      type: 'line',
      source: PLAN_SOURCE_IDS.circles,
      paint: {
        'line-color': ['case', ['get', 'planned'], PLAN_COLORS.planned, PLAN_COLORS.circle],
        'line-width': ['case', ['get', 'planned'], 2, 0.8],
        // Each station's own ring only at street zoom: further out, hundreds of them are a mesh,
        // and the outline of their union says where the walk reaches. Planned ones always show.
        'line-opacity': [
          'interpolate',
          ['linear'],
          ['zoom'],
          CIRCLE_RINGS_FROM_ZOOM - 0.5,
          ['case', ['get', 'planned'], 0.9, 0],
          CIRCLE_RINGS_FROM_ZOOM,
          ['case', ['get', 'planned'], 0.9, 0.25],
        ],
      },
    },
    // On the network, each station's walk along the streets in its circle's place: a planned one's
    // filled and outlined at every zoom; the others' outlines only from street zoom (below it the
    // layer is not drawn at all: 250 stations' strips cost a third of a frame even unseen).
    {
      id: PLAN_LAYER_IDS.serviceAreasFill,
      type: 'fill',
      source: PLAN_SOURCE_IDS.serviceAreas,
      filter: ['get', 'planned'],
      paint: { 'fill-color': PLAN_COLORS.planned, 'fill-opacity': 0.12 },
    },
    {
      id: PLAN_LAYER_IDS.plannedServiceAreaLine,
      type: 'line',
      source: PLAN_SOURCE_IDS.serviceAreas,
      filter: ['get', 'planned'],
      paint: { 'line-color': PLAN_COLORS.planned, 'line-width': 2, 'line-opacity': 0.9 },
    },
    {
      id: PLAN_LAYER_IDS.serviceAreasLine,
      type: 'line',
      source: PLAN_SOURCE_IDS.serviceAreas,
      minzoom: CIRCLE_RINGS_FROM_ZOOM - 0.5,
      filter: ['!', ['get', 'planned']],
      paint: { 'line-color': PLAN_COLORS.circle, 'line-width': 0.8, 'line-opacity': byZoom(CIRCLE_RINGS_FROM_ZOOM - 0.5, 0, CIRCLE_RINGS_FROM_ZOOM, 0.35) },
    },
    {
      id: PLAN_LAYER_IDS.circleUnionLine,
      type: 'line',
      source: PLAN_SOURCE_IDS.circleUnion,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': PLAN_COLORS.circle,
        'line-width': byZoom(10, 1.4, 15, 2.2),
        'line-opacity': byZoom(CIRCLE_RINGS_FROM_ZOOM - 0.5, 0.75, CIRCLE_RINGS_FROM_ZOOM, 0.45),
      },
    },
  ]
}

/** Above the area outlines: the highlighted areas and the unserved homes. */
export function buildPlanOverlayLayers(): LayerSpecification[] {
  return [
    {
      id: PLAN_LAYER_IDS.areaHighlight,
      type: 'line',
      source: PLAN_SOURCE_IDS.areas,
      filter: ['==', ['get', 'level'], 'grid'],
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], PLAN_COLORS.highlight, '#6d28d9'],
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, ['boolean', ['feature-state', 'changed'], false], 2.5, 0],
        'line-opacity': 0.95,
      },
    },
    {
      id: PLAN_LAYER_IDS.unserved,
      type: 'symbol',
      source: PLAN_SOURCE_IDS.unserved,
      layout: {
        'icon-image': PLAN_IMAGE_IDS.unserved,
        // Area proportional to residents, growing with the zoom (the image is 16 px across).
        'icon-size': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['min', 1.2, ['max', 0.28, ['*', 0.026, ['sqrt', ['get', 'population']]]]],
          15,
          ['min', 2.6, ['max', 0.6, ['*', 0.075, ['sqrt', ['get', 'population']]]]],
        ],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // The most populous on top.
        'symbol-sort-key': ['get', 'population'],
      },
      paint: { 'icon-opacity': 0.9 },
    },
  ]
}

/** On top: planned and closed stations and the ranked suggestions. */
export function buildPlanMarkerLayers(): LayerSpecification[] {
  return [
    {
      id: PLAN_LAYER_IDS.suggestions,
      type: 'circle',
      source: PLAN_SOURCE_IDS.suggestions,
      paint: {
        'circle-color': PLAN_COLORS.suggestion,
        'circle-radius': byZoom(10, 9, 15, 13),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: PLAN_LAYER_IDS.suggestionRanks,
      type: 'symbol',
      source: PLAN_SOURCE_IDS.suggestions,
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': LABEL_TEXT_FONT,
        'text-size': byZoom(10, 11, 15, 14),
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: PLAN_LAYER_IDS.stations,
      type: 'symbol',
      source: PLAN_SOURCE_IDS.stations,
      layout: {
        'icon-image': ['match', ['get', 'kind'], 'closed', PLAN_IMAGE_IDS.closed, PLAN_IMAGE_IDS.planned],
        'icon-size': byZoom(10, 0.7, 15, 1),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'text-field': ['get', 'label'],
        'text-font': LABEL_TEXT_FONT,
        'text-size': 12,
        'text-offset': [0, 1.5],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': PLAN_COLORS.planned, 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.5 },
    },
  ]
}

/** Images of the layers: a diagonal hatch for gaps, a planned station (plus) and a closed one (cross). */
export function drawPlanImages(pixelRatio: number): Record<string, ImageData> {
  const make = (size: number, draw: (c: CanvasRenderingContext2D, s: number) => void) => {
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = size * pixelRatio
    const c = canvas.getContext('2d')!
    c.scale(pixelRatio, pixelRatio)
    draw(c, size)
    return c.getImageData(0, 0, canvas.width, canvas.height)
  }
  return {
    [PLAN_IMAGE_IDS.hatch]: make(10, (c, s) => {
      c.strokeStyle = 'rgba(140, 29, 43, 0.75)'
      c.lineWidth = 1.4
      c.beginPath()
      // Three strokes so the pattern tiles without breaks at the corners.
      for (const o of [-s, 0, s]) {
        c.moveTo(o, s)
        c.lineTo(o + s, 0)
      }
      c.stroke()
    }),
    [PLAN_IMAGE_IDS.planned]: make(28, (c, s) => {
      c.fillStyle = '#ffffff'
      c.beginPath()
      c.arc(s / 2, s / 2, s / 2 - 1, 0, 2 * Math.PI)
      c.fill()
      c.fillStyle = PLAN_COLORS.planned
      c.beginPath()
      c.arc(s / 2, s / 2, s / 2 - 3.5, 0, 2 * Math.PI)
      c.fill()
      c.strokeStyle = '#ffffff'
      c.lineWidth = 3
      c.lineCap = 'round'
      c.beginPath()
      c.moveTo(s / 2, 8)
      c.lineTo(s / 2, s - 8)
      c.moveTo(8, s / 2)
      c.lineTo(s - 8, s / 2)
      c.stroke()
    }),
    // A dark diamond with a white edge: readable on every coverage colour, and unlike any station
    // mark (coloured dots, white pictogram badges).
    [PLAN_IMAGE_IDS.unserved]: make(16, (c, s) => {
      const diamond = (r: number) => {
        c.beginPath()
        c.moveTo(s / 2, s / 2 - r)
        c.lineTo(s / 2 + r, s / 2)
        c.lineTo(s / 2, s / 2 + r)
        c.lineTo(s / 2 - r, s / 2)
        c.closePath()
      }
      diamond(s / 2 - 0.5)
      c.fillStyle = '#ffffff'
      c.fill()
      diamond(s / 2 - 2)
      c.fillStyle = PLAN_COLORS.unserved
      c.fill()
    }),
    [PLAN_IMAGE_IDS.closed]: make(24, (c, s) => {
      c.fillStyle = 'rgba(255, 255, 255, 0.9)'
      c.beginPath()
      c.arc(s / 2, s / 2, s / 2 - 1, 0, 2 * Math.PI)
      c.fill()
      c.strokeStyle = PLAN_COLORS.closed
      c.lineWidth = 2
      c.stroke()
      c.strokeStyle = '#b42318'
      c.lineWidth = 3
      c.lineCap = 'round'
      c.beginPath()
      c.moveTo(7, 7)
      c.lineTo(s - 7, s - 7)
      c.moveTo(s - 7, 7)
      c.lineTo(7, s - 7)
      c.stroke()
    }),
  }
}
