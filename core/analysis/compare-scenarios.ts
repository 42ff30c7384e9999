// Before and after a planning change (stations added, moved or removed): the district figures
// side by side and the areas whose residents served or covered area changed, biggest change first.
import type { CoverageAreaProperties, CoverageResult, CoverageSummary } from './compute-coverage.js'

export interface AreaChange {
  code: string
  populationCoveredBefore: number
  populationCoveredAfter: number
  populationCoveredPctBefore: number | null
  populationCoveredPctAfter: number | null
  coveredShareBefore: number
  coveredShareAfter: number
  /** Whether the area was below target before and is no longer (or the reverse). */
  belowTargetBefore: boolean
  belowTargetAfter: boolean
}

export interface ScenarioComparison {
  before: CoverageSummary
  after: CoverageSummary
  /** after − before. */
  populationCoveredChange: number
  unservedPointsChange: number
  changedAreas: AreaChange[]
}

/** Covered area changes smaller than this share of an area are clipping noise, not a change. */
const SHARE_EPSILON = 1e-9

/**
 * Compares two coverage results over the same areas (matched by code).
 *
 * @example
 * const before = computeCoverage({ areas, demand, facilities }, { radiusMeters: 1000, level: 'grid' })
 * const after = computeCoverage({ areas, demand, facilities: withNewStation }, { radiusMeters: 1000, level: 'grid' })
 * compareScenarios(before, after).changedAreas[0] // the grid that gained most
 */
export function compareScenarios(
  before: Pick<CoverageResult<{ code: string }>, 'summary' | 'areas'>,
  after: Pick<CoverageResult<{ code: string }>, 'summary' | 'areas'>,
): ScenarioComparison {
  const afterByCode = new Map<string, CoverageAreaProperties & { code: string }>(after.areas.features.map((f) => [f.properties.code, f.properties]))
  const changedAreas: AreaChange[] = []
  for (const { properties: b } of before.areas.features) {
    const a = afterByCode.get(b.code)
    if (!a) throw new RangeError(`area ${b.code} is in the first result only`)
    if (a.populationCovered === b.populationCovered && Math.abs(a.coveredShare - b.coveredShare) <= SHARE_EPSILON) continue
    changedAreas.push({
      code: b.code,
      populationCoveredBefore: b.populationCovered,
      populationCoveredAfter: a.populationCovered,
      populationCoveredPctBefore: b.populationCoveredPct,
      populationCoveredPctAfter: a.populationCoveredPct,
      coveredShareBefore: b.coveredShare,
      coveredShareAfter: a.coveredShare,
      belowTargetBefore: b.belowTarget,
      belowTargetAfter: a.belowTarget,
    })
  }
  if (afterByCode.size !== before.areas.features.length) throw new RangeError('the two results cover different areas')
  const size = (c: AreaChange) => Math.abs(c.populationCoveredAfter - c.populationCoveredBefore)
  changedAreas.sort((x, y) => size(y) - size(x) || Math.abs(y.coveredShareAfter - y.coveredShareBefore) - Math.abs(x.coveredShareAfter - x.coveredShareBefore) || x.code.localeCompare(y.code))
  return {
    before: before.summary,
    after: after.summary,
    populationCoveredChange: after.summary.populationCovered - before.summary.populationCovered,
    unservedPointsChange: after.summary.unservedPoints - before.summary.unservedPoints,
    changedAreas,
  }
}
