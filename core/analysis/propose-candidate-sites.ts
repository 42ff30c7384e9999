// Candidate places for new service points when the planner gives none: the population-weighted
// centre of the unserved residents in each cell of a square grid (cells half the radius wide
// by default), so every cluster of unserved homes offers a site near its middle.
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'

export interface CandidateSiteOptions {
  cellMeters: number
}

export interface CandidateSiteProperties {
  /** Unserved residents in the cell the candidate stands for. */
  unservedPopulation: number
}

/**
 * One candidate per cell holding unserved residents, at their population-weighted centre.
 *
 * @example
 * const served = markServedPoints(index, stations, { radiusMeters: 1000 })
 * proposeCandidateSites(index, served, { cellMeters: 500 }) // FeatureCollection of points
 */
export function proposeCandidateSites(
  index: DemandIndex<{ population?: number }>,
  served: Uint8Array,
  options: CandidateSiteOptions,
): FeatureCollection<Point, CandidateSiteProperties> {
  const cell = options.cellMeters
  if (!(cell > 0) || !Number.isFinite(cell)) throw new RangeError(`cellMeters must be a positive number, not ${cell}`)
  const sums = new Map<string, { w: number; x: number; y: number }>()
  const { x, y } = index
  index.features.forEach((f, i) => {
    const population = f.properties.population ?? 0
    if (served[i] || population <= 0) return
    const key = `${Math.floor(x[i] / cell)},${Math.floor(y[i] / cell)}`
    const s = sums.get(key) ?? { w: 0, x: 0, y: 0 }
    s.w += population
    s.x += x[i] * population
    s.y += y[i] * population
    sums.set(key, s)
  })
  const features: Feature<Point, CandidateSiteProperties>[] = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: index.projection.toLonLat(s.x / s.w, s.y / s.w) },
      properties: { unservedPopulation: s.w },
    }))
  return { type: 'FeatureCollection', features }
}
