// The planner's question in one call: for circles of a radius around the chosen facilities, how
// many residents are served, per area of a level (grid, community or street) and for the whole
// district, how much of each area is covered, and which areas fall below the target.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { computeAreaCoverage, type AreaCoverageProperties } from './compute-area-coverage.js'
import { createDemandIndex, type DemandIndex } from './create-demand-index.js'
import { assembleCoverage, checkTargetPct, selectLevelAreas } from './internal/assemble-coverage.js'
import { markServedPoints } from './mark-served-points.js'

export interface CoverageAreaInput {
  code: string
  level: string
  parent_code: string | null
}

export interface CoverageDemandInput {
  population: number
  /** The lowest area holding the point (a grid), or null outside every area. */
  area_code: string | null
}

export interface CoverageOptions {
  radiusMeters: number
  /** The level whose areas are reported, e.g. 'grid'. */
  level: string
  /** An area whose population coverage is below this percentage is flagged (default 90). */
  targetPct?: number
}

export interface CoverageAreaProperties extends AreaCoverageProperties {
  population: number
  populationCovered: number
  /** null when nobody lives there. */
  populationCoveredPct: number | null
  belowTarget: boolean
}

export interface CoverageSummary {
  radiusMeters: number
  population: number
  populationCovered: number
  populationCoveredPct: number | null
  unservedPoints: number
  unservedPopulation: number
  /** Codes of the areas below the target, worst first. */
  areasBelowTarget: string[]
}

export interface CoverageResult<A> {
  summary: CoverageSummary
  areas: FeatureCollection<Polygon | MultiPolygon, A & CoverageAreaProperties>
  gaps: FeatureCollection<MultiPolygon, A & { gapSqm: number }>
  /** 1 per demand point (in input order) that is served. */
  served: Uint8Array
}

/**
 * Population and area coverage per area of `options.level` and for all the demand points.
 *
 * @example
 * const { summary } = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid' })
 * summary.populationCoveredPct // 93.1
 */
export function computeCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  input: {
    areas: FeatureCollection<Polygon | MultiPolygon, A>
    demand: FeatureCollection<Point, D> | DemandIndex<D>
    facilities: FeatureCollection<Point>
  },
  options: CoverageOptions,
): CoverageResult<A> {
  checkTargetPct(options.targetPct)
  const index = 'grid' in input.demand ? input.demand : createDemandIndex(input.demand)
  const served = markServedPoints(index as DemandIndex, input.facilities, { radiusMeters: options.radiusMeters })
  const { areas, gaps } = computeAreaCoverage(selectLevelAreas(input.areas, options.level), input.facilities, { radiusMeters: options.radiusMeters })
  return assembleCoverage(index, input.areas, served, areas.features, gaps.features, options)
}
