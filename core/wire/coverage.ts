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
  name_en: string | null
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

/** An area as the analysis takes it (every level, full geometry). */
export interface CoverageInputAreaProperties {
  code: string
  name: string
  name_en: string | null
  level: string
  parent_code: string | null
}

export interface CoverageInputFacilityProperties {
  code: string
  name: string
  name_en: string | null
  type: string
}

/**
 * GET /api/coverage/inputs: what the /plan page's Web Worker analyses — every area, every service
 * point, and the demand points column by column (a city's 200,000 travel far lighter than as
 * features). Coordinates to six decimals (about 0.1 m).
 */
export interface CoverageInputsResponse {
  dataVersion: string
  areas: FeatureCollection<Polygon | MultiPolygon, CoverageInputAreaProperties> & { features: { id: number }[] }
  facilities: FeatureCollection<Point, CoverageInputFacilityProperties> & { features: { id: number }[] }
  demand: {
    code: string[]
    lon: number[]
    lat: number[]
    population: number[]
    /** Index into `areas.features` of the point's lowest area, −1 outside every area. */
    area: number[]
  }
}

/** The demand columns of GET /api/coverage/inputs as point features, each with its lowest area's code. */
export function decodeCoverageDemand(inputs: Pick<CoverageInputsResponse, 'areas' | 'demand'>): FeatureCollection<Point, { code: string; population: number; area_code: string | null }> {
  const d = inputs.demand
  return {
    type: 'FeatureCollection',
    features: d.code.map((code, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [d.lon[i], d.lat[i]] },
      properties: { code, population: d.population[i], area_code: d.area[i] >= 0 ? inputs.areas.features[d.area[i]].properties.code : null },
    })),
  }
}
