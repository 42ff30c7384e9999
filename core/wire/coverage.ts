// Payloads of the coverage API (GET /api/coverage).
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
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

/** POST /api/coverage/suggest: the walk as in GET /api/coverage, how many sites, and where they may go. */
export interface SuggestRequest {
  k?: number
  targetPct?: number
  types?: string[]
  minutes?: number
  speedMetersPerMinute?: number
  detourFactor?: number
  /** The planner's own candidate places; by default the weighted centres of unserved residents. */
  candidates?: FeatureCollection<Point, Record<string, unknown> | null>
}

export interface SuggestedSiteProperties {
  rank: number
  addedPopulation: number
  coveredPctAfter: number
  /** The candidate's own properties, when the planner gave candidates. */
  candidate: Record<string, unknown> | null
}

export interface SuggestResponse {
  dataVersion: string
  radiusMeters: number
  population: number
  coveredBefore: number
  coveredAfter: number
  sites: FeatureCollection<Point, SuggestedSiteProperties>
}
