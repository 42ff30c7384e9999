// A walk with some edges closed or some stations moved, from the same walk before: only the nodes
// whose way ran over a closed edge (their subtree in the walk's tree of last steps) or came from a
// station whose seeds changed are walked again, from their unaffected neighbours' labels — a closure costs the
// street network around it, not the city's (on 164,000 nodes a full walk is ~57 ms).
//
// Why it is exact: closing edges only takes ways away, so a node whose way used none of them keeps
// its way and it is still the shortest; the others are reset and reached again by Dijkstra from the
// kept labels at their edge (walkOn), and any new seed (a station moved or added, or one whose own
// street closed and joins the next one) is taken wherever it is better and walked on from there. Tested against the full walk on random networks.
import type { WalkNetwork } from './build-walk-network.js'
import { walkOn, type WalkReach, type WalkSeed } from './walk-from-sources.js'

/**
 * The walk of `seeds` within `cutoffMeters` with the `closed` edges out, from `open`: the same walk
 * (same stations, same cut-off) with every edge open. `changedSources`: the sources whose seeds differ
 * from those `open` was walked from.
 *
 * @example
 * const open = walkFromSources(net, seeds, 1200)
 * const shut = walkWithoutEdges(net, open, seeds, 1200, closed, new Set())
 */
export function walkWithoutEdges(net: WalkNetwork, open: WalkReach, seeds: readonly WalkSeed[], cutoffMeters: number, closed: Uint8Array, changedSources: ReadonlySet<number>): WalkReach {
  const n = net.nodeCount
  const reach: WalkReach = { meters: open.meters.slice(), source: open.source.slice(), via: open.via.slice() }
  const { meters, source, via } = reach
  const { offsets, adjacentNode, adjacentEdge, edgeLength } = net
  // Affected: below a closed edge of the walk's tree, or from a station whose seeds changed. A node's
  // children in the tree are the neighbours whose last step was the edge to it (no child lists built:
  // the walk from the last one stays within the part it changes).
  const affected = new Uint8Array(n)
  const stack: number[] = []
  for (let v = 0; v < n; v++) {
    if ((via[v] >= 0 && closed[via[v]]) || (source[v] >= 0 && changedSources.has(source[v]))) stack.push(v)
  }
  while (stack.length) {
    const v = stack.pop()!
    if (affected[v]) continue
    affected[v] = 1
    for (let k = offsets[v]; k < offsets[v + 1]; k++) if (via[adjacentNode[k]] === adjacentEdge[k]) stack.push(adjacentNode[k])
  }
  const candidates: [number, number, number, number][] = []
  for (let v = 0; v < n; v++) {
    if (!affected[v]) continue
    meters[v] = Infinity
    source[v] = -1
    via[v] = -1
  }
  // Each affected node's way in from an unaffected neighbour over an open edge.
  for (let v = 0; v < n; v++) {
    if (!affected[v]) continue
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const [u, e] = [adjacentNode[k], adjacentEdge[k]]
      if (!closed[e] && !affected[u] && Number.isFinite(meters[u])) candidates.push([v, meters[u] + edgeLength[e], source[u], e])
    }
  }
  // Every seed again: the unchanged ones are kept where they are (no better than their labels), and a
  // seed of a reset node or of a changed station is taken where it is better.
  return walkOn(net, reach, seeds, candidates, cutoffMeters, closed)
}
