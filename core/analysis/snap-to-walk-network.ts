// Where a place joins the walking network. The rule (README, *Walking on the network*): a point
// joins at the nearest point of the nearest edge within `maxMeters` (default 300 m), and the straight
// walk to it counts at the same speed as the network; a point farther than that from every edge is
// unreachable. Closed edges (live closures) are passed over, so a place beside a closed street joins
// the nearest open one.
//
// Nearest by the segments' R-tree: candidates come in order of their boxes' distance, which is never
// more than the segment's own, so once a box lies farther than the best segment found, no later one
// can be nearer (flatbush's neighbors, asked for more candidates only when needed).
import type { WalkNetwork } from './build-walk-network.js'
import { footOnSegment, metersToSegmentAt } from './internal/segment-point.js'

/** How far (metres) a place may lie from the network and still join it. */
export const DEFAULT_SNAP_METERS = 300

export interface Snap {
  edge: number
  /** Metres along the edge from its first node (edgeFrom) to the joining point. */
  along: number
  /** Metres of the straight walk from the place to the joining point. */
  access: number
}

/**
 * The joining point of [lon, lat], or null beyond `maxMeters` of every open edge.
 *
 * @example
 * const snap = snapToWalkNetwork(net, 106.73, 27.7) // { edge: 12, along: 41.5, access: 18.2 } or null
 */
export function snapToWalkNetwork(net: WalkNetwork, lon: number, lat: number, maxMeters = DEFAULT_SNAP_METERS, closed?: Uint8Array): Snap | null {
  const { x0, y0, x1, y1, edge, along, index } = net.segments
  if (net.edgeCount === 0) return null
  const px = net.projection.x(lon)
  const py = net.projection.y(lat)
  let best = Infinity
  let bestSegment = -1
  let bestT = 0
  for (let k = 8; ; k *= 4) {
    const found = index.neighbors(px, py, k, maxMeters)
    let farthestBox = 0
    for (const s of found) {
      if (closed?.[edge[s]]) continue
      const t = footOnSegment(net.segments, s, px, py)
      const d = metersToSegmentAt(net.segments, s, t, px, py)
      if (d < best || (d === best && s < bestSegment)) ((best = d), (bestSegment = s), (bestT = t))
    }
    if (found.length) {
      const s = found[found.length - 1]
      farthestBox = Math.hypot(Math.max(0, Math.min(x0[s], x1[s]) - px, px - Math.max(x0[s], x1[s])), Math.max(0, Math.min(y0[s], y1[s]) - py, py - Math.max(y0[s], y1[s])))
    }
    // Every segment left is at least as far as the last box returned (or beyond maxMeters).
    if (found.length < k || farthestBox >= best) break
  }
  if (bestSegment < 0 || best > maxMeters) return null
  const e = edge[bestSegment]
  // The segment's share of the edge's length, measured on the sphere when the network was built.
  const next = bestSegment + 1 < edge.length && edge[bestSegment + 1] === e ? along[bestSegment + 1] : net.edgeLength[e]
  return { edge: e, along: along[bestSegment] + bestT * (next - along[bestSegment]), access: best }
}

/** Many places' joining points, as typed arrays: edge -1 for a place off the network. */
export interface PlaceSnaps {
  edge: Int32Array
  along: Float64Array
  access: Float64Array
}

/**
 * The joining points of many places (the demand points: snapped once per network and reused by
 * every coverage asked of it, since snapping 200,000 of them takes ~0.9 s and the walk itself ~35 ms).
 */
export function snapPlaces(net: WalkNetwork, places: { lon: ArrayLike<number>; lat: ArrayLike<number> }, maxMeters = DEFAULT_SNAP_METERS, closed?: Uint8Array): PlaceSnaps {
  const count = places.lon.length
  const out: PlaceSnaps = { edge: new Int32Array(count).fill(-1), along: new Float64Array(count), access: new Float64Array(count) }
  for (let i = 0; i < count; i++) {
    const snap = snapToWalkNetwork(net, places.lon[i], places.lat[i], maxMeters, closed)
    if (!snap) continue
    out.edge[i] = snap.edge
    out.along[i] = snap.along
    out.access[i] = snap.access
  }
  return out
}
