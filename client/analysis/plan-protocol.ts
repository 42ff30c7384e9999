// What the /plan page and its Web Worker say to each other: the planner's parameters, a scenario
// (stations planned and stations closed), and the figures the worker sends back.
import type { FeatureCollection, MultiPolygon } from 'geojson'
import type { CoverageSummary } from '../../core/analysis/compute-coverage'
import type { ScenarioComparison } from '../../core/analysis/compare-scenarios'
import type { CoverageInputsResponse } from '../../core/wire/coverage'
import type { CoverageMetric, CoverageParameters } from '../../core/wire/coverage-parameters'

/** The planner's question: the same parameters, with the same rules, as GET /api/coverage. */
export type PlanParameters = CoverageParameters

/** A hypothetical station of a scenario. */
export interface PlannedStation {
  id: string
  lon: number
  lat: number
  type: string
  /** Rank of the suggestion it came from, if any. */
  suggestedRank?: number
}

export interface ScenarioSpec {
  added: PlannedStation[]
  /** Ids of existing service points the scenario closes. */
  removed: number[]
}

export interface AreaFigures {
  id: number
  code: string
  name: string
  name_en: string | null
  parent_code: string | null
  parent_name: string | null
  parent_name_en: string | null
  level: string
  population: number
  populationCovered: number
  populationCoveredPct: number | null
  areaSqm: number
  coveredSqm: number
  coveredShare: number
  facilitiesInReach: number
  belowTarget: boolean
  /** On the walking network: residents the circles (same minutes, speed and detour) count as served that the network does not, and the reverse. */
  circleOnly?: number
  networkOnly?: number
}

export interface AnalysisResult {
  radiusMeters: number
  summary: CoverageSummary
  /** The same parameters with no planned or closed stations. */
  baseline: CoverageSummary
  areas: AreaFigures[]
  /** Per area with a gap, the part outside every circle; feature id = area id. */
  gaps: FeatureCollection<MultiPolygon, { code: string; name: string; gapSqm: number }>
  /** Indexes (into the inputs' demand columns) of the demand points outside every circle. */
  unserved: Int32Array
  /** Every counted station, whose walking circle the map draws; key "f12" (existing) or "p…" (planned). */
  stations: CountedStation[]
  /** The outline of all those circles together (core/analysis unionServiceCircles): drawn at district zoom instead of hundreds of rings. */
  circleUnion: FeatureCollection<MultiPolygon, { stations: number; areaSqm: number }>
  /** On the walking network: each counted station's service area (the streets it is the nearest station to, 50 m either side); feature id = station key. */
  serviceAreas?: FeatureCollection<MultiPolygon, { key: string; planned: boolean; type: string; population: number; areaSqm: number }>
  /** How the walk was measured: along the walking network, or as circles. */
  metric: CoverageMetric
  /** Whether the inputs carry a walking network (the switch is offered then). */
  hasNetwork: boolean
  /** On the walking network: residents the circles count that the network does not, and the reverse, in the district. */
  circleOnly?: number
  networkOnly?: number
  /** On the network, with live closures open: what they cost this scenario's walk. */
  closures?: ClosureFigures
  /** Time the worker spent, and whether only the changed parts were recomputed. */
  computeMs: number
  incremental: boolean
  /** The request's id: the worker's details for it follow in a message of their own (`detailed`). */
  id?: number
  /** On the network, whether the stations' service areas and the comparison with circles are still to come (AnalysisDetails). */
  detailsPending?: boolean
}

/**
 * What follows an analysis on the network: each station's service area and the residents the circles
 * count that the network does not (and the reverse), per area and in all. A city's 555 stations'
 * areas took longer than its figures: the figures go first.
 */
export interface AnalysisDetails {
  serviceAreas: NonNullable<AnalysisResult['serviceAreas']>
  circleOnly: number
  networkOnly: number
  byArea: Record<string, { circleOnly: number; networkOnly: number }>
  computeMs: number
}

/** The analysis with its details in place (the page's store keeps one AnalysisResult). */
export function withDetails(analysis: AnalysisResult, details: AnalysisDetails): AnalysisResult {
  return {
    ...analysis,
    serviceAreas: details.serviceAreas,
    circleOnly: details.circleOnly,
    networkOnly: details.networkOnly,
    areas: analysis.areas.map((a) => (details.byArea[a.code] ? { ...a, ...details.byArea[a.code] } : a)),
    detailsPending: false,
  }
}

/** What the open live closures cost the scenario's walk (core/analysis/compute-closure-impact.ts). */
export interface ClosureFigures {
  /** Whether the figures above leave the closures' streets out (closures=open) or not (none). */
  applied: boolean
  /** Residents (and homes) who lose their walk while all are open. */
  population: number
  points: number
  /** The grids they live in, the most first. */
  grids: { code: string; name: string; name_en: string | null; population: number }[]
  /** Each closure in the order given: the edges it closes and its cost alone (null: not walked alone). */
  each: { edges: number; population: number | null }[]
}

export interface CountedStation {
  key: string
  lon: number
  lat: number
  planned: boolean
  type: string
}

export interface SuggestedSite {
  rank: number
  lon: number
  lat: number
  addedPopulation: number
  coveredPctAfter: number
  /** Code and names of the grid it stands in, if any. */
  gridCode: string | null
  gridName: string | null
  gridNameEn: string | null
}

/** At most k sites; with targetPct, the fewest of them that bring coverage to that share. */
export interface SuggestGoal {
  k: number
  targetPct?: number
}

export interface SuggestionResult {
  k: number
  targetPct: number | null
  /** Whether the target (if any) is reached with the sites. */
  reached: boolean
  radiusMeters: number
  population: number
  coveredBefore: number
  coveredAfter: number
  sites: SuggestedSite[]
  computeMs: number
}

export interface ComparisonResult extends ScenarioComparison {
  stationsBefore: number
  stationsAfter: number
}

export type PlanRequest =
  | { type: 'load'; inputs: CoverageInputsResponse }
  | { type: 'closures'; points: [number, number][] }
  | { type: 'analyse'; id: number; params: PlanParameters; scenario: ScenarioSpec }
  | { type: 'suggest'; id: number; params: PlanParameters; scenario: ScenarioSpec; goal: SuggestGoal }
  | { type: 'compare'; id: number; params: PlanParameters; a: ScenarioSpec; b: ScenarioSpec }

export type PlanResponse =
  | { type: 'loaded'; ms: number }
  | { type: 'analysed'; id: number; result: AnalysisResult }
  | { type: 'detailed'; id: number; result: AnalysisDetails }
  | { type: 'suggested'; id: number; result: SuggestionResult }
  | { type: 'compared'; id: number; result: ComparisonResult }
  | { type: 'error'; id: number | null; message: string }
