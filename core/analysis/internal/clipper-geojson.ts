// Clipper2's paths back to GeoJSON: outer rings and their holes as polygons of a MultiPolygon,
// shared by the operations that clip in local metres (computeAreaCoverage, unionServiceCircles).
import type { Position } from 'geojson'
import { areaPathsD, type PathD, type PathsD } from 'clipper2-ts'

/** Clipper's paths (outers counter-clockwise, holes clockwise) as GeoJSON polygons with their holes. */
/** A path as a closed GeoJSON ring. */
export function closedRing(path: PathD, toLonLat: (x: number, y: number) => Position): Position[] {
  const ring = path.map((p) => toLonLat(p.x, p.y))
  ring.push(ring[0])
  return ring
}

export function toMultiPolygon(paths: PathsD, toLonLat: (x: number, y: number) => Position): Position[][][] {
  const close = (path: PathD) => closedRing(path, toLonLat)
  const outers = paths.filter((p) => areaPathsD([p]) > 0)
  const holes = paths.filter((p) => areaPathsD([p]) < 0)
  // Smallest first, so a hole goes to the innermost outer ring around it (an island in a lake).
  const polygons = outers.map((outer) => ({ outer, holes: [] as PathD[] })).sort((a, b) => areaPathsD([a.outer]) - areaPathsD([b.outer]))
  for (const hole of holes) {
    const owner = polygons.find((poly) => containsPoint(poly.outer, hole[0]))
    owner?.holes.push(hole)
  }
  return polygons.map((p) => [close(p.outer), ...p.holes.map(close)])
}

function containsPoint(path: PathD, pt: { x: number; y: number }): boolean {
  let inside = false
  for (let i = 0, j = path.length - 1; i < path.length; j = i++) {
    const a = path[i]
    const b = path[j]
    if (a.y > pt.y !== b.y > pt.y && pt.x < ((b.x - a.x) * (pt.y - a.y)) / (b.y - a.y) + a.x) inside = !inside
  }
  return inside
}
