// The analysis answers as map features on the page's side: unserved homes from their indexes into
// the inputs (the worker sends the indexes only), walking circles from the counted stations (drawn
// once per station, place and radius).
import type { Feature, Point, Polygon } from 'geojson'
import { circle } from '@turf/turf'
import type { CoverageInputsResponse } from '../../core/wire/coverage'
import type { CountedStation } from './plan-protocol'

const CIRCLE_STEPS = 64
const MAX_CACHED_CIRCLES = 20_000

export function toUnservedFeatures(demand: CoverageInputsResponse['demand'], indexes: Int32Array): Feature<Point, { code: string; population: number }>[] {
  return Array.from(indexes, (i) => ({
    type: 'Feature',
    id: i,
    geometry: { type: 'Point', coordinates: [demand.lon[i], demand.lat[i]] },
    properties: { code: demand.code[i], population: demand.population[i] },
  }))
}

export type CircleCache = Map<string, Feature<Polygon, { planned: boolean; type: string }>>

/** The walking circle of each station (feature id = station key), reusing those already drawn. */
export function toCircleFeatures(stations: CountedStation[], radiusMeters: number, cache: CircleCache): Feature<Polygon, { planned: boolean; type: string }>[] {
  if (cache.size > MAX_CACHED_CIRCLES) cache.clear()
  return stations.map((s) => {
    const key = `${s.key}@${s.lon},${s.lat}@${radiusMeters}@${s.planned}`
    let f = cache.get(key)
    if (!f) {
      const c = circle([s.lon, s.lat], radiusMeters / 1000, { steps: CIRCLE_STEPS, units: 'kilometers' })
      f = { type: 'Feature', id: s.key, geometry: c.geometry, properties: { planned: s.planned, type: s.type } }
      cache.set(key, f)
    }
    return f
  })
}
