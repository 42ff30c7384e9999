// The network's street strips cut into square tiles, so that each is drawn once and kept: a tile's
// field (the distances to its reached street pieces, strip-field.ts) is the same as long as the
// pieces within reach of it are, so a station moved redraws the tiles its walk changed and nothing
// else, and a tile whose every street is reached end to end — most of a covered city — is the
// network's own band there, drawn once per network whatever the stations.
//
// Tile t holds every edge with a segment within `margin` of it: the field is kept to a strip and a
// cell and a half from a street, so a margin of twice the strip holds every piece that reaches the
// tile's points. Why tiles and not the areas (grids) themselves: areas overlap in their boxes and are
// of every size (a rural grid of 40 km²), tiles are small and fixed, so "what changed" is a few of them.
import type { WalkNetwork } from '../build-walk-network.js'

export interface StripTiles {
  size: number
  margin: number
  x0: number
  y0: number
  cols: number
  rows: number
  /** Tile t's edges: edges[first[t] … first[t + 1]). Tile t is column t % cols, row ⌊t / cols⌋. */
  first: Uint32Array
  edges: Uint32Array
  /** Edge e's tiles: tiles[edgeFirst[e] … edgeFirst[e + 1]). */
  edgeFirst: Uint32Array
  tiles: Uint32Array
}

/**
 * The tiles of `tileMeters` over the network, each with the edges within `margin` of it.
 *
 * @example
 * const tiles = createStripTiles(net, 100, 500)
 * tiles.edges.subarray(tiles.first[t], tiles.first[t + 1]) // the edges drawn in tile t
 */
export function createStripTiles(net: WalkNetwork, margin: number, tileMeters: number): StripTiles {
  const { x0: sx0, y0: sy0, x1: sx1, y1: sy1, edge: segEdge } = net.segments
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let s = 0; s < segEdge.length; s++) {
    x0 = Math.min(x0, sx0[s], sx1[s])
    y0 = Math.min(y0, sy0[s], sy1[s])
    x1 = Math.max(x1, sx0[s], sx1[s])
    y1 = Math.max(y1, sy0[s], sy1[s])
  }
  if (!segEdge.length) [x0, y0, x1, y1] = [0, 0, 0, 0]
  // The strips reach past the streets' extent: the tiles cover it with a margin each side.
  ;[x0, y0, x1, y1] = [x0 - margin, y0 - margin, x1 + margin, y1 + margin]
  const cols = Math.max(1, Math.ceil((x1 - x0) / tileMeters) + 1)
  const rows = Math.max(1, Math.ceil((y1 - y0) / tileMeters) + 1)
  const count = cols * rows
  // Each (tile, edge) once: an edge's segments come one after another, and one may leave a tile and come back.
  const pairsTile: number[] = []
  const pairsEdge: number[] = []
  const lastEdge = new Int32Array(count).fill(-1)
  const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - x0) / tileMeters)))
  const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - y0) / tileMeters)))
  for (let s = 0; s < segEdge.length; s++) {
    const e = segEdge[s]
    const [c0, c1] = [col(Math.min(sx0[s], sx1[s]) - margin), col(Math.max(sx0[s], sx1[s]) + margin)]
    const [r0, r1] = [row(Math.min(sy0[s], sy1[s]) - margin), row(Math.max(sy0[s], sy1[s]) + margin)]
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const t = r * cols + c
        if (lastEdge[t] === e) continue
        lastEdge[t] = e
        pairsTile.push(t)
        pairsEdge.push(e)
      }
    }
  }
  // The same pairs by tile and by edge (compressed rows both ways); a pair repeated where an edge came back to a tile is dropped.
  const first = new Uint32Array(count + 1)
  const edgeFirst = new Uint32Array(net.edgeCount + 1)
  const seen = new Set<number>()
  const keep = new Uint8Array(pairsTile.length)
  for (let k = 0; k < pairsTile.length; k++) {
    const key = pairsTile[k] * net.edgeCount + pairsEdge[k]
    if (seen.has(key)) continue
    seen.add(key)
    keep[k] = 1
    first[pairsTile[k] + 1]++
    edgeFirst[pairsEdge[k] + 1]++
  }
  for (let t = 0; t < count; t++) first[t + 1] += first[t]
  for (let e = 0; e < net.edgeCount; e++) edgeFirst[e + 1] += edgeFirst[e]
  const edges = new Uint32Array(first[count])
  const tiles = new Uint32Array(edgeFirst[net.edgeCount])
  const [fillT, fillE] = [first.slice(0, count), edgeFirst.slice(0, net.edgeCount)]
  for (let k = 0; k < pairsTile.length; k++) {
    if (!keep[k]) continue
    edges[fillT[pairsTile[k]]++] = pairsEdge[k]
    tiles[fillE[pairsEdge[k]]++] = pairsTile[k]
  }
  return { size: tileMeters, margin, x0, y0, cols, rows, first, edges, edgeFirst, tiles }
}
