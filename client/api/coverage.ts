// Fetchers of the coverage API: the inputs the /plan page's worker analyses, and the figures per area.
import type { CoverageInputsResponse, CoverageResponse } from '../../core/wire/coverage'
import { getJson } from './http'

export function fetchCoverageInputs(signal?: AbortSignal): Promise<CoverageInputsResponse> {
  return getJson('/api/coverage/inputs', undefined, signal)
}

/** 15-minute coverage (the defaults) of every area of a level. */
export function fetchCoverage(level: 'grid' | 'community' | 'street', signal?: AbortSignal): Promise<CoverageResponse> {
  return getJson('/api/coverage', { level }, signal)
}

const coverageByLevel = new Map<string, Promise<Map<string, number | null>>>()

/**
 * The 15-minute population coverage (%) of one area — a grid, community or street, or the district
 * (the whole analysis) — from GET /api/coverage, fetched once per level and page; null when nobody
 * lives there or the level has no figures.
 */
export async function fetchAreaCoveragePct(code: string, level: string | undefined): Promise<number | null> {
  const byLevel = level === 'district' ? 'street' : level
  if (byLevel !== 'grid' && byLevel !== 'community' && byLevel !== 'street') return null
  let figures = coverageByLevel.get(byLevel)
  if (!figures) {
    figures = fetchCoverage(byLevel).then((c) => {
      const m = new Map(c.areas.features.map((f) => [f.properties.code, f.properties.populationCoveredPct]))
      m.set('*', c.summary.populationCoveredPct)
      return m
    })
    // A failed fetch is tried again next time.
    figures.catch(() => coverageByLevel.delete(byLevel))
    coverageByLevel.set(byLevel, figures)
  }
  const m = await figures
  return (level === 'district' ? m.get('*') : m.get(code)) ?? null
}
