// The last step of computeCoverage and updateCoverage: residents summed per area of the level and
// for the district from a served flag per demand point, joined to the areas' covered shares.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { AreaCoverageProperties } from '../compute-area-coverage.js'
import type { CoverageAreaInput, CoverageAreaProperties, CoverageDemandInput, CoverageOptions, CoverageResult } from '../compute-coverage.js'
import type { DemandIndex } from '../create-demand-index.js'
import { createLevelAreaFinder } from './level-area-finder.js'

export function checkTargetPct(targetPct: number | undefined): void {
  const target = targetPct ?? 90
  if (!(target >= 0 && target <= 100)) throw new RangeError(`targetPct must be between 0 and 100, not ${target}`)
}

export function selectLevelAreas<A extends CoverageAreaInput>(
  areas: FeatureCollection<Polygon | MultiPolygon, A>,
  level: string,
): FeatureCollection<Polygon | MultiPolygon, A> {
  return { type: 'FeatureCollection', features: areas.features.filter((f) => f.properties.level === level) }
}

/**
 * The result from its parts: residents per area of the level (each demand point counted in the
 * area of that level above its lowest area), the district summary, and the areas' covered shares.
 * Shared by computeCoverage and updateCoverage, so a what-if is summed exactly as a fresh run.
 */
export function assembleCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  index: DemandIndex<D>,
  allAreas: FeatureCollection<Polygon | MultiPolygon, A>,
  served: Uint8Array,
  levelAreas: Feature<Polygon | MultiPolygon, A & AreaCoverageProperties>[],
  gaps: Feature<MultiPolygon, A & { gapSqm: number }>[],
  options: CoverageOptions,
): CoverageResult<A> {
  const target = options.targetPct ?? 90
  const findLevelArea = createLevelAreaFinder(allAreas.features.map((f) => f.properties), options.level)
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

  const features: Feature<Polygon | MultiPolygon, A & CoverageAreaProperties>[] = levelAreas.map((f) => {
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
    gaps: { type: 'FeatureCollection', features: gaps },
    served,
  }
}
