// The loop every area-coverage operation shares: each area's polygon in local metres, what covers
// it (circles around stations, or the walked streets' distance field) and what is left over — its
// gap — with the areas' covered shares and the gap polygons as GeoJSON. The caller says which
// shapes reach an area (its box and rings in metres), or that one covers it whole (no clipping),
// and the gap is one Clipper2 difference; or it gives the gap itself (`gapOf`).
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { FillRule, areaPathsD, differenceD, unionD, type PathsD } from 'clipper2-ts'
import type { AreaCoverageProperties, AreaCoverageResult } from '../compute-area-coverage.js'
import { closedRing, toMultiPolygon } from './clipper-geojson.js'
import type { LocalMeters } from './local-meters.js'

export interface AreaBox {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** The gap of one area: its size and polygons in local metres ('whole': the area itself). */
export interface AreaGap {
  gapSqm: number
  polygons: PathsD[] | 'whole'
}

/** What covers one area: the shapes that reach it (or 'whole': one covers all of it) and how many service points they stand for. */
export interface AreaCover {
  /** The shapes, or `parts` (each an array of shapes): the same parts (each the same object) as the last run's give the same gap. */
  shapes?: PathsD | 'whole'
  parts?: readonly object[]
  /** The gap made by the caller from `parts` (instead of Clipper's difference of the shapes from the area). */
  gapOf?: (area: AreaMemo) => AreaGap
  inReach: number
}

/** What one run keeps of an area for the next (per area feature): its shape in metres, and its last cover and gap. */
export interface AreaMemo {
  shape: PathsD
  rings: PathsD
  areaSqm: number
  box: AreaBox
  inReach?: number
  parts?: readonly object[]
  gap?: { gapSqm: number; geometry: MultiPolygon | null }
}

const sameParts = (a: readonly object[] | undefined, b: readonly object[] | undefined) => !!a && !!b && a.length === b.length && a.every((p, k) => p === b[k])

export function coverAreas<P>(
  areas: FeatureCollection<Polygon | MultiPolygon, P>,
  projection: LocalMeters,
  coverOf: (box: AreaBox, rings: PathsD, area: Feature<Polygon | MultiPolygon, P>) => AreaCover,
  memo?: WeakMap<object, AreaMemo>,
): AreaCoverageResult<P> {
  const outAreas: Feature<Polygon | MultiPolygon, P & AreaCoverageProperties>[] = []
  const outGaps: Feature<MultiPolygon, P & { gapSqm: number }>[] = []
  for (const area of areas.features) {
    const kept = memo ? areaInMeters(area, projection, memo) : projectArea(area, projection)
    const { shape, rings, areaSqm, box } = kept
    const cover = coverOf(box, rings, area)
    let gap = sameParts(cover.parts, kept.parts) ? kept.gap : undefined
    if (!gap && cover.gapOf) {
      const { gapSqm, polygons } = cover.gapOf(kept)
      const coordinates = polygons === 'whole' ? toMultiPolygon(shape, projection.toLonLat) : polygons.map((paths) => paths.map((path) => closedRing(path, projection.toLonLat)))
      gap = { gapSqm, geometry: coordinates.length > 0 && gapSqm > 0 ? { type: 'MultiPolygon', coordinates } : null }
    } else if (!gap) {
      const shapes = cover.shapes ?? (cover.parts as PathsD[] | undefined)?.flat() ?? []
      const paths: PathsD = shapes === 'whole' ? [] : shapes.length ? differenceD(shape, shapes, FillRule.NonZero) : shape
      const gapSqm = Math.min(areaSqm, Math.abs(areaPathsD(paths)))
      gap = { gapSqm, geometry: paths.length > 0 && gapSqm > 0 ? { type: 'MultiPolygon', coordinates: toMultiPolygon(paths, projection.toLonLat) } : null }
    }
    kept.parts = cover.parts
    kept.gap = gap
    kept.inReach = cover.inReach
    const coveredSqm = areaSqm - gap.gapSqm
    // Object.assign, not a spread with added keys: on a city's 1,074 grids the spread took 8–20 ms a run, this ~1.
    outAreas.push(
      Object.assign({}, area, {
        properties: Object.assign({}, area.properties, { areaSqm, coveredSqm, coveredShare: areaSqm > 0 ? coveredSqm / areaSqm : 0, facilitiesInReach: cover.inReach }),
      }),
    )
    if (gap.geometry) {
      outGaps.push({
        type: 'Feature',
        ...(area.id !== undefined ? { id: area.id } : {}),
        geometry: gap.geometry,
        properties: Object.assign({}, area.properties, { gapSqm: gap.gapSqm }),
      })
    }
  }
  return { areas: { type: 'FeatureCollection', features: outAreas }, gaps: { type: 'FeatureCollection', features: outGaps } }
}

/** The area's memo, its polygon in local metres made the first time. */
export function areaInMeters<P>(area: Feature<Polygon | MultiPolygon, P>, projection: LocalMeters, memo: WeakMap<object, AreaMemo>): AreaMemo {
  let kept = memo.get(area)
  if (!kept) memo.set(area, (kept = projectArea(area, projection)))
  return kept
}

/** The area's polygon in local metres: its rings, their union (holes and parts resolved), its area and box. */
function projectArea<P>(area: Feature<Polygon | MultiPolygon, P>, projection: LocalMeters): AreaMemo {
  const rings: PathsD = []
  forEachRing(area.geometry, (ring) => rings.push(ring.slice(0, -1).map(([lon, lat]) => ({ x: projection.x(lon), y: projection.y(lat) }))))
  // One ring needs no normalising (either orientation fills under the non-zero rule); holes and
  // parts are resolved once by a union.
  const shape = rings.length === 1 ? rings : unionD(rings, FillRule.EvenOdd)
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }
  for (const ring of rings) for (const p of ring) ((box.x0 = Math.min(box.x0, p.x)), (box.y0 = Math.min(box.y0, p.y)), (box.x1 = Math.max(box.x1, p.x)), (box.y1 = Math.max(box.y1, p.y)))
  return { shape, rings, areaSqm: Math.abs(areaPathsD(shape)), box }
}

function forEachRing(g: Polygon | MultiPolygon, fn: (ring: Position[]) => void): void {
  if (g.type === 'Polygon') g.coordinates.forEach(fn)
  else g.coordinates.forEach((poly) => poly.forEach(fn))
}
