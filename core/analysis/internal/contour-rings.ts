// Marching squares over a lattice of values: the rings round the points above a threshold, each
// crossing read with linear interpolation, every ring with the region on its left (outer rings
// counter-clockwise, holes clockwise, in a y-up plane), and each hole given to the smallest outer
// ring round it. A saddle is resolved by the cell's mean (as d3-contour does).
//
// Why not d3-contour, which does the same: it stitches its rings with an object and two arrays per
// cell crossed and keys its fragments in sparse arrays; on a city's 1,074 grids (5 million lattice
// points, ~1 million crossings) it took ~180 ms a run and most of the garbage collector's time. Here
// each crossing is one slot of a typed array, reused from call to call.

import { keptVertices } from './street-pieces.js'

/** What a caller may know of the rows: per row, 1 when a value is above the threshold and 2 when one is not (`signs`), and the columns [lo, hi] outside which every value is below it (`spans`, two per row). */
export interface RowHints {
  signs: Uint8Array
  spans: Int32Array
}

/** One polygon of a contour: its outer ring, then its holes, each as flat coordinates in lattice units (x along a row, y across rows: x0, y0, x1, y1, …). */
export type ContourPolygon = number[][]

/**
 * The segments of each case (corner bits: 1 south-west, 2 south-east, 4 north-east, 8 north-west),
 * as pairs of the cell's edges (0 south, 1 east, 2 north, 3 west), from one to the other with the
 * region above the threshold on the left. Saddles (5 and 10) are given for a mean below the
 * threshold; above it, SADDLE_JOINED.
 */
const SEGMENTS: readonly (readonly number[])[] = [
  [],
  [0, 3],
  [1, 0],
  [1, 3],
  [2, 1],
  [0, 3, 2, 1],
  [2, 0],
  [2, 3],
  [3, 2],
  [0, 2],
  [1, 0, 3, 2],
  [1, 2],
  [3, 1],
  [0, 1],
  [3, 0],
  [],
]
const SADDLE_JOINED: Record<number, readonly number[]> = { 5: [0, 1, 2, 3], 10: [1, 2, 3, 0] }

let nextEdge = new Int32Array(0)
let xy: Float64Array = new Float64Array(1024)
/** The edges each segment starts from, in the order found (scratch, reused). */
let startEdges: Int32Array = new Int32Array(1024)
let seen = new Uint32Array(0)
let stamp = 0

/**
 * The polygons round the points of `values` (w × h, row by row) above `threshold`. The lattice's
 * border must lie below it (every ring closes inside the lattice). `area`: the region's area in
 * square lattice units (its rings' signed areas summed, before any vertex is dropped). With `rows`,
 * a row of cells between two rows all on one side is skipped, and so is every cell outside the rows'
 * spans. With `tolerance` (lattice units), a straight edge's crossings of every cell side are one
 * line (dropStraightVertices), dropped before any array is made for them.
 */
export function contourRings(values: ArrayLike<number>, w: number, h: number, threshold: number, rows?: RowHints, tolerance = 0): { polygons: ContourPolygon[]; area: number } {
  // Edge ids: the south edge of cell (i, j) is j·w + i; its west edge is w·h + j·w + i.
  const size = 2 * w * h
  if (nextEdge.length < size) [nextEdge, seen] = [new Int32Array(size), new Uint32Array(size)]
  if (++stamp === 0xffffffff) (seen.fill(0), (stamp = 1))
  let starts = 0
  const wh = w * h
  for (let j = 0; j < h - 1; j++) {
    let i0 = 0
    let i1 = w - 2
    if (rows) {
      if ((rows.signs[j] | rows.signs[j + 1]) !== 3) continue
      // A cell with a corner in either row's span.
      i0 = Math.max(0, Math.min(rows.spans[2 * j], rows.spans[2 * j + 2]) - 1)
      i1 = Math.min(w - 2, Math.max(rows.spans[2 * j + 1], rows.spans[2 * j + 3]))
    }
    const row = j * w
    // Each cell's west corners are the last one's east corners.
    let a = values[row + i0]
    let d = values[row + i0 + w]
    let west = (a > threshold ? 1 : 0) | (d > threshold ? 8 : 0)
    for (let i = i0; i <= i1; i++) {
      const k = row + i
      const b = values[k + 1]
      const c = values[k + w + 1]
      const east = (b > threshold ? 2 : 0) | (c > threshold ? 4 : 0)
      const bits = west | east
      if (bits !== 0 && bits !== 15) {
        const segments = (bits === 5 || bits === 10) && (a + b + c + d) / 4 > threshold ? SADDLE_JOINED[bits] : SEGMENTS[bits]
        for (let s = 0; s < segments.length; s += 2) {
          const from = edgeId(segments[s], k, w, wh)
          nextEdge[from] = edgeId(segments[s + 1], k, w, wh)
          if (starts === startEdges.length) startEdges = growInts(startEdges)
          startEdges[starts++] = from
        }
      }
      a = b
      d = c
      west = ((east & 2) >> 1) | ((east & 4) << 1)
    }
  }
  const outers: { ring: number[]; area: number; box: number[] }[] = []
  const holes: number[][] = []
  let total = 0
  for (let t = 0; t < starts; t++) {
    const start = startEdges[t]
    if (seen[start] === stamp) continue
    let n = 0
    for (let e = start; seen[e] !== stamp; e = nextEdge[e]) {
      seen[e] = stamp
      if (2 * n + 2 > xy.length) xy = grow(xy)
      crossing(values, e, w, wh, threshold, xy, n++)
    }
    let area = 0
    for (let p = 0, q = n - 1; p < n; q = p++) area += (xy[2 * q] + xy[2 * p]) * (xy[2 * p + 1] - xy[2 * q + 1])
    if (area === 0) continue
    total += area / 2
    const ring: number[] = []
    const points = xy
    for (const p of tolerance > 0 ? keptVertices(n, (k) => points[2 * k], (k) => points[2 * k + 1], tolerance) : Array.from({ length: n }, (_, k) => k)) ring.push(points[2 * p], points[2 * p + 1])
    if (area > 0) outers.push({ ring, area, box: boxOf(ring) })
    else holes.push(ring)
  }
  outers.sort((p, q) => p.area - q.area)
  const polygons = outers.map(({ ring }) => [ring])
  for (const hole of holes) {
    const [x, y] = hole
    const owner = outers.findIndex(({ ring, box }) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && contains(ring, x, y))
    if (owner >= 0) polygons[owner].push(hole)
  }
  return { polygons, area: total }
}

/** The id of the cell's edge `side` (0 south, 1 east, 2 north, 3 west) for the cell at k. */
function edgeId(side: number, k: number, w: number, wh: number): number {
  return side === 0 ? k : side === 1 ? wh + k + 1 : side === 2 ? k + w : wh + k
}

/** Where the threshold falls on edge e, in lattice units, written as the n-th point of `out`. */
function crossing(values: ArrayLike<number>, e: number, w: number, wh: number, threshold: number, out: Float64Array, n: number): void {
  const vertical = e >= wh
  const k = vertical ? e - wh : e
  const i = k % w
  const j = (k - i) / w
  const v0 = values[k]
  const v1 = values[vertical ? k + w : k + 1]
  const t = v1 === v0 ? 0.5 : (threshold - v0) / (v1 - v0)
  out[2 * n] = vertical ? i : i + t
  out[2 * n + 1] = vertical ? j + t : j
}

function growInts(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2)
  b.set(a)
  return b
}

function boxOf(ring: number[]): number[] {
  const box = [Infinity, Infinity, -Infinity, -Infinity]
  for (let k = 0; k < ring.length; k += 2) ((box[0] = Math.min(box[0], ring[k])), (box[1] = Math.min(box[1], ring[k + 1])), (box[2] = Math.max(box[2], ring[k])), (box[3] = Math.max(box[3], ring[k + 1])))
  return box
}

function contains(ring: number[], x: number, y: number): boolean {
  let inside = false
  const n = ring.length / 2
  for (let p = 0, q = n - 1; p < n; q = p++) {
    const ax = ring[2 * p]
    const ay = ring[2 * p + 1]
    const bx = ring[2 * q]
    const by = ring[2 * q + 1]
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
  }
  return inside
}
