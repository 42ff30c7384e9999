// The loop every area-coverage operation shares: each area's polygon in local metres, the shapes
// that cover it (circles around stations, or the walked streets' strips), and what is left over —
// its gap — by one Clipper2 difference, with the areas' covered shares and the gap polygons as
// GeoJSON. The caller says which shapes reach an area (its box and rings in metres), or that one
// covers it whole (no clipping).
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { FillRule, areaPathsD, differenceD, unionD, type PathsD } from 'clipper2-ts'
import type { AreaCoverageProperties, AreaCoverageResult } from '../compute-area-coverage.js'
import { toMultiPolygon } from './clipper-geojson.js'
import type { LocalMeters } from './local-meters.js'

export interface AreaBox {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** What covers one area: the shapes that reach it (or 'whole': one covers all of it) and how many service points they stand for. */
export interface AreaCover {
  shapes: PathsD | 'whole'
  inReach: number
}

export function coverAreas<P>(
  areas: FeatureCollection<Polygon | MultiPolygon, P>,
  projection: LocalMeters,
  coverOf: (box: AreaBox, rings: PathsD) => AreaCover,
): AreaCoverageResult<P> {
  const outAreas: Feature<Polygon | MultiPolygon, P & AreaCoverageProperties>[] = []
  const outGaps: Feature<MultiPolygon, P & { gapSqm: number }>[] = []
  for (const area of areas.features) {
    const rings: PathsD = []
    forEachRing(area.geometry, (ring) => rings.push(ring.slice(0, -1).map(([lon, lat]) => ({ x: projection.x(lon), y: projection.y(lat) }))))
    // One ring needs no normalising (either orientation fills under the non-zero rule); holes and
    // parts are resolved once by a union.
    const shape = rings.length === 1 ? rings : unionD(rings, FillRule.EvenOdd)
    const areaSqm = Math.abs(areaPathsD(shape))
    const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }
    for (const ring of rings) for (const p of ring) ((box.x0 = Math.min(box.x0, p.x)), (box.y0 = Math.min(box.y0, p.y)), (box.x1 = Math.max(box.x1, p.x)), (box.y1 = Math.max(box.y1, p.y)))
    const cover = coverOf(box, rings)
    const gap: PathsD = cover.shapes === 'whole' ? [] : cover.shapes.length ? differenceD(shape, cover.shapes, FillRule.NonZero) : shape
    const gapSqm = Math.min(areaSqm, Math.abs(areaPathsD(gap)))
    const coveredSqm = areaSqm - gapSqm
    outAreas.push({
      ...area,
      properties: { ...area.properties, areaSqm, coveredSqm, coveredShare: areaSqm > 0 ? coveredSqm / areaSqm : 0, facilitiesInReach: cover.inReach },
    })
    if (gap.length > 0 && gapSqm > 0) {
      outGaps.push({
        type: 'Feature',
        ...(area.id !== undefined ? { id: area.id } : {}),
        geometry: { type: 'MultiPolygon', coordinates: toMultiPolygon(gap, projection.toLonLat) },
        properties: { ...area.properties, gapSqm },
      })
    }
  }
  return { areas: { type: 'FeatureCollection', features: outAreas }, gaps: { type: 'FeatureCollection', features: outGaps } }
}

function forEachRing(g: Polygon | MultiPolygon, fn: (ring: Position[]) => void): void {
  if (g.type === 'Polygon') g.coordinates.forEach(fn)
  else g.coordinates.forEach((poly) => poly.forEach(fn))
}
