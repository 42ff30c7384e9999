// Coordinate reference systems a field phone or an import file may use, and their
// conversion to WGS-84 (the only CRS stored). The conversion is gcoord's, never a
// hand-copied formula.
import gcoord from 'gcoord'
import type { Geometry, Position } from 'geojson'

/** wgs84: GPS / EPSG:4326; gcj02: Chinese "Mars" coordinates (AMap, Tencent); bd09: Baidu. */
export const INPUT_CRS = ['wgs84', 'gcj02', 'bd09'] as const
export type InputCrs = (typeof INPUT_CRS)[number]

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/**
 * Converts one [lon, lat] pair to WGS-84.
 * @example toWgs84([109.1946, 27.7172], 'gcj02') // ≈ [109.1909, 27.7202]
 */
export function toWgs84(position: Position, crs: InputCrs): [number, number] {
  if (crs === 'wgs84') return [position[0], position[1]]
  const [lon, lat] = gcoord.transform([position[0], position[1]], GCOORD_CRS[crs], gcoord.WGS84)
  return [lon, lat]
}

/** Returns a copy of the geometry with every position converted to WGS-84; the input is untouched. */
export function geometryToWgs84<G extends Geometry>(geometry: G, crs: InputCrs): G {
  if (crs === 'wgs84') return geometry
  return mapPositions(geometry, (p) => toWgs84(p, crs))
}

/** Applies fn to every position of a geometry, returning a new geometry. */
export function mapPositions<G extends Geometry>(geometry: G, fn: (p: Position) => Position): G {
  const walk = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? fn(c as Position) : (c as unknown[]).map(walk)
  if (geometry.type === 'GeometryCollection') {
    return { ...geometry, geometries: geometry.geometries.map((g) => mapPositions(g, fn)) }
  }
  return { ...geometry, coordinates: walk((geometry as { coordinates: unknown }).coordinates) } as G
}

/**
 * A longitude or latitude to six decimals (about 0.1 m): plenty for a map or a report's pin, and
 * a third of the text of a full double. Analyses run at full precision; answers are rounded.
 * @example roundCoordinate(109.123456789) // 109.123457
 */
export const roundCoordinate = (v: number) => Math.round(v * 1e6) / 1e6

/** A [lon, lat] pair to six decimals (extra ordinates dropped). */
export const roundPosition = (p: Position): [number, number] => [roundCoordinate(p[0]), roundCoordinate(p[1])]

/** A copy of the geometry with every position to six decimals. */
export const roundGeometry = <G extends Geometry>(geometry: G): G => mapPositions(geometry, roundPosition)
