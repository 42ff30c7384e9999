// The walked streets' service area as a distance field on a lattice, instead of a union of polygons.
//
// Each tile of strip-tiles.ts gets the distance from each of its lattice points (every `cell`
// metres) to the nearest reached street piece, up to a cap just past the strip's width. The covered
// land is where that distance is within the strip (every such point is within the walk: a straight
// walk of at most `strip` from a street point reached with that much left), and its edge is the
// field's contour at `strip`, read with linear interpolation (area-gaps.ts): exact along a street's
// straight sides, within a few centimetres round its ends (a 50 m end drawn from 10 m cells strays
// by cell² / 8·strip = 0.25 m at most), and only where two strips cross off by part of a cell.
//
// Why a field and not Clipper's union of the strips' polygons: the union of a city's heavily
// overlapping strips was 2.5 s of a 3 s first coverage on Tongren's 176,609 edges; the field of the
// same streets is the distance from each point within a strip of a street — a few million
// evaluations, ~60 ms. A street drawn by the field ends round, not square (Clipper's round ends
// cost 2.5× its square ones; here they cost nothing): the exact set of points within the walk.
import type { PathsD } from 'clipper2-ts'
import type { StripTiles } from './strip-tiles.js'

/** The lattice of every tile: points every `cell` metres from the tiles' corner, `n` cells a tile side. */
export interface StripLattice {
  cell: number
  /** Cells a tile side (the tile's side ÷ the cell: a whole number). */
  n: number
  x0: number
  y0: number
  /** Points along x and y over all the tiles (cols·n + 1, rows·n + 1). */
  width: number
  height: number
  cols: number
  rows: number
  /** Distances are kept up to this (metres): the strip and a cell and a half, so every point next to the contour holds its true distance. */
  cap: number
}

export function createStripLattice(tiles: StripTiles, cell: number, strip: number): StripLattice {
  const n = Math.round(tiles.size / cell)
  if (!(n >= 1) || Math.abs(n * cell - tiles.size) > 1e-9 * tiles.size) throw new RangeError(`the tile's side (${tiles.size} m) must be a whole number of cells of ${cell} m`)
  return { cell, n, x0: tiles.x0, y0: tiles.y0, width: tiles.cols * n + 1, height: tiles.rows * n + 1, cols: tiles.cols, rows: tiles.rows, cap: strip + 1.5 * cell }
}

/** A window of the lattice: w × h points from point (i0, j0). */
export interface LatticeWindow {
  i0: number
  j0: number
  w: number
  h: number
}

/** Tile t's window: its (n + 1)² points, its edges' points shared with its neighbours. */
export function tileWindow(lattice: StripLattice, t: number): LatticeWindow {
  const side = lattice.n + 1
  return { i0: (t % lattice.cols) * lattice.n, j0: Math.floor(t / lattice.cols) * lattice.n, w: side, h: side }
}

/** The window round `pieces` with the cap to spare on every side (so its border lies past the strip). */
export function piecesWindow(lattice: StripLattice, pieces: PathsD): LatticeWindow {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const path of pieces) for (const p of path) ((x0 = Math.min(x0, p.x)), (y0 = Math.min(y0, p.y)), (x1 = Math.max(x1, p.x)), (y1 = Math.max(y1, p.y)))
  if (!Number.isFinite(x0)) return { i0: 0, j0: 0, w: 0, h: 0 }
  const { cell, cap } = lattice
  const i0 = Math.floor((x0 - cap - lattice.x0) / cell) - 1
  const j0 = Math.floor((y0 - cap - lattice.y0) / cell) - 1
  return { i0, j0, w: Math.ceil((x1 + cap - lattice.x0) / cell) + 1 - i0 + 1, h: Math.ceil((y1 + cap - lattice.y0) / cell) + 1 - j0 + 1 }
}

/** Tile t's field (drawPiecesField on its window). */
export function drawTileField(lattice: StripLattice, t: number, pieces: PathsD): Float32Array | null {
  return drawPiecesField(lattice, tileWindow(lattice, t), pieces)
}

/**
 * The field of `pieces` (lines in local metres) over a window: for each of its points (row by row
 * from its south-west corner), the distance to the nearest piece, at most `lattice.cap`. Null: no
 * piece comes within the cap of the window. `into`: an array to draw in (its first w × h values)
 * instead of a new one, for a field not kept.
 */
export function drawPiecesField(lattice: StripLattice, win: LatticeWindow, pieces: PathsD, into?: Float32Array): Float32Array | null {
  const { cell, cap } = lattice
  const { w, h } = win
  // In cells from the window's corner.
  const ox = lattice.x0 + win.i0 * cell
  const oy = lattice.y0 + win.j0 * cell
  const reach = cap / cell
  let field: Float32Array | null = null
  for (const path of pieces) {
    for (let k = 1; k < path.length; k++) {
      const ax = (path[k - 1].x - ox) / cell
      const ay = (path[k - 1].y - oy) / cell
      const dx = (path[k].x - ox) / cell - ax
      const dy = (path[k].y - oy) / cell - ay
      const j0 = Math.max(0, Math.ceil(Math.min(ay, ay + dy) - reach))
      const j1 = Math.min(h - 1, Math.floor(Math.max(ay, ay + dy) + reach))
      if (j0 > j1) continue
      const i0 = Math.max(0, Math.ceil(Math.min(ax, ax + dx) - reach))
      const i1 = Math.min(w - 1, Math.floor(Math.max(ax, ax + dx) + reach))
      if (i0 > i1) continue
      field ??= into ? into.fill(cap, 0, w * h) : new Float32Array(w * h).fill(cap)
      const len2 = dx * dx + dy * dy
      const len = Math.sqrt(len2)
      for (let j = j0; j <= j1; j++) {
        // The row's points within `reach` of the segment's line (all its box's, for a level one).
        let lo = i0
        let hi = i1
        if (Math.abs(dy) > 1e-9) {
          const mid = ax + ((j - ay) * dx) / dy
          const half = (reach * len) / Math.abs(dy)
          lo = Math.max(lo, Math.ceil(mid - half))
          hi = Math.min(hi, Math.floor(mid + half))
        }
        const py = j - ay
        const row = j * w
        for (let i = lo; i <= hi; i++) {
          const px = i - ax
          let u = len2 > 0 ? (px * dx + py * dy) / len2 : 0
          u = u < 0 ? 0 : u > 1 ? 1 : u
          const ex = px - u * dx
          const ey = py - u * dy
          const d = Math.sqrt(ex * ex + ey * ey) * cell
          if (d < field[row + i]) field[row + i] = d
        }
      }
    }
  }
  return field
}
