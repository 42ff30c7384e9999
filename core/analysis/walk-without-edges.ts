// A walk with some edges closed, from the same walk with them open: only the nodes whose way ran
// over a closed edge (their subtree in the walk's tree of last steps) or came from a station whose
// seeds changed are walked again, from their unaffected neighbours' labels — a closure costs the
// street network around it, not the city's (on 164,000 nodes a full walk is ~57 ms).
//
// Why it is exact: closing edges only takes ways away, so a node whose way used none of them keeps
// its way and it is still the shortest; the others are reset and reached again by Dijkstra from the
// kept labels at their edge (walkOn), and any new seed (a station whose own street closed joins the
// next one) is taken wherever it is better. Tested against the full walk on random networks.
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
  const parentOf = (v: number) => (net.edgeFrom[via[v]] === v ? net.edgeTo[via[v]] : net.edgeFrom[via[v]])
  // The walk's tree as child lists (compressed rows): node p's children are child[first[p] … first[p + 1]).
  const first = new Uint32Array(n + 1)
  for (let v = 0; v < n; v++) if (via[v] >= 0) first[parentOf(v) + 1]++
  for (let v = 0; v < n; v++) first[v + 1] += first[v]
  const fill = first.slice(0, n)
  const child = new Uint32Array(first[n])
  for (let v = 0; v < n; v++) if (via[v] >= 0) child[fill[parentOf(v)]++] = v

  // Affected: below a closed edge of the tree, or from a station whose seeds changed.
  const affected = new Uint8Array(n)
  const stack: number[] = []
  for (let v = 0; v < n; v++) {
    if ((via[v] >= 0 && closed[via[v]]) || (source[v] >= 0 && changedSources.has(source[v]))) stack.push(v)
  }
  while (stack.length) {
    const v = stack.pop()!
    if (affected[v]) continue
    affected[v] = 1
    for (let k = first[v]; k < first[v + 1]; k++) stack.push(child[k])
  }
  const candidates: [number, number, number, number][] = []
  for (let v = 0; v < n; v++) {
    if (!affected[v]) continue
    meters[v] = Infinity
    source[v] = -1
    via[v] = -1
  }
  // Each affected node's way in from an unaffected neighbour over an open edge.
  const { offsets, adjacentNode, adjacentEdge, edgeLength } = net
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
