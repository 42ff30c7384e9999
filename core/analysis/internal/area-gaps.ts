// An area's gap — its land not within the walk — from the streets' distance field (strip-field.ts),
// as polygons: marching squares (d3-contour) over the lesser of "how far past the strip" and "how
// far inside the area", so the gap's edge follows both the strips' edges and the area's own
// boundary, each read with linear interpolation between lattice points (straight edges exact,
// an area's corner cut by at most a cell's diagonal, ~14 m at 10 m cells). The gap's area is that
// of its polygons: the figures and the map say the same.
import type { PathD, PathsD } from 'clipper2-ts'
import { contourRings, type RowHints } from './contour-rings.js'
import type { LatticeWindow, StripLattice } from './strip-field.js'
/** How far (m) a drawn gap or service area may stray from its contour. */
const DRAWN_TOLERANCE_M = 1

/** An area on the lattice: its box of points and each point's signed distance to its boundary (positive inside), clamped to two cells. */
export interface AreaLattice extends LatticeWindow {
  signed: Float32Array
  /** Per row, the first and last column within a cell of the area (signed > −cell); none: first > last. */
  spans: Int32Array
}

/** The area with these rings (any orientation, holes and parts by even-odd, local metres) on the lattice. */
export function createAreaLattice(rings: PathsD, lattice: StripLattice): AreaLattice {
  const { cell, x0, y0 } = lattice
  let [bx0, by0, bx1, by1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const ring of rings) for (const p of ring) ((bx0 = Math.min(bx0, p.x)), (by0 = Math.min(by0, p.y)), (bx1 = Math.max(bx1, p.x)), (by1 = Math.max(by1, p.y)))
  if (!Number.isFinite(bx0)) return { i0: 0, j0: 0, w: 0, h: 0, signed: new Float32Array(0), spans: new Int32Array(0) }
  // A cell's margin each side: the box's border is outside the area.
  const i0 = Math.floor((bx0 - x0) / cell) - 1
  const j0 = Math.floor((by0 - y0) / cell) - 1
  const w = Math.ceil((bx1 - x0) / cell) + 1 - i0 + 1
  const h = Math.ceil((by1 - y0) / cell) + 1 - j0 + 1
  const limit = 2 * cell
  const dist = new Float32Array(w * h).fill(limit)
  const crossings: number[][] = Array.from({ length: h }, () => [])
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const a = ring[k]
      const b = ring[(k + 1) % ring.length]
      // In cells from the box's corner.
      const [ax, ay, bx, by] = [(a.x - x0) / cell - i0, (a.y - y0) / cell - j0, (b.x - x0) / cell - i0, (b.y - y0) / cell - j0]
      // Even-odd crossings of each row's line (half-open in y, so a vertex on a row counts once).
      const [lo, hi] = ay < by ? [ay, by] : [by, ay]
      for (let j = Math.ceil(lo); j < hi && j < h; j++) if (j >= 0 && j >= lo) crossings[j].push(ax + ((j - ay) * (bx - ax)) / (by - ay))
      drawSegmentDistance(dist, w, h, ax, ay, bx, by, limit / cell, cell)
    }
  }
  const signed = new Float32Array(w * h)
  for (let j = 0; j < h; j++) {
    const xs = crossings[j].sort((p, q) => p - q)
    const row = j * w
    for (let i = 0; i < w; i++) signed[row + i] = -dist[row + i]
    for (let k = 0; k + 1 < xs.length; k += 2) {
      for (let i = Math.max(0, Math.ceil(xs[k])); i < xs[k + 1] && i < w; i++) signed[row + i] = dist[row + i]
    }
  }
  const spans = new Int32Array(2 * h)
  for (let j = 0; j < h; j++) {
    let [lo, hi] = [w, -1]
    for (let i = 0; i < w; i++) if (signed[j * w + i] > -cell) ((lo = Math.min(lo, i)), (hi = i))
    ;[spans[2 * j], spans[2 * j + 1]] = [lo, hi]
  }
  return { i0, j0, w, h, signed, spans }
}

/** The tiles whose fields an area's gap reads (column and row ranges, clamped to the lattice's tiles). */
export function areaTiles(area: AreaLattice, lattice: StripLattice): { c0: number; c1: number; r0: number; r1: number } {
  const col = (i: number) => Math.min(lattice.cols - 1, Math.max(0, Math.floor(i / lattice.n)))
  const row = (j: number) => Math.min(lattice.rows - 1, Math.max(0, Math.floor(j / lattice.n)))
  return { c0: col(area.i0), c1: col(area.i0 + area.w - 1), r0: row(area.j0), r1: row(area.j0 + area.h - 1) }
}

/** Each point's distance (m) to the segment (in cells), where nearer than `reach` cells. */
function drawSegmentDistance(dist: Float32Array, w: number, h: number, ax: number, ay: number, bx: number, by: number, reach: number, cell: number): void {
  const [dx, dy] = [bx - ax, by - ay]
  const len2 = dx * dx + dy * dy
  const j0 = Math.max(0, Math.ceil(Math.min(ay, by) - reach))
  const j1 = Math.min(h - 1, Math.floor(Math.max(ay, by) + reach))
  const i0 = Math.max(0, Math.ceil(Math.min(ax, bx) - reach))
  const i1 = Math.min(w - 1, Math.floor(Math.max(ax, bx) + reach))
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const [px, py] = [i - ax, j - ay]
      let u = len2 > 0 ? (px * dx + py * dy) / len2 : 0
      u = u < 0 ? 0 : u > 1 ? 1 : u
      const [ex, ey] = [px - u * dx, py - u * dy]
      const d = Math.sqrt(ex * ex + ey * ey) * cell
      if (d < dist[j * w + i]) dist[j * w + i] = d
    }
  }
}

/** The lattice values of the last area, reused (an area's box is a few thousand to a few hundred thousand points). */
let scratch = new Float32Array(0)
/** Per row of the last area: 1 when a value is above 0, 2 when one is not (contourRings skips the cells between two rows of one side). */
let rowSigns = new Uint8Array(0)

export interface FieldGap {
  gapSqm: number
  /** The gap's polygons in local metres (outer ring, then holes), or 'whole' (none of the area is covered), or none. */
  polygons: PathsD[] | 'whole'
}

/**
 * The area's gap given the tiles' fields (`fieldOf(t)`: tile t's field, or none where nothing is
 * reached near it) and the strip's width. `areaSqm` is the area's exact size, returned as the gap
 * when nothing of it is covered.
 */
export function fieldGap(area: AreaLattice, lattice: StripLattice, fieldOf: (t: number) => Float32Array | null | undefined, strip: number, areaSqm: number): FieldGap {
  const { i0, j0, w, h, signed } = area
  if (!w) return { gapSqm: 0, polygons: [] }
  const { n, cols, rows, cap, cell } = lattice
  const side = n + 1
  // Nothing reached near it: all of it is the gap.
  const { c0, c1, r0, r1 } = areaTiles(area, lattice)
  let any = false
  for (let r = r0; r <= r1 && !any; r++) for (let c = c0; c <= c1 && !any; c++) any = !!fieldOf(r * cols + c)
  if (!any) return { gapSqm: areaSqm, polygons: 'whole' }
  if (scratch.length < w * h) scratch = new Float32Array(w * h * 2)
  if (rowSigns.length < h) rowSigns = new Uint8Array(h * 2)
  const values = scratch
  let covered = false
  let open = false
  const { spans } = area
  for (let j = 0; j < h; j++) {
    const gj = j0 + j
    const row = j * w
    // Outside the row's span every point lies a cell or more outside the area: below 0 whatever the field, and no contour reaches it.
    const lo = spans[2 * j]
    const hi = spans[2 * j + 1]
    if (lo > hi) {
      values.fill(-cell, row, row + w)
      rowSigns[j] = 2
      continue
    }
    values.fill(-cell, row, row + lo)
    values.fill(-cell, row + hi + 1, row + w)
    let signs = lo > 0 || hi < w - 1 ? 2 : 0
    const inLattice = gj >= 0 && gj < lattice.height
    const tr = Math.min(rows - 1, Math.floor(gj / n))
    const local = (gj - tr * n) * side
    for (let i = lo; i <= hi; ) {
      const gi = i0 + i
      // A run of the row within one tile (or off the lattice).
      const tc = Math.min(cols - 1, Math.floor(gi / n))
      const runEnd = !inLattice || gi < 0 || gi >= lattice.width ? (gi < 0 ? Math.min(hi + 1, -i0) : hi + 1) : Math.min(hi + 1, (tc === cols - 1 ? lattice.width : (tc + 1) * n) - i0)
      const field = inLattice && gi >= 0 && gi < lattice.width ? fieldOf(tr * cols + tc) : null
      for (; i < runEnd; i++) {
        const s = signed[row + i]
        const past = (field ? field[local + (i0 + i - tc * n)] : cap) - strip
        if (s > 0) {
          if (past < 0) covered = true
          else open = true
        }
        const v = past < s ? past : s
        values[row + i] = v
        signs |= v > 0 ? 1 : 2
      }
    }
    rowSigns[j] = signs
  }
  if (!covered) return { gapSqm: areaSqm, polygons: 'whole' }
  if (!open) return { gapSqm: 0, polygons: [] }
  const { polygons, sqm } = contourPolygons(values, area, lattice, { signs: rowSigns, spans })
  return { gapSqm: Math.max(0, Math.min(areaSqm, sqm)), polygons }
}

/** The polygons round a window's values above 0, in local metres, and their area (m²). */
export function contourPolygons(values: ArrayLike<number>, win: LatticeWindow, lattice: StripLattice, rows?: RowHints): { polygons: PathsD[]; sqm: number } {
  const { cell } = lattice
  // A straight edge crosses a cell's side at every cell: one line once its vertices in between are
  // dropped, to a metre (for drawing; the area is the contour's own). At 0.25 m the round ends kept a
  // vertex at every cell they crossed, and the demo's /plan took 382 ms to repaint in SwiftShader
  // against 318 with the old square ends.
  const { polygons, area } = contourRings(values, win.w, win.h, 0, rows, DRAWN_TOLERANCE_M / cell)
  const out: PathsD[] = []
  for (const polygon of polygons) {
    const paths: PathsD = []
    for (const ring of polygon) {
      if (ring.length < 6) continue
      const path: PathD = []
      for (let k = 0; k < ring.length; k += 2) path.push({ x: lattice.x0 + (win.i0 + ring[k]) * cell, y: lattice.y0 + (win.j0 + ring[k + 1]) * cell })
      paths.push(path)
    }
    if (paths.length) out.push(paths)
  }
  return { polygons: out, sqm: area * cell * cell }
}
