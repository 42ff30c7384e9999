// Fetcher of the coverage inputs the /plan page's worker analyses.
import type { CoverageInputsResponse } from '../../core/wire/coverage'
import { getJson } from './http'

export function fetchCoverageInputs(signal?: AbortSignal): Promise<CoverageInputsResponse> {
  return getJson('/api/coverage/inputs', undefined, signal)
}
