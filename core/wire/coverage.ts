// Payloads of the coverage API (GET /api/coverage).
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { CoverageAreaProperties, CoverageSummary } from '../analysis/compute-coverage.js'

/** The parameters as the server understood them (defaults filled in). */
export interface CoverageParameters {
  /** Facility type codes; empty means every type. */
  types: string[]
  minutes: number
  speedMetersPerMinute: number
  detourFactor: number
  level: 'grid' | 'community' | 'street'
  targetPct: number
}

export interface CoverageAreaFeatureProperties extends CoverageAreaProperties {
  code: string
  name: string
  level: string
  parent_code: string | null
}

export interface CoverageResponse {
  parameters: CoverageParameters
  /** The data the figures were computed from (changes when areas, facilities or demand change). */
  dataVersion: string
  summary: CoverageSummary
  areas: FeatureCollection<Polygon | MultiPolygon, CoverageAreaFeatureProperties>
}
