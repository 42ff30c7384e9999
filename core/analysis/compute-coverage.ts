// The planner's question in one call: for circles of a radius around the chosen facilities, how
// many residents are served, per area of a level (grid, community or street) and for the whole
// district, how much of each area is covered, and which areas fall below the target.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { computeAreaCoverage, type AreaCoverageProperties } from './compute-area-coverage.js'
import { createDemandIndex, type DemandIndex } from './create-demand-index.js'
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
  const target = options.targetPct ?? 90
  if (!(target >= 0 && target <= 100)) throw new RangeError(`targetPct must be between 0 and 100, not ${target}`)
  const index = 'grid' in input.demand ? input.demand : createDemandIndex(input.demand)
  const served = markServedPoints(index as DemandIndex, input.facilities, { radiusMeters: options.radiusMeters })

  // Each demand point counts towards the area of the level above (or at) its lowest area.
  const areaByCode = new Map<string, A>(input.areas.features.map((f) => [f.properties.code, f.properties]))
  const levelAreaOf = new Map<string, string | null>()
  const findLevelArea = (code: string | null): string | null => {
    if (code === null) return null
    let found = levelAreaOf.get(code)
    if (found !== undefined) return found
    found = null
    for (let at = areaByCode.get(code); at; at = at.parent_code ? areaByCode.get(at.parent_code) : undefined) {
      if (at.level === options.level) {
        found = at.code
        break
      }
    }
    levelAreaOf.set(code, found)
    return found
  }
  const people = new Map<string, { population: number; covered: number }>()
  const totals = { population: 0, covered: 0, unservedPoints: 0 }
  index.features.forEach((f, i) => {
    const population = f.properties.population ?? 0
    totals.population += population
    if (served[i]) totals.covered += population
    else totals.unservedPoints++
    const code = findLevelArea(f.properties.area_code)
    if (code === null) return
    const p = people.get(code) ?? { population: 0, covered: 0 }
    p.population += population
    if (served[i]) p.covered += population
    people.set(code, p)
  })

  const levelAreas: FeatureCollection<Polygon | MultiPolygon, A> = {
    type: 'FeatureCollection',
    features: input.areas.features.filter((f) => f.properties.level === options.level),
  }
  const { areas, gaps } = computeAreaCoverage(levelAreas, input.facilities, { radiusMeters: options.radiusMeters })
  const features: Feature<Polygon | MultiPolygon, A & CoverageAreaProperties>[] = areas.features.map((f) => {
    const p = people.get(f.properties.code) ?? { population: 0, covered: 0 }
    const pct = p.population > 0 ? (100 * p.covered) / p.population : null
    return {
      ...f,
      properties: { ...f.properties, population: p.population, populationCovered: p.covered, populationCoveredPct: pct, belowTarget: pct !== null && pct < target },
    }
  })
  const areasBelowTarget = features
    .filter((f) => f.properties.belowTarget)
    .sort((a, b) => a.properties.populationCoveredPct! - b.properties.populationCoveredPct! || a.properties.code.localeCompare(b.properties.code))
    .map((f) => f.properties.code)
  return {
    summary: {
      radiusMeters: options.radiusMeters,
      population: totals.population,
      populationCovered: totals.covered,
      populationCoveredPct: totals.population > 0 ? (100 * totals.covered) / totals.population : null,
      unservedPoints: totals.unservedPoints,
      unservedPopulation: totals.population - totals.covered,
      areasBelowTarget,
    },
    areas: { type: 'FeatureCollection', features },
    gaps,
    served,
  }
}
