// Which demand points have a facility within the radius (great-circle distance): each facility
// visits only the index cells its circle reaches (see internal/for-each-point-within.ts).
import type { FeatureCollection, Point } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'
import { forEachPointWithin, getRelativeError } from './internal/for-each-point-within.js'

export interface MarkServedOptions {
  radiusMeters: number
}

/**
 * 1 for each demand point (in index order) within `radiusMeters` of some facility, else 0.
 *
 * @example
 * const served = markServedPoints(createDemandIndex(demand), stations, { radiusMeters: 1000 })
 */
export function markServedPoints(index: DemandIndex, facilities: FeatureCollection<Point>, options: MarkServedOptions): Uint8Array {
  const r = options.radiusMeters
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`radiusMeters must be a non-negative number, not ${r}`)
  const served = new Uint8Array(index.features.length)
  if (index.features.length === 0) return served
  const reach = { radiusMeters: r, relativeError: getRelativeError(index, facilities.features.map((f) => f.geometry.coordinates[1])) }
  for (const f of facilities.features) forEachPointWithin(index, f.geometry.coordinates[0], f.geometry.coordinates[1], reach, served)
  return served
}
