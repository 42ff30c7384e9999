// Plane geometry for the demo generator: a local metric projection around the city
// centre, 6-decimal WGS-84 rounding, polygon unions of Voronoi cells, point-in-polygon
// and distances. Pure functions, no I/O.
import { featureCollection, polygon as turfPolygon, union as turfUnion } from '@turf/turf'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import { roundCoordinate } from '../../core/domain/coordinates.js'

export type XY = [number, number]

/** Rounds a coordinate to 6 decimals (about 0.1 m), the precision of every output file. */
export const round6 = roundCoordinate

/**
 * Equirectangular projection in metres around a centre: accurate to well under 0.1 %
 * across a city, and affine, so straight lines and validity survive the round trip.
 */
export class LocalProjection {
  readonly kx: number
  readonly ky = 110_574

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.kx = 111_320 * Math.cos((lat0 * Math.PI) / 180)
  }

  /** Metres → [lon, lat] rounded to 6 decimals. */
  toLonLat([x, y]: XY): [number, number] {
    return [round6(this.lon0 + x / this.kx), round6(this.lat0 + y / this.ky)]
  }

  /** [lon, lat] → metres. */
  toXY([lon, lat]: Position): XY {
    return [(lon - this.lon0) * this.kx, (lat - this.lat0) * this.ky]
  }
}

export function distance(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

/** Distance from p to segment ab. */
export function distanceToSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2
  t = Math.max(0, Math.min(1, t))
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
}

export function distanceToPolyline(p: XY, line: readonly XY[]): number {
  let best = Infinity
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegment(p, line[i - 1], line[i]))
  return best
}

/** Signed area of a ring (positive when counter-clockwise); works for closed or open rings. */
export function ringSignedArea(ring: readonly Position[]): number {
  let s = 0
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i]
    const b = ring[(i + 1) % n]
    s += a[0] * b[1] - b[0] * a[1]
  }
  return s / 2
}

/** Drops repeated consecutive positions and keeps the ring closed. */
export function cleanRing(ring: readonly Position[]): Position[] {
  const out: Position[] = []
  for (const p of ring) {
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]])
  }
  if (out.length > 1) {
    const [a, b] = [out[0], out[out.length - 1]]
    if (a[0] !== b[0] || a[1] !== b[1]) out.push([a[0], a[1]])
  }
  return out
}

export type AreaGeometry = Polygon | MultiPolygon

export function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}

/** Rounds to 6 decimals, drops collapsed rings and polygons, and returns Polygon when there is one part. */
export function normaliseGeometry(g: AreaGeometry): AreaGeometry {
  const parts: Position[][][] = []
  for (const rings of polygonsOf(g)) {
    const cleaned: Position[][] = []
    rings.forEach((ring, i) => {
      const r = cleanRing(ring.map((p) => [round6(p[0]), round6(p[1])]))
      if (r.length >= 4 && ringSignedArea(r) !== 0) cleaned.push(r)
      else if (i === 0) cleaned.push([]) // the outer ring collapsed: drop the polygon
    })
    if (cleaned.length > 0 && cleaned[0].length > 0) parts.push(cleaned)
  }
  if (parts.length === 0) throw new Error('geometry collapsed to nothing after rounding')
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts }
}

/**
 * Union of polygons that share edges exactly (Voronoi cells, or unions of them). The
 * inputs meet only at common vertices, so the result keeps input vertices unchanged and
 * neighbouring unions share identical boundaries.
 */
export function unionPolygons(parts: readonly AreaGeometry[]): AreaGeometry {
  const polys = parts.flatMap((g) => polygonsOf(g).map((rings) => turfPolygon(rings)))
  if (polys.length === 0) throw new Error('union of nothing')
  if (polys.length === 1) return normaliseGeometry(polys[0].geometry)
  const u = turfUnion(featureCollection(polys))
  if (!u) throw new Error('union gave no geometry')
  return normaliseGeometry(u.geometry)
}

/** Bounding box [minX, minY, maxX, maxY] of any nested coordinate array. */
export function bboxOf(g: AreaGeometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const rings of polygonsOf(g))
    for (const p of rings[0]) {
      if (p[0] < b[0]) b[0] = p[0]
      if (p[1] < b[1]) b[1] = p[1]
      if (p[0] > b[2]) b[2] = p[0]
      if (p[1] > b[3]) b[3] = p[1]
    }
  return b
}

function ringContains(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** A polygon prepared for repeated point-in-polygon tests (bbox first, then even–odd rule). */
export class PreparedPolygon {
  readonly bbox: [number, number, number, number]
  private readonly parts: Position[][][]

  constructor(readonly geometry: AreaGeometry) {
    this.bbox = bboxOf(geometry)
    this.parts = polygonsOf(geometry)
  }

  contains([x, y]: Position): boolean {
    const b = this.bbox
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return false
    for (const rings of this.parts) {
      if (!ringContains(rings[0], x, y)) continue
      let inHole = false
      for (let h = 1; h < rings.length && !inHole; h++) inHole = ringContains(rings[h], x, y)
      if (!inHole) return true
    }
    return false
  }

  /** Distance in metres from a point to the nearest edge (boundary), under a projection. */
  distanceToBoundary(p: Position, proj: LocalProjection): number {
    const q = proj.toXY(p)
    let best = Infinity
    for (const rings of this.parts)
      for (const ring of rings)
        for (let i = 1; i < ring.length; i++) {
          best = Math.min(best, distanceToSegment(q, proj.toXY(ring[i - 1]), proj.toXY(ring[i])))
        }
    return best
  }
}

/** Catmull–Rom style smoothing by Chaikin corner cutting, keeping the end points. */
export function smoothPolyline(line: readonly XY[], iterations: number): XY[] {
  let pts = line.map((p): XY => [p[0], p[1]])
  for (let k = 0; k < iterations; k++) {
    const out: XY[] = [pts[0]]
    for (let i = 0; i < pts.length - 1; i++) {
      const [a, b] = [pts[i], pts[i + 1]]
      out.push([0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]])
      out.push([0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]])
    }
    out.push(pts[pts.length - 1])
    pts = out
  }
  return pts
}

/** Drops vertices closer than `minSpacing` to the previously kept one (keeps both ends). */
export function thinPolyline(line: readonly XY[], minSpacing: number): XY[] {
  const out: XY[] = [line[0]]
  for (let i = 1; i < line.length - 1; i++) if (distance(out[out.length - 1], line[i]) >= minSpacing) out.push(line[i])
  out.push(line[line.length - 1])
  return out
}
