// How many facilities serve each demand point, kept up to date as a planner adds, moves or
// removes hypothetical stations: a change visits only the points within reach of the stations it
// touches, so a what-if costs a copy of the counts and a few thousand point tests, not a rerun.
import type { Position } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'
import { forEachPointWithin, getRelativeError } from './internal/for-each-point-within.js'

export interface ServingChange {
  /** Places of stations taken away (a move is a removal and an addition). */
  remove?: Position[]
  add?: Position[]
}

/**
 * The number of places (facility positions) within `radiusMeters` of each demand point; with
 * `base`, those counts changed by `change` (a new array: `base` is left as it was). A point is
 * served where its count is above zero.
 *
 * @example
 * const counts = countServingFacilities(index, stations.map((f) => f.geometry.coordinates), { radiusMeters: 1000 })
 * const moved = countServingFacilities(index, [], { radiusMeters: 1000 }, counts, { remove: [oldPlace], add: [newPlace] })
 */
export function countServingFacilities(
  index: DemandIndex,
  places: Position[],
  options: { radiusMeters: number },
  base?: Uint16Array,
  change: ServingChange = {},
): Uint16Array {
  const r = options.radiusMeters
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`radiusMeters must be a non-negative number, not ${r}`)
  const n = index.features.length
  if (base && base.length !== n) throw new RangeError(`base has ${base.length} counts for ${n} demand points`)
  const counts = base ? base.slice() : new Uint16Array(n)
  const remove = change.remove ?? []
  const add = [...places, ...(change.add ?? [])]
  const reach = { radiusMeters: r, relativeError: getRelativeError(index, [...remove, ...add].map((p) => p[1])) }
  const none = new Uint8Array(n)
  for (const [lon, lat] of add) forEachPointWithin(index, lon, lat, reach, none, (id) => void counts[id]++)
  for (const [lon, lat] of remove) {
    forEachPointWithin(index, lon, lat, reach, none, (id) => {
      if (counts[id] === 0) throw new RangeError(`no station to remove at ${lon},${lat}`)
      counts[id]--
    })
  }
  return counts
}
