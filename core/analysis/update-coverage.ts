// A planner's what-if without a rerun: after stations are added, moved or removed, only the demand
// points near them are counted again and only the areas their circles reach are clipped again;
// everything else is carried over from the previous result, then summed exactly as a fresh run.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { bbox } from '@turf/turf'
import { computeAreaCoverage } from './compute-area-coverage.js'
import type { CoverageAreaInput, CoverageDemandInput, CoverageOptions, CoverageResult } from './compute-coverage.js'
import { countServingFacilities, type ServingChange } from './count-serving-facilities.js'
import type { DemandIndex } from './create-demand-index.js'
import { assembleCoverage, checkTargetPct, selectLevelAreas } from './internal/assemble-coverage.js'
import { getMiddleLatitude, haversineMeters } from './internal/local-meters.js'

export interface CoverageState<A> {
  result: CoverageResult<A>
  /** Stations serving each demand point (see countServingFacilities). */
  counts: Uint16Array
}

/** Reach is widened by this share of the radius (and a metre) so no area the change touches is missed. */
const REACH_MARGIN = 0.01

/**
 * The coverage after `change`, from the state before it. `input.facilities` are the stations
 * after the change; `previous` must have been computed with the same areas, demand and options.
 * Equal to computeCoverage on the changed stations (tested).
 *
 * @example
 * const counts = countServingFacilities(index, stations.features.map((f) => f.geometry.coordinates), { radiusMeters: 1000 })
 * let state = { result: computeCoverage({ areas, demand: index, facilities: stations }, options), counts }
 * state = updateCoverage({ areas, demand: index, facilities: withNewStation }, state, { add: [[109.2, 27.7]] }, options)
 */
export function updateCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: {
    areas: FeatureCollection<Polygon | MultiPolygon, A>
    demand: DemandIndex<D>
    facilities: FeatureCollection<Point>
  },
  previous: CoverageState<A>,
  change: ServingChange,
  options: CoverageOptions,
): CoverageState<A> {
  checkTargetPct(options.targetPct)
  const r = options.radiusMeters
  if (previous.result.summary.radiusMeters !== r) throw new RangeError(`the previous result is for ${previous.result.summary.radiusMeters} m, not ${r} m`)
  const counts = countServingFacilities(input.demand as DemandIndex, [], { radiusMeters: r }, previous.counts, change)
  const served = new Uint8Array(counts.length)
  for (let i = 0; i < counts.length; i++) served[i] = counts[i] > 0 ? 1 : 0

  const places = [...(change.remove ?? []), ...(change.add ?? [])]
  const reach = r * (1 + REACH_MARGIN) + 1
  const level = selectLevelAreas(input.areas, options.level)
  const levelAreas = level.features
  const touched = levelAreas.filter((a) => places.some((p) => getDistanceToBox(p, bbox(a) as Box) <= reach))
  const touchedCodes = new Set(touched.map((a) => a.properties.code))
  const fresh = computeAreaCoverage({ type: 'FeatureCollection', features: touched }, input.facilities, {
    radiusMeters: r,
    projectionLatitude: getMiddleLatitude(level),
  })
  const freshByCode = new Map(fresh.areas.features.map((f) => [f.properties.code, f]))
  const previousByCode = new Map(previous.result.areas.features.map((f) => [f.properties.code, f]))
  const areas = levelAreas.map((a) => {
    const f = freshByCode.get(a.properties.code) ?? previousByCode.get(a.properties.code)
    if (!f) throw new RangeError(`area ${a.properties.code} is not in the previous result`)
    return f
  })
  // Gaps keep the areas' order, as a fresh run gives them.
  const gapByCode = new Map<string, Feature<MultiPolygon, A & { gapSqm: number }>>()
  for (const g of previous.result.gaps.features) if (!touchedCodes.has(g.properties.code)) gapByCode.set(g.properties.code, g)
  for (const g of fresh.gaps.features) gapByCode.set(g.properties.code, g)
  const gaps = levelAreas.flatMap((a) => gapByCode.get(a.properties.code) ?? [])
  return { result: assembleCoverage(input.demand, input.areas, served, areas, gaps, options), counts }
}

type Box = [number, number, number, number]

/** Great-circle distance from a place to the nearest point of a lon/lat box (0 inside it). */
function getDistanceToBox([lon, lat]: Position, [w, s, e, n]: Box): number {
  return haversineMeters(lon, lat, Math.min(Math.max(lon, w), e), Math.min(Math.max(lat, s), n))
}
