// Which demand points have a facility within the radius (great-circle distance): each facility
// visits the index cells its circle overlaps; only points near the circle's edge, where the flat
// projection could be wrong, are checked on the sphere.
import type { FeatureCollection, Point } from 'geojson'
import type { DemandIndex } from './create-demand-index.js'
import { haversineMeters } from './internal/local-meters.js'

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
  const { projection, lon, lat, x, y } = index
  const { cellMeters, minX, minY, columns, rows, start, order } = index.grid
  let minLat = index.minLat
  let maxLat = index.maxLat
  for (const f of facilities.features) {
    const fLat = f.geometry.coordinates[1]
    if (fLat < minLat) minLat = fLat
    if (fLat > maxLat) maxLat = fLat
  }
  const e = projection.relativeErrorFor(minLat, maxLat)
  const inner2 = (r * (1 - e)) ** 2
  const outer = r * (1 + e)
  const outer2 = outer * outer
  for (const f of facilities.features) {
    const [fLon, fLat] = f.geometry.coordinates
    const fx = projection.x(fLon)
    const fy = projection.y(fLat)
    const r0 = Math.max(0, Math.floor((fy - outer - minY) / cellMeters))
    const r1 = Math.min(rows - 1, Math.floor((fy + outer - minY) / cellMeters))
    for (let row = r0; row <= r1; row++) {
      // The row's nearest and farthest north-south offsets from the facility bound which of its
      // cells the circle can reach, and which lie wholly inside it.
      const rowY0 = minY + row * cellMeters - fy
      const rowY1 = rowY0 + cellMeters
      const nearY = rowY0 > 0 ? rowY0 : rowY1 < 0 ? -rowY1 : 0
      const farY = Math.max(Math.abs(rowY0), Math.abs(rowY1))
      if (nearY > outer) continue
      const reach = Math.sqrt(outer2 - nearY * nearY)
      const c0 = Math.max(0, Math.floor((fx - reach - minX) / cellMeters))
      const c1 = Math.min(columns - 1, Math.floor((fx + reach - minX) / cellMeters))
      // Cells whose every point is nearer than the inner radius: served without a distance test.
      let in0 = c1 + 1
      let in1 = c1
      if (farY * farY < inner2) {
        const inside = Math.sqrt(inner2 - farY * farY)
        in0 = Math.max(c0, Math.ceil((fx - inside - minX) / cellMeters))
        in1 = Math.min(c1, Math.floor((fx + inside - minX) / cellMeters) - 1)
      }
      const rowStart = row * columns
      if (in0 <= in1) {
        for (let k = start[rowStart + in0]; k < start[rowStart + in1 + 1]; k++) served[order[k]] = 1
        testRun(start[rowStart + c0], start[rowStart + in0])
        testRun(start[rowStart + in1 + 1], start[rowStart + c1 + 1])
      } else {
        testRun(start[rowStart + c0], start[rowStart + c1 + 1])
      }
    }

    // The cells of a row are adjacent in `order`: a run of cells is one range of it.
    function testRun(from: number, to: number): void {
      for (let k = from; k < to; k++) {
        const id = order[k]
        if (served[id]) continue
        const dx = x[id] - fx
        const dy = y[id] - fy
        const d2 = dx * dx + dy * dy
        if (d2 <= inner2 || (d2 <= outer2 && haversineMeters(fLon, fLat, lon[id], lat[id]) <= r)) served[id] = 1
      }
    }
  }
  return served
}
