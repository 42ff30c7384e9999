// Per area (grid, community or street polygon): how much of it lies within a walking circle of a
// facility, and the gap polygons outside every circle. Each area is clipped only against the
// circles that reach it; an area inside one circle is covered without clipping. Clipping is
// Clipper2 (clipper2-ts, floating point) in local metres: on 200 Tongren-scale grids 70 ms against
// 46.7 s for Turf's difference with the same nearby circles, gaps equal within 0.03 % of a grid.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { PathD } from 'clipper2-ts'
import { coverAreas } from './internal/cover-areas.js'
import { createLocalMeters, getMiddleLatitude } from './internal/local-meters.js'

export interface AreaCoverageOptions {
  radiusMeters: number
  /** Vertices of each circle (default 64: its area is 0.16 % short of the true circle's). */
  circleVertices?: number
  /** Latitude the local projection is centred on (default: the middle of the areas' extent). A
   *  partial rerun passes the full run's, so its figures are the full run's to the last digit. */
  projectionLatitude?: number
}

export interface AreaCoverageProperties {
  areaSqm: number
  coveredSqm: number
  /** coveredSqm ÷ areaSqm, 0–1. */
  coveredShare: number
  /** Facilities whose circle reaches the area. */
  facilitiesInReach: number
}

export interface AreaCoverageResult<P> {
  /** The areas as given (same geometry), their properties extended with the figures. */
  areas: FeatureCollection<Polygon | MultiPolygon, P & AreaCoverageProperties>
  /** For each area with a gap: the part outside every circle, with the area's properties. */
  gaps: FeatureCollection<MultiPolygon, P & { gapSqm: number }>
}

/**
 * Covered share and gap polygons of each area for circles of `radiusMeters` around the facilities.
 *
 * @example
 * const { areas, gaps } = computeAreaCoverage(grids, stations, { radiusMeters: 1000 })
 * areas.features[0].properties.coveredShare // 0.87
 */
export function computeAreaCoverage<P>(
  areas: FeatureCollection<Polygon | MultiPolygon, P>,
  facilities: FeatureCollection<Point>,
  options: AreaCoverageOptions,
): AreaCoverageResult<P> {
  const r = options.radiusMeters
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`radiusMeters must be a non-negative number, not ${r}`)
  const vertices = options.circleVertices ?? 64
  if (!Number.isInteger(vertices) || vertices < 8) throw new RangeError(`circleVertices must be an integer of at least 8, not ${vertices}`)

  const projection = createLocalMeters(options.projectionLatitude ?? getMiddleLatitude(areas))

  const fx = facilities.features.map((f) => projection.x(f.geometry.coordinates[0]))
  const fy = facilities.features.map((f) => projection.y(f.geometry.coordinates[1]))
  const circles = new Map<number, PathD>()
  const circle = (i: number): PathD => {
    let path = circles.get(i)
    if (!path) {
      path = []
      for (let k = 0; k < vertices; k++) {
        const t = (2 * Math.PI * k) / vertices
        path.push({ x: fx[i] + r * Math.cos(t), y: fy[i] + r * Math.sin(t) })
      }
      circles.set(i, path)
    }
    return path
  }
  // A point nearer the centre than the inscribed polygon's inradius is inside the drawn circle.
  const inradius2 = (r * Math.cos(Math.PI / vertices)) ** 2

  return coverAreas(areas, projection, (box, rings) => {
    const reach: number[] = []
    for (let i = 0; i < fx.length; i++) {
      const dx = Math.max(box.x0 - fx[i], 0, fx[i] - box.x1)
      const dy = Math.max(box.y0 - fy[i], 0, fy[i] - box.y1)
      if (dx * dx + dy * dy <= r * r) reach.push(i)
    }
    const inOne = reach.some((i) => rings.every((ring) => ring.every((p) => (p.x - fx[i]) ** 2 + (p.y - fy[i]) ** 2 <= inradius2)))
    return { shapes: inOne ? 'whole' : reach.map(circle), inReach: reach.length }
  })
}
