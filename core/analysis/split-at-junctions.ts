// Lines cut where the network really joins: at every vertex another line (or the same line again)
// passes through, as OpenStreetMap ways share a node at a junction. A vertex one line alone has is
// shape, not a junction; two lines that cross without a common vertex — a bridge over a street, an
// underpass — are not cut and do not meet. After the cut every junction is an end, which is what
// build-walk-network.ts joins at.
import type { Position } from 'geojson'

/** Decimals of a degree that make two vertices one (1e-7°, about a centimetre), as build-walk-network.ts. */
const KEY_DIGITS = 7
const keyOf = (p: Position) => `${p[0].toFixed(KEY_DIGITS)},${p[1].toFixed(KEY_DIGITS)}`

/**
 * Each line cut at its junctions, in order; `line` is the input line's index.
 *
 * @example
 * splitAtJunctions([[[0, 0], [1, 0], [2, 0]], [[1, -1], [1, 0], [1, 1]]])
 * // four pieces: the two lines cut at [1, 0], where both pass
 */
export function splitAtJunctions(lines: readonly Position[][]): { line: number; coords: Position[] }[] {
  const uses = new Map<string, number>()
  for (const coords of lines) {
    for (let k = 0; k < coords.length; k++) {
      // A closed line's first and last vertex are one vertex, used once.
      if (k === coords.length - 1 && coords.length > 2 && keyOf(coords[k]) === keyOf(coords[0])) continue
      const key = keyOf(coords[k])
      uses.set(key, (uses.get(key) ?? 0) + 1)
    }
  }
  const pieces: { line: number; coords: Position[] }[] = []
  lines.forEach((coords, line) => {
    let piece: Position[] = [coords[0]]
    for (let k = 1; k < coords.length; k++) {
      piece.push(coords[k])
      if (k < coords.length - 1 && (uses.get(keyOf(coords[k])) ?? 0) > 1) {
        pieces.push({ line, coords: piece })
        piece = [coords[k]]
      }
    }
    if (piece.length > 1) pieces.push({ line, coords: piece })
  })
  return pieces
}
