// A local flat projection in metres (equirectangular about the data's middle latitude) for
// spatial indexing, with the bound on how far its distances can stray from the great-circle
// distance inside the data's extent — so a caller can decide the clear cases in the plane and
// check only the near-boundary ones on the sphere.

import type { MultiPolygon, Polygon } from 'geojson'

/** Mean Earth radius (IUGG), as Turf and PostGIS's sphere use. */
export const EARTH_RADIUS_METERS = 6_371_008.8
const RAD = Math.PI / 180

export interface LocalMeters {
  /** Metres east and north of the origin. */
  x(lon: number): number
  y(lat: number): number
  /** The inverse: [lon, lat] of a projected point. */
  toLonLat(x: number, y: number): [number, number]
  /** Planar distances between points with latitudes in [minLat, maxLat] lie within a factor
   *  (1 ± this) of their great-circle distances (for distances up to some tens of kilometres). */
  relativeErrorFor(minLat: number, maxLat: number): number
}

/** A projection centred on `midLat` (degrees). */
export function createLocalMeters(midLat: number): LocalMeters {
  const cosMid = Math.cos(midLat * RAD)
  return {
    x: (lon) => EARTH_RADIUS_METERS * cosMid * lon * RAD,
    y: (lat) => EARTH_RADIUS_METERS * lat * RAD,
    toLonLat: (x, y) => [x / (EARTH_RADIUS_METERS * cosMid * RAD), y / (EARTH_RADIUS_METERS * RAD)],
    relativeErrorFor(minLat, maxLat) {
      // East-west scale at a latitude is cos(lat)/cos(mid) of the projection's; north-south is exact.
      // The margin covers the sphere's curvature over short distances and rounding.
      const stray = (lat: number) => Math.abs(Math.cos(lat * RAD) / cosMid - 1)
      return Math.max(stray(minLat), stray(maxLat)) * 1.01 + 1e-4
    },
  }
}

/** Great-circle distance in metres (haversine, on the sphere of EARTH_RADIUS_METERS). */
export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD
  const dLon = (lon2 - lon1) * RAD
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)))
}

/** The middle of the latitudes of the areas' outer rings (0 when there are none): the usual origin of a LocalMeters. */
export function getMiddleLatitude(areas: { features: { geometry: Polygon | MultiPolygon }[] }): number {
  let minLat = Infinity
  let maxLat = -Infinity
  for (const { geometry: g } of areas.features) {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
    for (const poly of polygons) for (const ring of poly) for (const [, lat] of ring) ((minLat = Math.min(minLat, lat)), (maxLat = Math.max(maxLat, lat)))
  }
  return Number.isFinite(minLat) ? (minLat + maxLat) / 2 : 0
}
