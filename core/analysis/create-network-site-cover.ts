// Which demand points a new site would serve on the walking network, for site suggestion (greedy
// maximal covering, suggest-sites.ts) on network reach: a site joins the network by the snapping rule,
// one Dijkstra from it with the cut-off (on reusable labels, reset after each site: a candidate's walk
// touches its few thousand nodes, not the city's), and each place on an edge it reaches is served when
// its own walk — its straight walk to the edge, along it to a reached end (or to the site on the same
// edge) — is within the cut-off. The places are grouped by the edge they join (once per network).
import { createWalkQueue, popWalk, pushWalk } from './internal/walk-queue.js'
import type { WalkNetwork } from './build-walk-network.js'
import { DEFAULT_SNAP_METERS, snapToWalkNetwork, type PlaceSnaps } from './snap-to-walk-network.js'

/** Visits the points a site at [lon, lat] serves that `skip` does not mark (marking them there when no `visit` is given, as forEachPointWithin does). */
export type SiteCover = (lon: number, lat: number, skip: Uint8Array, visit?: (id: number) => void) => void

/**
 * @example
 * const cover = createNetworkSiteCover(net, snaps, { cutoffMeters: 1200 })
 * let gain = 0
 * cover(106.73, 27.70, served, (i) => (gain += population[i]))
 */
export function createNetworkSiteCover(net: WalkNetwork, snaps: PlaceSnaps, options: { cutoffMeters: number; closed?: Uint8Array; maxSnapMeters?: number }): SiteCover {
  const { cutoffMeters, closed, maxSnapMeters = DEFAULT_SNAP_METERS } = options
  // Places by the edge they join (compressed rows); a place on a closed edge, or off the network, is left out:
  // the caller's `served` (computeNetworkReach with the same closures) has them as they stand.
  const first = new Uint32Array(net.edgeCount + 1)
  for (let i = 0; i < snaps.edge.length; i++) if (snaps.edge[i] >= 0 && !closed?.[snaps.edge[i]]) first[snaps.edge[i] + 1]++
  for (let e = 0; e < net.edgeCount; e++) first[e + 1] += first[e]
  const fill = first.slice(0, net.edgeCount)
  const placeOn = new Uint32Array(first[net.edgeCount])
  for (let i = 0; i < snaps.edge.length; i++) if (snaps.edge[i] >= 0 && !closed?.[snaps.edge[i]]) placeOn[fill[snaps.edge[i]]++] = i

  const meters = new Float64Array(net.nodeCount).fill(Infinity)
  const touched: number[] = []
  const seen = new Uint8Array(net.edgeCount)
  const edges: number[] = []
  // One queue for every candidate's walk, emptied before each.
  const queue = createWalkQueue(1024)
  const { offsets, adjacentNode, adjacentEdge, edgeLength, edgeFrom, edgeTo } = net

  return (lon, lat, skip, visit) => {
    const snap = snapToWalkNetwork(net, lon, lat, maxSnapMeters, closed)
    if (!snap) return
    queue.length = 0
    const reach = (n: number, m: number) => {
      if (m > cutoffMeters || m >= meters[n]) return
      if (meters[n] === Infinity) touched.push(n)
      meters[n] = m
      pushWalk(queue, n, m, 0)
    }
    reach(edgeFrom[snap.edge], snap.access + snap.along)
    reach(edgeTo[snap.edge], snap.access + edgeLength[snap.edge] - snap.along)
    while (queue.length) {
      popWalk(queue)
      const [m, n] = [queue.meters[queue.length], queue.node[queue.length]]
      if (m !== meters[n]) continue
      for (let k = offsets[n]; k < offsets[n + 1]; k++) if (!closed?.[adjacentEdge[k]]) reach(adjacentNode[k], m + edgeLength[adjacentEdge[k]])
    }
    // The edges the walk reaches: those at a reached node, and the site's own.
    const note = (e: number) => !seen[e] && !closed?.[e] && ((seen[e] = 1), edges.push(e))
    note(snap.edge)
    for (const n of touched) for (let k = offsets[n]; k < offsets[n + 1]; k++) note(adjacentEdge[k])
    for (const e of edges) {
      for (let k = first[e]; k < first[e + 1]; k++) {
        const i = placeOn[k]
        if (skip[i]) continue
        const [a, b] = [edgeFrom[e], edgeTo[e]]
        let walk = Math.min(meters[a] + snaps.along[i], meters[b] + edgeLength[e] - snaps.along[i])
        if (e === snap.edge) walk = Math.min(walk, snap.access + Math.abs(snaps.along[i] - snap.along))
        if (walk + snaps.access[i] > cutoffMeters) continue
        if (visit) visit(i)
        else skip[i] = 1
      }
    }
    for (const n of touched) meters[n] = Infinity
    for (const e of edges) seen[e] = 0
    touched.length = 0
    edges.length = 0
  }
}
