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
 * Each demand point's area of the level, as an index into `levelAreas` (-1: none): the same for
 * every run on the same demand, areas and level, so a caller that runs again may keep it.
 */
export function pointLevelAreas<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  index: DemandIndex<D>,
  allAreas: FeatureCollection<Polygon | MultiPolygon, A>,
  levelAreas: readonly Feature<Polygon | MultiPolygon, A>[],
  level: string,
): Int32Array {
  const findLevelArea = createLevelAreaFinder(allAreas.features.map((f) => f.properties), level)
  const position = new Map(levelAreas.map((f, k) => [f.properties.code, k]))
  const out = new Int32Array(index.features.length)
  index.features.forEach((f, i) => {
    const code = findLevelArea(f.properties.area_code)
    out[i] = code === null ? -1 : (position.get(code) ?? -1)
  })
  return out
}

/**
 * The result from its parts: residents per area of the level (each demand point counted in the
 * area of that level above its lowest area), the district summary, and the areas' covered shares.
 * Shared by computeCoverage and updateCoverage, so a what-if is summed exactly as a fresh run.
 * `pointAreas`: pointLevelAreas of the same demand, areas and level, where the caller keeps it.
 */
export function assembleCoverage<A extends CoverageAreaInput, D extends CoverageDemandInput>(
  index: DemandIndex<D>,
  allAreas: FeatureCollection<Polygon | MultiPolygon, A>,
  served: Uint8Array,
  levelAreas: Feature<Polygon | MultiPolygon, A & AreaCoverageProperties>[],
  gaps: Feature<MultiPolygon, A & { gapSqm: number }>[],
  options: CoverageOptions,
  pointAreas: Int32Array = pointLevelAreas(index, allAreas, levelAreas, options.level),
): CoverageResult<A> {
  const target = options.targetPct ?? 90
  const population = new Float64Array(levelAreas.length)
  const covered = new Float64Array(levelAreas.length)
  const totals = { population: 0, covered: 0, unservedPoints: 0 }
  const { features: points } = index
  for (let i = 0; i < points.length; i++) {
    const people = points[i].properties.population ?? 0
    totals.population += people
    if (served[i]) totals.covered += people
    else totals.unservedPoints++
    const k = pointAreas[i]
    if (k < 0) continue
    population[k] += people
    if (served[i]) covered[k] += people
  }

  const features: Feature<Polygon | MultiPolygon, A & CoverageAreaProperties>[] = levelAreas.map((f, k) => {
    const pct = population[k] > 0 ? (100 * covered[k]) / population[k] : null
    // Object.assign, not a spread with added keys (several times faster on a city's grids: cover-areas.ts).
    return Object.assign({}, f, {
      properties: Object.assign({}, f.properties, { population: population[k], populationCovered: covered[k], populationCoveredPct: pct, belowTarget: pct !== null && pct < target }),
    })
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
