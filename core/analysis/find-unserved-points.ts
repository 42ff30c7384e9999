// Demand points with no facility within the radius: the residents a 15-minute circle misses.
import type { Feature, FeatureCollection, Point } from 'geojson'
import { createDemandIndex, type DemandIndex } from './create-demand-index.js'
import { markServedPoints } from './mark-served-points.js'

export interface FindUnservedOptions {
  radiusMeters: number
}

/**
 * The demand points (as given, in input order) farther than `radiusMeters` (great-circle) from
 * every facility. Pass a DemandIndex instead of the points to reuse it across calls.
 *
 * @example
 * findUnservedPoints(demand, stations, { radiusMeters: getServiceRadius({ minutes: 15 }) })
 * // → FeatureCollection of the demand points outside every 1,000 m circle
 */
export function findUnservedPoints<P>(
  demand: FeatureCollection<Point, P> | DemandIndex<P>,
  facilities: FeatureCollection<Point>,
  options: FindUnservedOptions,
): FeatureCollection<Point, P> {
  const index = 'grid' in demand ? demand : createDemandIndex(demand)
  const served = markServedPoints(index as DemandIndex, facilities, options)
  const features: Feature<Point, P>[] = []
  index.features.forEach((f, i) => served[i] || features.push(f))
  return { type: 'FeatureCollection', features }
}
