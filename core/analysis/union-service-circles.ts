// The outline of everywhere within walking reach of a station: the union of every station's
// circle, one MultiPolygon (holes where no circle reaches). A district centre with 250 stations
// draws as a few readable outlines instead of a mesh of 250 overlapping rings. Clipper2 in local
// metres like computeAreaCoverage (a union of 300 64-gons takes a few milliseconds), with the
// same circles, so the outline is exactly the edge of the covered area there.
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson'
import { FillRule, areaPathsD, unionD, type PathsD } from 'clipper2-ts'
import { toMultiPolygon } from './internal/clipper-geojson.js'
import { createLocalMeters } from './internal/local-meters.js'

export interface UnionServiceCirclesOptions {
  radiusMeters: number
  /** Vertices of each circle (default 64, as computeAreaCoverage). */
  circleVertices?: number
  /** Latitude the local projection is centred on (default: the middle of the stations' latitudes). */
  projectionLatitude?: number
}

export interface ServiceCirclesUnionProperties {
  /** Stations whose circles are in the union. */
  stations: number
  /** Area of the union in square metres (in the local projection). */
  areaSqm: number
}

/**
 * The union of the walking circles of `radiusMeters` around the stations: one feature (none when
 * there are no stations or the radius is 0).
 *
 * @example
 * const outline = unionServiceCircles(stations, { radiusMeters: 1000 })
 * outline.features[0].geometry.type // 'MultiPolygon'
 */
export function unionServiceCircles(
  stations: FeatureCollection<Point>,
  options: UnionServiceCirclesOptions,
): FeatureCollection<MultiPolygon, ServiceCirclesUnionProperties> {
  const r = options.radiusMeters
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`radiusMeters must be a non-negative number, not ${r}`)
  const vertices = options.circleVertices ?? 64
  if (!Number.isInteger(vertices) || vertices < 8) throw new RangeError(`circleVertices must be an integer of at least 8, not ${vertices}`)
  const points = stations.features.map((f) => f.geometry.coordinates)
  if (points.length === 0 || r === 0) return { type: 'FeatureCollection', features: [] }

  let midLat = options.projectionLatitude
  if (midLat === undefined) {
    let lo = Infinity
    let hi = -Infinity
    for (const [, lat] of points) ((lo = Math.min(lo, lat)), (hi = Math.max(hi, lat)))
    midLat = (lo + hi) / 2
  }
  const projection = createLocalMeters(midLat)
  const circles: PathsD = points.map(([lon, lat]) => {
    const cx = projection.x(lon)
    const cy = projection.y(lat)
    const path = []
    for (let k = 0; k < vertices; k++) {
      const t = (2 * Math.PI * k) / vertices
      path.push({ x: cx + r * Math.cos(t), y: cy + r * Math.sin(t) })
    }
    return path
  })
  const union = unionD(circles, FillRule.NonZero)
  const feature: Feature<MultiPolygon, ServiceCirclesUnionProperties> = {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: toMultiPolygon(union, projection.toLonLat) },
    properties: { stations: points.length, areaSqm: Math.abs(areaPathsD(union)) },
  }
  return { type: 'FeatureCollection', features: [feature] }
}
