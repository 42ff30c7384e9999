// Payloads of the coverage API (GET /api/coverage); the parameters' rules are in coverage-parameters.ts.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { CoverageAreaProperties, CoverageSummary } from '../analysis/compute-coverage.js'
import { roundCoordinate, roundGeometry, roundPosition } from '../domain/coordinates.js'
import type { CoverageMetric, CoverageParameters } from './coverage-parameters.js'

export type { CoverageParameters } from './coverage-parameters.js'

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
  /** On the network: the open live closures taken out of the walk (none with closures=none) and the edges they close. */
  closed?: { closures: number; edges: number }
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
  /** How the walk was measured (the network by default where one is loaded). */
  metric: CoverageMetric
  /** On the network, the walk in metres along it; on circles the circles' radius. */
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
  /** The walked lines of the walking network, each as its coordinates (absent: no network loaded). */
  roads?: number[][][]
}

/** A demand point as the analysis takes it: its residents and the code of its lowest area. */
export interface CoverageDemandProperties {
  code: string
  population: number
  area_code: string | null
}

/**
 * GET /api/coverage/inputs from the analysis inputs as features: coordinates to six decimals, the
 * demand points as columns (each point's area as an index into the areas). decodeCoverageDemand
 * below reads them back.
 */
export function encodeCoverageInputs(input: {
  dataVersion: string
  areas: FeatureCollection<Polygon | MultiPolygon, CoverageInputAreaProperties>
  facilities: FeatureCollection<Point, CoverageInputFacilityProperties>
  demand: Feature<Point, CoverageDemandProperties>[]
  roads?: number[][][]
}): CoverageInputsResponse {
  const areaIndex = new Map(input.areas.features.map((f, i) => [f.properties.code, i]))
  const demand = input.demand
  return {
    dataVersion: input.dataVersion,
    areas: {
      type: 'FeatureCollection',
      features: input.areas.features.map((f) => ({ type: 'Feature' as const, id: f.id as number, geometry: roundGeometry(f.geometry), properties: f.properties })),
    },
    facilities: {
      type: 'FeatureCollection',
      features: input.facilities.features.map((f) => ({
        type: 'Feature' as const,
        id: f.id as number,
        geometry: { type: 'Point' as const, coordinates: roundPosition(f.geometry.coordinates) },
        properties: f.properties,
      })),
    },
    demand: {
      code: demand.map((f) => f.properties.code),
      lon: demand.map((f) => roundCoordinate(f.geometry.coordinates[0])),
      lat: demand.map((f) => roundCoordinate(f.geometry.coordinates[1])),
      population: demand.map((f) => f.properties.population),
      area: demand.map((f) => (f.properties.area_code === null ? -1 : (areaIndex.get(f.properties.area_code) ?? -1))),
    },
    // Full precision: two lines meet where their ends are the same to 1e-7° (core/analysis/build-walk-network.ts).
    ...(input.roads?.length ? { roads: input.roads } : {}),
  }
}

/** The demand columns of GET /api/coverage/inputs as point features, each with its lowest area's code. */
export function decodeCoverageDemand(inputs: Pick<CoverageInputsResponse, 'areas' | 'demand'>): FeatureCollection<Point, CoverageDemandProperties> {
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
