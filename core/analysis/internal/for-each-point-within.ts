// Visits the demand points within a great-circle radius of a place: the index cells the circle
// reaches, whole runs of cells inside it without a test, and a test on the sphere only for the
// points where the flat projection could be wrong.
import type { DemandIndex } from '../create-demand-index.js'
import { haversineMeters } from './local-meters.js'

export interface Reach {
  radiusMeters: number
  /** The projection's relative error bound over the latitudes involved. */
  relativeError: number
}

/**
 * Calls `visit(id)` once for each point within `reach.radiusMeters` of [lon, lat] whose `skip[id]`
 * is 0 (points already counted are passed over before any distance is computed). Without `visit`,
 * each such point is marked in `skip` instead (the fast path of marking served points).
 */
export function forEachPointWithin(index: DemandIndex, lon: number, lat: number, reach: Reach, skip: Uint8Array, visit?: (id: number) => void): void {
  const { projection, x, y } = index
  const { cellMeters, minX, minY, columns, rows, start, order } = index.grid
  const r = reach.radiusMeters
  const inner2 = (r * (1 - reach.relativeError)) ** 2
  const outer = r * (1 + reach.relativeError)
  const outer2 = outer * outer
  const fx = projection.x(lon)
  const fy = projection.y(lat)
  const test = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const id = order[k]
      if (skip[id]) continue
      const dx = x[id] - fx
      const dy = y[id] - fy
      const d2 = dx * dx + dy * dy
      if (d2 <= inner2 || (d2 <= outer2 && haversineMeters(lon, lat, index.lon[id], index.lat[id]) <= r)) {
        if (visit) visit(id)
        else skip[id] = 1
      }
    }
  }
  const r0 = Math.max(0, Math.floor((fy - outer - minY) / cellMeters))
  const r1 = Math.min(rows - 1, Math.floor((fy + outer - minY) / cellMeters))
  for (let row = r0; row <= r1; row++) {
    // The row's nearest and farthest north-south offsets bound which of its cells the circle
    // reaches and which lie wholly inside it; the cells of a row are one run of `order`.
    const rowY0 = minY + row * cellMeters - fy
    const rowY1 = rowY0 + cellMeters
    const nearY = rowY0 > 0 ? rowY0 : rowY1 < 0 ? -rowY1 : 0
    const farY = Math.max(Math.abs(rowY0), Math.abs(rowY1))
    if (nearY > outer) continue
    const half = Math.sqrt(outer2 - nearY * nearY)
    const c0 = Math.max(0, Math.floor((fx - half - minX) / cellMeters))
    const c1 = Math.min(columns - 1, Math.floor((fx + half - minX) / cellMeters))
    const rowStart = row * columns
    let in0 = c1 + 1
    let in1 = c1
    if (farY * farY < inner2) {
      const inside = Math.sqrt(inner2 - farY * farY)
      in0 = Math.max(c0, Math.ceil((fx - inside - minX) / cellMeters))
      in1 = Math.min(c1, Math.floor((fx + inside - minX) / cellMeters) - 1)
    }
    if (in0 <= in1) {
      const from = start[rowStart + in0]
      const to = start[rowStart + in1 + 1]
      if (visit) {
        for (let k = from; k < to; k++) if (!skip[order[k]]) visit(order[k])
      } else {
        for (let k = from; k < to; k++) skip[order[k]] = 1
      }
      test(start[rowStart + c0], start[rowStart + in0])
      test(start[rowStart + in1 + 1], start[rowStart + c1 + 1])
    } else {
      test(start[rowStart + c0], start[rowStart + c1 + 1])
    }
  }
}

/** The relative error bound of the index's projection for it and these extra latitudes. */
export function getRelativeError(index: DemandIndex, latitudes: Iterable<number>): number {
  let minLat = index.minLat
  let maxLat = index.maxLat
  for (const lat of latitudes) {
    if (lat < minLat) minLat = lat
    if (lat > maxLat) maxLat = lat
  }
  return index.projection.relativeErrorFor(minLat, maxLat)
}
