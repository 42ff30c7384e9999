// Coverage answers of the API from one data version's inputs: the demand index built once, each
// answer kept for its parameters. Pure (no I/O): it runs in the coverage worker thread
// (coverage-worker.ts), so an analysis never holds the thread that serves requests.
import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { createDemandIndex, type DemandIndex } from '../../core/analysis/create-demand-index.js'
import { getServiceRadius } from '../../core/analysis/get-service-radius.js'
import { suggestSitesForCoverage } from '../../core/analysis/suggest-sites-for-coverage.js'
import { roundGeometry, roundPosition } from '../../core/domain/coordinates.js'
import { encodeCoverageInputs, type CoverageResponse, type SuggestResponse } from '../../core/wire/coverage.js'
import { countsAsServicePoint, MAX_SUGGESTED_SITES, type CoverageParameters, type SuggestRequestBody } from '../../core/wire/coverage-parameters.js'
import type { AreaFeatureProperties, DemandPointProperties, ServicePointProperties } from '../db/queries/coverage.js'
import type { MultiPolygon as MP, Polygon, Position } from 'geojson'
import { buildWalkNetwork, type WalkNetwork } from '../../core/analysis/build-walk-network.js'
import { computeNetworkCoverage, createNetworkCoverageMemo, prepareNetworkCoverage, type NetworkCoverageMemo } from '../../core/analysis/compute-network-coverage.js'
import { snapPlaces, type PlaceSnaps } from '../../core/analysis/snap-to-walk-network.js'
import { computeClosureImpact, type ClosureLoss } from '../../core/analysis/compute-closure-impact.js'
import { closeWalkEdges } from '../../core/analysis/close-walk-edges.js'
import { computeNetworkReach, type NetworkReach } from '../../core/analysis/compute-network-reach.js'
import { CLOSURE_METERS } from '../../core/domain/passage-closures.js'
import type { ClosureLossFigures, ClosuresResponse, PassageClosure } from '../../core/wire/closures.js'
import { DEFAULT_COVERAGE_PARAMETERS } from '../../core/wire/coverage-parameters.js'

/** A live closure's place, [lon, lat]. */
export type ClosurePoint = readonly [number, number]

/** Answers kept per data version (a planner tries a handful of tiers and type sets). */
const MAX_CACHED_ANSWERS = 32

/** One data version's analysis inputs, as read from the database. */
export interface RawCoverageInputs {
  version: string
  areas: FeatureCollection<Polygon | MP, AreaFeatureProperties>
  demand: FeatureCollection<Point, DemandPointProperties>
  facilities: FeatureCollection<Point, ServicePointProperties>
  /** The walked lines of the network (empty: none loaded), each as its coordinates. */
  roads?: Position[][]
}

interface Inputs {
  version: string
  /** The inputs as the /plan page takes them, serialised once per data version. */
  payload?: string
  areas: RawCoverageInputs['areas']
  demand: DemandIndex<DemandPointProperties>
  facilities: RawCoverageInputs['facilities']
  network?: WalkNetwork
  roads?: Position[][]
  /** The demand points joined to the network, made at the first answer on it. */
  snaps?: PlaceSnaps
  /** What the last answer on the network drew (compute-network-coverage.ts): the next draws only what differs. */
  memo?: NetworkCoverageMemo
  /** The reach at the closures' parameters on the whole network (the live closures' baseline). */
  openReach?: NetworkReach
  /** Each area's properties by code, for naming the grids a closure cuts off. */
  areaNames?: Map<string, AreaFeatureProperties>
}

interface Answer {
  response: CoverageResponse
  gaps: CoverageExport['gaps']
  served: Uint8Array
}

/** What the export adds to the answer: the gap polygons and the unserved demand points. */
export interface CoverageExport {
  response: CoverageResponse
  gaps: FeatureCollection<MultiPolygon, AreaFeatureProperties & { gapSqm: number }>
  unserved: FeatureCollection<Point, DemandPointProperties>
}

export function createCoverageEngine() {
  let inputs: Inputs | undefined
  const answers = new Map<string, Answer>()

  function current(): Inputs {
    if (!inputs) throw new Error('the coverage inputs are not loaded')
    return inputs
  }

  const facilitiesOf = (data: Inputs, types: string[]) => ({
    ...data.facilities,
    features: data.facilities.features.filter((f) => countsAsServicePoint(types, f.properties.type)),
  })

  function answer(asked: CoverageParameters, open: readonly ClosurePoint[] = []): Answer & { data: Inputs } {
    const data = current()
    const version = data.version
    const metric = asked.metric ?? (data.network ? 'network' : 'circle')
    if (metric === 'network' && !data.network) throw new Error('metric: no walking network is loaded (npm run import -- FILE --kind roads)')
    const p: CoverageParameters = metric === 'network' ? { ...asked, metric, closures: asked.closures ?? 'open' } : { ...asked, metric }
    // The closures taken out of the walk are part of the question: the same parameters with another set of them is another answer.
    const closures = metric === 'network' && p.closures === 'open' ? open : []
    const key = JSON.stringify([p, closures])
    const known = answers.get(key)
    if (known) return { ...known, data }
    const facilities = facilitiesOf(data, p.types)
    let result
    let closedSummary: CoverageResponse['closed']
    if (metric === 'network') {
      data.snaps ??= snapPlaces(data.network!, data.demand)
      // Readied once with the snaps: every later run on the network starts from the network's band.
      if (!data.memo) prepareNetworkCoverage({ network: data.network!, areas: data.areas, memo: (data.memo = createNetworkCoverageMemo()) }, { level: p.level })
      // On the network a walk is metres walked: no detour factor (it stands in for the network on circles).
      const cutoffMeters = p.minutes * p.speedMetersPerMinute
      const closed = closeWalkEdges(data.network!, closures, CLOSURE_METERS).closed
      closedSummary = { closures: closures.length, edges: closed.reduce((n, c) => n + c, 0) }
      result = computeNetworkCoverage({ areas: data.areas, demand: data.demand, facilities, network: data.network!, snaps: data.snaps, memo: (data.memo ??= createNetworkCoverageMemo()) }, { cutoffMeters, level: p.level, targetPct: p.targetPct, closed })
    } else {
      const radiusMeters = getServiceRadius({ minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor })
      result = computeCoverage({ areas: data.areas, demand: data.demand, facilities }, { radiusMeters, level: p.level, targetPct: p.targetPct })
    }
    const response: CoverageResponse = {
      parameters: p,
      dataVersion: version,
      summary: result.summary,
      areas: {
        type: 'FeatureCollection',
        // Six decimals (about 0.1 m) are plenty for a map; the analysis used full precision.
        features: result.areas.features.map((f) => ({ ...f, geometry: roundGeometry(f.geometry) })),
      },
      ...(closedSummary ? { closed: closedSummary } : {}),
    }
    const entry: Answer = { response, gaps: result.gaps, served: result.served }
    if (answers.size >= MAX_CACHED_ANSWERS) answers.delete(answers.keys().next().value!)
    answers.set(key, entry)
    return { ...entry, data }
  }

  return {
    /** The version whose inputs are loaded, if any. */
    loadedVersion: () => inputs?.version,

    /** Takes a data version's inputs; the answers of the previous one are dropped. */
    load(raw: RawCoverageInputs): void {
      const network = raw.roads?.length ? buildWalkNetwork(raw.roads.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }))) : undefined
      inputs = { version: raw.version, areas: raw.areas, demand: createDemandIndex(raw.demand), facilities: raw.facilities, network, roads: network ? raw.roads : undefined }
      answers.clear()
    },

    /** GET /api/coverage/inputs as JSON text, and the data version it is of. */
    inputs(): { version: string; json: string } {
      const data = current()
      data.payload ??= JSON.stringify(encodeCoverageInputs({ dataVersion: data.version, areas: data.areas, facilities: data.facilities, demand: data.demand.features, roads: data.roads }))
      return { version: data.version, json: data.payload }
    },

    /** The coverage for `p`; on the network without the streets of the open closures `open` (unless p.closures is 'none'). */
    get(p: CoverageParameters, open?: readonly ClosurePoint[]): CoverageResponse {
      return answer(p, open).response
    },

    /**
     * What the open closures cost the walk to every service point at the coverage defaults (15
     * minutes): the residents who lose it, all together and per closure. Without a walking network
     * the closures come back with no figures.
     */
    closures(list: PassageClosure[]): ClosuresResponse {
      const data = current()
      const at = new Date().toISOString()
      if (!data.network) {
        return { dataVersion: null, parameters: null, closureMeters: CLOSURE_METERS, closures: list.map((c) => ({ ...c, edges: 0, alone: null, lines: [] })), total: null, at }
      }
      const p: CoverageParameters = { ...DEFAULT_COVERAGE_PARAMETERS, metric: 'network' }
      data.snaps ??= snapPlaces(data.network, data.demand)
      const facilities = facilitiesOf(data, p.types)
      const cutoffMeters = p.minutes * p.speedMetersPerMinute
      // The walk without closures changes only with the data version: kept for every later change of the closures.
      data.openReach ??= computeNetworkReach(data.network, facilities.features.map((f) => f.geometry.coordinates as [number, number]), data.demand, data.snaps, { cutoffMeters })
      const impact = computeClosureImpact(
        { areas: data.areas, demand: data.demand, facilities, network: data.network, snaps: data.snaps },
        { cutoffMeters, level: 'grid', closures: list.map((c) => [c.lon, c.lat] as const), closureMeters: CLOSURE_METERS, open: data.openReach },
      )
      data.areaNames ??= new Map(data.areas.features.map((f) => [f.properties.code, f.properties]))
      const figures = (loss: ClosureLoss): ClosureLossFigures => ({
        population: loss.population,
        points: loss.points,
        grids: loss.areas.map((a) => ({ code: a.code, name: data.areaNames!.get(a.code)?.name ?? a.code, nameEn: data.areaNames!.get(a.code)?.name_en ?? null, population: a.population, points: a.points })),
      })
      return {
        dataVersion: data.version,
        parameters: p,
        closureMeters: CLOSURE_METERS,
        closures: list.map((c, k) => ({
          ...c,
          edges: impact.closures[k].edges.length,
          alone: impact.closures[k].alone && figures(impact.closures[k].alone),
          lines: impact.closures[k].edges.map((e) => data.roads![data.network!.edgeFeature[e]].map(roundPosition)),
        })),
        total: figures(impact.total),
        at,
      }
    },

    /** The answer with its gap polygons and unserved demand points, for the export. */
    export(p: CoverageParameters, open?: readonly ClosurePoint[]): CoverageExport {
      const { response, gaps, served, data } = answer(p, open)
      return {
        response,
        gaps,
        unserved: { type: 'FeatureCollection', features: data.demand.features.filter((_f, i) => !served[i]) },
      }
    },

    /** Ranked new sites for the walk `p`: k of them, or the fewest that reach targetPct. */
    suggest(p: SuggestRequestBody, open: readonly ClosurePoint[] = []): SuggestResponse {
      const data = current()
      const metric = p.metric ?? (data.network ? 'network' : 'circle')
      if (metric === 'network' && !data.network) throw new Error('metric: no walking network is loaded (npm run import -- FILE --kind roads)')
      if (metric === 'network') data.snaps ??= snapPlaces(data.network!, data.demand)
      const closures = metric === 'network' && p.closures !== 'none' ? open : []
      const result = suggestSitesForCoverage(data.demand, facilitiesOf(data, p.types), {
        walk: { minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor },
        // A target alone stops at MAX_SUGGESTED_SITES sites too, so no answer grows without bound.
        k: p.k ?? MAX_SUGGESTED_SITES,
        targetPct: p.targetPct,
        candidates: p.candidates,
        network: metric === 'network' ? { net: data.network!, snaps: data.snaps!, closed: closures.length ? closeWalkEdges(data.network!, closures, CLOSURE_METERS).closed : undefined } : undefined,
      })
      return {
        dataVersion: data.version,
        metric,
        radiusMeters: result.radiusMeters,
        population: result.population,
        coveredBefore: result.coveredBefore,
        coveredAfter: result.coveredAfter,
        sites: {
          type: 'FeatureCollection',
          features: result.sites.map((s) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: roundPosition(s.candidate.geometry.coordinates) },
            properties: {
              rank: s.rank,
              addedPopulation: s.addedPopulation,
              coveredPctAfter: s.coveredPctAfter,
              candidate: p.candidates ? (s.candidate.properties ?? null) : null,
            },
          })),
        },
      }
    },
  }
}

export type CoverageEngine = ReturnType<typeof createCoverageEngine>
