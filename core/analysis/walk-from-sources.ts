// Multi-source Dijkstra on the walking network with a cut-off: one pass gives every node the
// metres to its nearest source and which source that is. Sources enter as seeds (a station joins
// the network partway along an edge, so it seeds both of that edge's nodes, each with the metres
// to reach it); nodes farther than `cutoffMeters` stay unreached (Infinity, source -1).
//
// The queue is a binary heap of entries (internal/walk-queue.ts) — a node with the metres and source
// it was pushed with, never changed — ordered by metres, with lazy deletion: a node is pushed again
// when it gets nearer, and an entry no longer its node's best is skipped when popped. Ties go to
// the lower source number, so the answer does not depend on the seeds' order.
import { createWalkQueue, popWalk, pushWalk } from './internal/walk-queue.js'
import type { WalkNetwork } from './build-walk-network.js'

export interface WalkSeed {
  node: number
  /** Metres already walked on reaching the node. */
  meters: number
  /** The source (e.g. a station's index) the seed belongs to. */
  source: number
}

export interface WalkReach {
  /** Metres from each node to its nearest source (Infinity beyond the cut-off). */
  meters: Float64Array
  /** That source, or -1. */
  source: Int32Array
  /** The edge each node was reached by on its way (its last step), -1 for a node a seed reached or none. */
  via: Int32Array
}

/**
 * Every node's nearest source within `cutoffMeters`, walking the open edges.
 *
 * @example
 * const reach = walkFromSources(net, [{ node: 4, meters: 35, source: 0 }], 1200)
 * reach.meters[9] // metres from source 0 to node 9, or Infinity
 */
export function walkFromSources(net: WalkNetwork, seeds: readonly WalkSeed[], cutoffMeters: number, closed?: Uint8Array): WalkReach {
  const reach: WalkReach = { meters: new Float64Array(net.nodeCount).fill(Infinity), source: new Int32Array(net.nodeCount).fill(-1), via: new Int32Array(net.nodeCount).fill(-1) }
  return walkOn(net, reach, seeds, [], cutoffMeters, closed)
}

/**
 * Dijkstra from labels already set (`reach`, changed in place): each seed and each candidate
 * ([node, metres, source, via edge]) is taken where it is better than the node's label, and the walk
 * goes on from every node so improved. From no labels it is a plain multi-source walk; from a walk
 * whose labels are right but for some reset to Infinity (close-walk-edges: the nodes whose way ran
 * over a closed edge), it walks only what changed.
 */
export function walkOn(net: WalkNetwork, reach: WalkReach, seeds: readonly WalkSeed[], candidates: readonly (readonly [number, number, number, number])[], cutoffMeters: number, closed?: Uint8Array): WalkReach {
  const { meters, source, via } = reach
  const done = new Uint8Array(net.nodeCount)
  const better = (n: number, m: number, s: number) => m < meters[n] || (m === meters[n] && s < source[n])
  const queue = createWalkQueue(seeds.length + candidates.length + 1024)
  const take = (n: number, m: number, s: number, e: number) => {
    meters[n] = m
    source[n] = s
    via[n] = e
    pushWalk(queue, n, m, s)
  }
  for (const seed of seeds) if (seed.meters <= cutoffMeters && better(seed.node, seed.meters, seed.source)) take(seed.node, seed.meters, seed.source, -1)
  for (const [n, m, s, e] of candidates) if (m <= cutoffMeters && better(n, m, s)) take(n, m, s, e)
  const { offsets, adjacentNode, adjacentEdge, edgeLength } = net
  while (queue.length) {
    popWalk(queue)
    const n = queue.node[queue.length]
    if (done[n] || queue.meters[queue.length] !== meters[n] || queue.source[queue.length] !== source[n]) continue
    done[n] = 1
    const m = meters[n]
    const s = source[n]
    for (let k = offsets[n]; k < offsets[n + 1]; k++) {
      const e = adjacentEdge[k]
      if (closed?.[e]) continue
      const next = adjacentNode[k]
      const through = m + edgeLength[e]
      if (!done[next] && through <= cutoffMeters && better(next, through, s)) take(next, through, s, e)
    }
  }
  return reach
}
