// The edges a set of closures takes out of the walking network: every edge with a segment within
// `meters` of a closure's point (the segments' R-tree gives the candidates, the distance to each
// segment decides). Pure; the closures' rule (which issues, how far) is core/domain/passage-closures.ts.
import type { WalkNetwork } from './build-walk-network.js'
import { footOnSegment, metersToSegmentAt } from './internal/segment-point.js'

export interface ClosedEdges {
  /** 1 for each edge closed by any of the closures. */
  closed: Uint8Array
  /** The edges each closure closes, in the order of the closures (none: the point is farther than `meters` from every edge). */
  byClosure: number[][]
}

/**
 * The edges within `meters` of each of `points` ([lon, lat]).
 *
 * @example
 * const { closed, byClosure } = closeWalkEdges(net, [[106.731, 27.702]], 20)
 * computeNetworkReach(net, stations, places, snaps, { cutoffMeters: 1200, closed })
 */
export function closeWalkEdges(net: WalkNetwork, points: readonly (readonly [number, number])[], meters: number): ClosedEdges {
  if (!(meters >= 0) || !Number.isFinite(meters)) throw new RangeError(`meters must be a number ≥ 0, not ${meters}`)
  const closed = new Uint8Array(net.edgeCount)
  const { edge, index } = net.segments
  const byClosure = points.map(([lon, lat]) => {
    if (net.edgeCount === 0) return []
    const px = net.projection.x(lon)
    const py = net.projection.y(lat)
    const edges = new Set<number>()
    for (const s of index.search(px - meters, py - meters, px + meters, py + meters)) {
      if (edges.has(edge[s])) continue
      if (metersToSegmentAt(net.segments, s, footOnSegment(net.segments, s, px, py), px, py) <= meters) edges.add(edge[s])
    }
    const list = [...edges].sort((a, b) => a - b)
    for (const e of list) closed[e] = 1
    return list
  })
  return { closed, byClosure }
}
