// "Atoms" of the synthetic city: small Voronoi cells (about a city block) from which every
// street, community and grid is built as a union, so siblings tile their parent exactly and
// boundaries zig-zag along block edges instead of running as straight lines.
import { Delaunay } from 'd3-delaunay'
import type { Rng } from '../../core/random.js'
import type { XY } from './geometry.js'

export interface Neighbour {
  atom: number
  /** Length of the shared Voronoi edge, in metres. */
  edge: number
}

/**
 * Variable-radius dart throwing: well-spaced points whose spacing follows `radiusAt`
 * (small radius → dense points). Deterministic for a given rng.
 */
export function throwDarts(
  rng: Rng,
  bbox: [number, number, number, number],
  radiusAt: (x: number, y: number) => number,
  attempts: number,
  minRadius: number,
  maxRadius: number,
  onProgress?: (attemptsDone: number) => void,
): XY[] {
  const cell = minRadius
  const cols = Math.ceil((bbox[2] - bbox[0]) / cell) + 1
  const rows = Math.ceil((bbox[3] - bbox[1]) / cell) + 1
  const buckets = new Map<number, number[]>()
  const pts: XY[] = []
  const reach = Math.ceil(maxRadius / cell)
  const every = Math.max(1, Math.floor(attempts / 50))
  for (let a = 0; a < attempts; a++) {
    if (onProgress && a % every === 0) onProgress(a)
    const x = rng.range(bbox[0], bbox[2])
    const y = rng.range(bbox[1], bbox[3])
    const r = radiusAt(x, y)
    const cx = Math.floor((x - bbox[0]) / cell)
    const cy = Math.floor((y - bbox[1]) / cell)
    const span = Math.min(reach, Math.ceil(r / cell))
    let ok = true
    for (let gy = Math.max(0, cy - span); ok && gy <= Math.min(rows - 1, cy + span); gy++) {
      for (let gx = Math.max(0, cx - span); ok && gx <= Math.min(cols - 1, cx + span); gx++) {
        const list = buckets.get(gy * cols + gx)
        if (!list) continue
        for (const i of list) {
          const dx = pts[i][0] - x
          const dy = pts[i][1] - y
          if (dx * dx + dy * dy < r * r) {
            ok = false
            break
          }
        }
      }
    }
    if (!ok) continue
    const key = cy * cols + cx
    const list = buckets.get(key)
    if (list) list.push(pts.length)
    else buckets.set(key, [pts.length])
    pts.push([x, y])
  }
  return pts
}

/** Voronoi neighbours of every site with the length of the shared edge (from the Delaunay halfedges). */
export function buildAdjacency(delaunay: Delaunay<XY>, circumcenters: Float64Array, count: number): Neighbour[][] {
  const adj: Neighbour[][] = Array.from({ length: count }, () => [])
  const { triangles, halfedges } = delaunay
  for (let e = 0; e < halfedges.length; e++) {
    const o = halfedges[e]
    if (o < e) continue // hull edge (-1) or already seen from the other side
    const i = triangles[e]
    const j = triangles[e % 3 === 2 ? e - 2 : e + 1]
    const t1 = Math.floor(e / 3)
    const t2 = Math.floor(o / 3)
    const len = Math.hypot(
      circumcenters[2 * t1] - circumcenters[2 * t2],
      circumcenters[2 * t1 + 1] - circumcenters[2 * t2 + 1],
    )
    adj[i].push({ atom: j, edge: len })
    adj[j].push({ atom: i, edge: len })
  }
  for (const list of adj) list.sort((a, b) => a.atom - b.atom)
  return adj
}

/**
 * Weighted k-means (k-means++ start, Lloyd iterations) over points with weights.
 * Returns the centres; points are assigned to the nearest centre by the caller.
 */
export function weightedKMeans(rng: Rng, pts: readonly XY[], weights: readonly number[], k: number, iterations: number): XY[] {
  if (k >= pts.length) return pts.slice(0, k).map((p): XY => [p[0], p[1]])
  const centres: XY[] = [pts[rng.weightedIndex(weights)]]
  const d2 = pts.map((p) => (p[0] - centres[0][0]) ** 2 + (p[1] - centres[0][1]) ** 2)
  while (centres.length < k) {
    const c = pts[rng.weightedIndex(d2.map((d, i) => d * weights[i] + 1e-9))]
    centres.push([c[0], c[1]])
    for (let i = 0; i < pts.length; i++) d2[i] = Math.min(d2[i], (pts[i][0] - c[0]) ** 2 + (pts[i][1] - c[1]) ** 2)
  }
  for (let it = 0; it < iterations; it++) {
    const assign = assignNearest(pts, centres)
    const sx = new Array(k).fill(0)
    const sy = new Array(k).fill(0)
    const sw = new Array(k).fill(0)
    for (let i = 0; i < pts.length; i++) {
      const c = assign[i]
      sx[c] += pts[i][0] * weights[i]
      sy[c] += pts[i][1] * weights[i]
      sw[c] += weights[i]
    }
    for (let c = 0; c < k; c++) {
      if (sw[c] > 0) centres[c] = [sx[c] / sw[c], sy[c] / sw[c]]
      else {
        // an empty cluster restarts on the point farthest from its centre
        let far = 0
        let farD = -1
        for (let i = 0; i < pts.length; i++) {
          const ci = centres[assign[i]]
          const d = (pts[i][0] - ci[0]) ** 2 + (pts[i][1] - ci[1]) ** 2
          if (d > farD) [far, farD] = [i, d]
        }
        centres[c] = [pts[far][0], pts[far][1]]
      }
    }
  }
  return centres
}

export function assignNearest(pts: readonly XY[], centres: readonly XY[], bias?: readonly number[]): number[] {
  return pts.map((p) => {
    let best = 0
    let bestD = Infinity
    centres.forEach((c, i) => {
      const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 - (bias ? bias[i] : 0)
      if (d < bestD) [best, bestD] = [i, d]
    })
    return best
  })
}

/**
 * Population-balanced clustering: k-means whose assignment subtracts a per-cluster bias
 * (a power diagram, so clusters stay convex), nudged until each cluster's load is near
 * its share of the total. Returns the label of every point.
 */
export function balancedKMeans(rng: Rng, pts: readonly XY[], weights: readonly number[], shares: readonly number[], iterations: number): number[] {
  const k = shares.length
  let centres = weightedKMeans(rng, pts, weights, k, 10)
  const total = weights.reduce((a, b) => a + b, 0)
  const shareSum = shares.reduce((a, b) => a + b, 0)
  const target = shares.map((s) => (total * s) / shareSum)
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const p of pts) [minX, minY, maxX, maxY] = [Math.min(minX, p[0]), Math.min(minY, p[1]), Math.max(maxX, p[0]), Math.max(maxY, p[1])]
  const unit = ((maxX - minX) * (maxY - minY)) / k // m²: about one cluster's area
  const bias = new Array(k).fill(0)
  let labels = assignNearest(pts, centres, bias)
  for (let it = 0; it < iterations; it++) {
    const load = new Array(k).fill(0)
    const sx = new Array(k).fill(0)
    const sy = new Array(k).fill(0)
    labels.forEach((c, i) => {
      load[c] += weights[i]
      sx[c] += pts[i][0] * weights[i]
      sy[c] += pts[i][1] * weights[i]
    })
    const rate = 0.25 * (1 - it / iterations)
    for (let c = 0; c < k; c++) {
      bias[c] += rate * unit * Math.max(-1, Math.min(1, (target[c] - load[c]) / target[c]))
      if (load[c] > 0) centres[c] = [sx[c] / load[c], sy[c] / load[c]]
    }
    centres = centres.map((c): XY => [c[0], c[1]])
    labels = assignNearest(pts, centres, bias)
  }
  // no empty cluster: an empty one takes the point nearest its centre
  for (let c = 0; c < k; c++) {
    if (labels.includes(c)) continue
    const counts = new Array(k).fill(0)
    labels.forEach((l) => counts[l]++)
    let best = -1
    let bestD = Infinity
    pts.forEach((p, i) => {
      const d = (p[0] - centres[c][0]) ** 2 + (p[1] - centres[c][1]) ** 2
      if (counts[labels[i]] > 1 && d < bestD) [best, bestD] = [i, d]
    })
    labels[best] = c
  }
  return labels
}

/**
 * Makes every label among `members` one edge-connected piece: smaller pieces join the
 * neighbouring label (inside the same member set) with which they share most edge length.
 * Edges shorter than `minEdge` metres do not connect (they would only touch at a point).
 */
export function enforceContiguity(members: readonly number[], label: Int32Array, adj: Neighbour[][], minEdge: number): number {
  const inSet = new Set(members)
  let moved = 0
  for (let round = 0; round < 20; round++) {
    const seen = new Set<number>()
    const piecesByLabel = new Map<number, number[][]>()
    for (const start of members) {
      if (seen.has(start)) continue
      const piece: number[] = []
      const stack = [start]
      seen.add(start)
      while (stack.length) {
        const a = stack.pop()!
        piece.push(a)
        for (const n of adj[a]) {
          if (n.edge < minEdge || !inSet.has(n.atom) || seen.has(n.atom) || label[n.atom] !== label[start]) continue
          seen.add(n.atom)
          stack.push(n.atom)
        }
      }
      const list = piecesByLabel.get(label[start])
      if (list) list.push(piece)
      else piecesByLabel.set(label[start], [piece])
    }
    let changed = false
    for (const [, pieces] of [...piecesByLabel].sort((a, b) => a[0] - b[0])) {
      if (pieces.length < 2) continue
      pieces.sort((a, b) => b.length - a.length || a[0] - b[0])
      for (const piece of pieces.slice(1)) {
        const pieceSet = new Set(piece)
        const shared = new Map<number, number>()
        for (const a of piece)
          for (const n of adj[a]) {
            if (n.edge < minEdge || !inSet.has(n.atom) || pieceSet.has(n.atom)) continue
            shared.set(label[n.atom], (shared.get(label[n.atom]) ?? 0) + n.edge)
          }
        let best = -1
        let bestLen = -1
        for (const [l, len] of [...shared].sort((a, b) => a[0] - b[0])) if (len > bestLen) [best, bestLen] = [l, len]
        if (best < 0) continue
        for (const a of piece) label[a] = best
        moved += piece.length
        changed = true
      }
    }
    if (!changed) break
  }
  return moved
}

export { Delaunay }
