// The street pieces a walk reaches, as lines in the network's local metres: what the drawn service
// area (a strip either side of them) is made of. Shared by the coverage per area (by tiles,
// strip-tiles.ts) and the service area of each station.
//
// An edge reached end to end is a whole piece; runs of them through nodes where only two edges meet
// (a street cut at driveways and kerbs, as an OpenStreetMap extract's ways are) are joined into one
// line, and the vertices that lie straight between their neighbours dropped: a city's network cut
// into ~20 m lines has 4× the pieces of its block sides, and Clipper's union of their strips took
// 10× as long (16 s against 1.6 s for 555 stations).
import type { PathD, PathsD } from 'clipper2-ts'
import type { WalkNetwork } from '../build-walk-network.js'
import type { Snap } from '../snap-to-walk-network.js'

/** What is known of the walk's reach for drawing: each node's metres and station, the stations joining an edge, the budget left for the strip. */
export interface ReachedStreets {
  net: WalkNetwork
  /** Metres of walk a street point may have used and still lie a strip's width inside the cut-off. */
  budget: number
  nodeMeters: Float64Array
  nodeSource: Int32Array
  /** The stations joining each edge that has any. */
  onEdge: Map<number, number[]>
  stationSnaps: readonly (Snap | null)[]
  closed?: Uint8Array
  /** Each edge's state as found (EDGE_NONE, EDGE_WHOLE, EDGE_PART; 0: not looked at yet). */
  states: Uint8Array
}

export const EDGE_NONE = 1
export const EDGE_WHOLE = 2
export const EDGE_PART = 3

export function createReachedStreets(net: WalkNetwork, reach: { nodes: { meters: Float64Array; source: Int32Array }; stationSnaps: readonly (Snap | null)[] }, budget: number, closed?: Uint8Array): ReachedStreets {
  const onEdge = new Map<number, number[]>()
  reach.stationSnaps.forEach((snap, s) => snap && onEdge.set(snap.edge, [...(onEdge.get(snap.edge) ?? []), s]))
  return { net, budget, nodeMeters: reach.nodes.meters, nodeSource: reach.nodes.source, onEdge, stationSnaps: reach.stationSnaps, closed, states: new Uint8Array(net.edgeCount) }
}

/** Whether edge e is reached not at all, end to end or in part: reachedSpans without its spans, found once per edge. */
export function reachedState(r: ReachedStreets, e: number): number {
  const known = r.states[e]
  if (known) return known
  const spans = reachedSpans(r, e)
  return (r.states[e] = spans === null ? EDGE_NONE : spans === 'whole' ? EDGE_WHOLE : EDGE_PART)
}

/** Edge e's reached part: 'whole', none (null), or its pieces as [from, to] metres along it. */
export function reachedSpans(r: ReachedStreets, e: number): 'whole' | [number, number][] | null {
  if (r.closed?.[e]) return null
  const { net, budget, nodeMeters } = r
  const len = net.edgeLength[e]
  const fromLeft = budget - nodeMeters[net.edgeFrom[e]]
  const toLeft = budget - nodeMeters[net.edgeTo[e]]
  const here = r.onEdge.get(e)
  // The common cases without an array: reached from one end through, from both ends meeting, or not at all.
  if (fromLeft >= len || toLeft >= len || (fromLeft > 0 && toLeft > 0 && fromLeft + toLeft >= len)) return 'whole'
  if (!here && fromLeft <= 0 && toLeft <= 0) return null
  const spans: [number, number][] = []
  if (fromLeft > 0) spans.push([0, fromLeft])
  if (toLeft > 0) spans.push([len - toLeft, len])
  for (const s of here ?? []) {
    const at = r.stationSnaps[s]!
    const left = budget - at.access
    if (left > 0) spans.push([Math.max(0, at.along - left), Math.min(len, at.along + left)])
  }
  if (!spans.length) return null
  spans.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push([...span])
  }
  return merged.length === 1 && merged[0][0] <= 0 && merged[0][1] >= len ? 'whole' : merged
}

/** The station an edge's strip is counted for: the lowest of its ends' and of those joining it (-1: none). */
export function stationOfEdge(r: ReachedStreets, e: number): number {
  const a = r.nodeSource[r.net.edgeFrom[e]]
  const b = r.nodeSource[r.net.edgeTo[e]]
  let best = a >= 0 && (b < 0 || a < b) ? a : b
  const here = r.onEdge.get(e)
  if (here) for (const s of here) if (s >= 0 && (best < 0 || s < best)) best = s
  return best
}

/** Where `m` metres falls between a segment's `start` and `stop` (0…1). A function of the module, not a closure per segment: run under tsx (esbuild's keepNames) each closure made is named at a cost, ~7 % of a city's first run. */
function fractionOf(m: number, start: number, stop: number): number {
  return stop > start ? Math.max(0, Math.min(1, (m - start) / (stop - start))) : 0
}

/** The part of edge e between `from` and `to` metres along it, in the network's local metres. */
export function edgePart(net: WalkNetwork, e: number, from: number, to: number): PathD {
  const { x0, y0, x1, y1, along } = net.segments
  const path: PathD = []
  const end = net.edgeSegments[e + 1]
  for (let s = net.edgeSegments[e]; s < end; s++) {
    const start = along[s]
    const stop = s + 1 < end ? along[s + 1] : net.edgeLength[e]
    if (stop < from || start > to) continue
    const ta = fractionOf(from, start, stop)
    const tb = fractionOf(to, start, stop)
    if (!path.length) path.push({ x: x0[s] + ta * (x1[s] - x0[s]), y: y0[s] + ta * (y1[s] - y0[s]) })
    path.push({ x: x0[s] + tb * (x1[s] - x0[s]), y: y0[s] + tb * (y1[s] - y0[s]) })
  }
  return path
}

/** How far (m) a vertex may lie off the line of its neighbours and still be dropped: a street's cuts (off by the coordinates' six decimals, ~0.1 m), not its bends. */
export const STRAIGHT_TOLERANCE_M = 0.25

/**
 * The path without the vertices that a straight line through the kept ones passes within
 * `tolerance` of: from each kept vertex the line runs on while every vertex passed lies within
 * `tolerance` of it and the path goes forward — a sleeve of directions, narrowed by each vertex
 * passed to those that pass within `tolerance` of it — so a gentle curve cut into many short
 * pieces keeps the vertices that shape it (a test of each vertex against its neighbours alone
 * flattened a 50 m arc drawn every metre by 1.5 m), and a straight run is one line.
 */
export function dropStraightVertices(path: PathD, tolerance = STRAIGHT_TOLERANCE_M): PathD {
  if (path.length < 3) return path
  return keptVertices(path.length, (k) => path[k].x, (k) => path[k].y, tolerance).map((k) => path[k])
}

/** dropStraightVertices over n points given by `x(k)` and `y(k)`: the indices of those kept, the first and last among them. */
export function keptVertices(n: number, x: (k: number) => number, y: (k: number) => number, tolerance: number): number[] {
  if (n < 3) return Array.from({ length: n }, (_, k) => k)
  const kept = [0]
  const t2 = tolerance * tolerance
  let ax = x(0)
  let ay = y(0)
  // The sleeve: directions between `right` (rx, ry) and `left` (lx, ly), unit vectors, and how far
  // along (ux, uy) the farthest vertex passed lies. No array literals here: this runs for every
  // crossing of a city's contours, and each [a, b] = [c, d] was an allocation.
  let open = false
  let rx = 0
  let ry = 0
  let lx = 0
  let ly = 0
  let ux = 0
  let uy = 0
  let far = 0
  for (let k = 1; k < n; k++) {
    const dx = x(k) - ax
    const dy = y(k) - ay
    const d2 = dx * dx + dy * dy
    if (d2 <= t2) continue
    const d = Math.sqrt(d2)
    const along = open ? dx * ux + dy * uy : d
    const fits = !open || (rx * dy - ry * dx >= 0 && dx * ly - dy * lx >= 0 && along >= far - tolerance)
    if (!fits) {
      // The last vertex that fitted ends this line and starts the next; k is taken again from it.
      kept.push(k - 1)
      ax = x(k - 1)
      ay = y(k - 1)
      open = false
      k--
      continue
    }
    // The directions from the kept vertex that pass within `tolerance` of this one: its direction turned by ±asin(tolerance / d).
    const sin = tolerance / d
    const cos = Math.sqrt(1 - sin * sin)
    const vx = dx / d
    const vy = dy / d
    const pRx = vx * cos + vy * sin
    const pRy = vy * cos - vx * sin
    const pLx = vx * cos - vy * sin
    const pLy = vy * cos + vx * sin
    if (!open) {
      rx = pRx
      ry = pRy
      lx = pLx
      ly = pLy
      ux = vx
      uy = vy
      far = d
      open = true
      continue
    }
    // Narrowed: the more anticlockwise of the right edges, the more clockwise of the left ones.
    if (rx * pRy - ry * pRx > 0) ((rx = pRx), (ry = pRy))
    if (lx * pLy - ly * pLx < 0) ((lx = pLx), (ly = pLy))
    if (along > far) far = along
  }
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1)
  return kept
}

/** Scratch marks per edge, reused from call to call (one per network): no array of the network's size per call. */
export interface EdgeMarks {
  mark: Uint32Array
  tick: number
}

export const createEdgeMarks = (net: WalkNetwork): EdgeMarks => ({ mark: new Uint32Array(net.edgeCount), tick: 0 })

/**
 * The reached pieces of `edges` (each once), whole edges chained through two-edge nodes to the next
 * whole edge among `edges` (and, with `group`, of the same group).
 */
export function streetPieces(r: ReachedStreets, edges: ArrayLike<number>, marks: EdgeMarks, group?: (e: number) => number): PathsD {
  const { net } = r
  // Marks this call: `member` for an edge of the set that is whole, `joined` once it is in a line.
  const member = ++marks.tick
  const joined = ++marks.tick
  const { mark } = marks
  const pieces: PathsD = []
  const whole: number[] = []
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k]
    if (mark[e] === member || mark[e] === joined) continue
    const state = reachedState(r, e)
    if (state === EDGE_WHOLE) {
      mark[e] = member
      whole.push(e)
      continue
    }
    // A partial edge is marked `joined` only to be taken once.
    mark[e] = joined
    if (state === EDGE_NONE) continue
    for (const [from, to] of reachedSpans(r, e) as [number, number][]) {
      const path = edgePart(net, e, from, to)
      if (path.length >= 2) pieces.push(path)
    }
  }
  /** The other whole edge of the set (and group) at node n where only two edges meet, not yet in a line (or -1). */
  const onward = (n: number, e: number, g: number) => {
    if (net.offsets[n + 1] - net.offsets[n] !== 2) return -1
    const k = net.adjacentEdge[net.offsets[n]] === e ? net.offsets[n] + 1 : net.offsets[n]
    const next = net.adjacentEdge[k]
    return next !== e && mark[next] === member && (!group || group(next) === g) ? next : -1
  }
  for (const e of whole) {
    if (mark[e] === joined) continue
    mark[e] = joined
    const g = group ? group(e) : 0
    const path = edgePart(net, e, 0, net.edgeLength[e])
    // Forward from the edge's last node (points added at the end), then backward from its first
    // (points gathered outward, then put before it): no copy of the line per edge joined.
    const before: PathD = []
    for (let pass = 0; pass < 2; pass++) {
      const forward = pass === 0
      const out = forward ? path : before
      let at = forward ? net.edgeTo[e] : net.edgeFrom[e]
      let from = e
      for (let next = onward(at, from, g); next >= 0; next = onward(at, from, g)) {
        mark[next] = joined
        const along = edgePart(net, next, 0, net.edgeLength[next])
        const leavesFromStart = net.edgeFrom[next] === at
        // Outward from `at`, without `at` itself.
        if (leavesFromStart) for (let k = 1; k < along.length; k++) out.push(along[k])
        else for (let k = along.length - 2; k >= 0; k--) out.push(along[k])
        at = leavesFromStart ? net.edgeTo[next] : net.edgeFrom[next]
        from = next
      }
    }
    const line = before.length ? before.reverse().concat(path) : path
    if (line.length >= 2) pieces.push(dropStraightVertices(line))
  }
  return pieces
}
