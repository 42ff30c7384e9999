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
