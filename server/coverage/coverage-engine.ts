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
import { computeNetworkCoverage } from '../../core/analysis/compute-network-coverage.js'
import { snapPlaces, type PlaceSnaps } from '../../core/analysis/snap-to-walk-network.js'

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

  function answer(asked: CoverageParameters): Answer & { data: Inputs } {
    const data = current()
    const version = data.version
    const metric = asked.metric ?? (data.network ? 'network' : 'circle')
    if (metric === 'network' && !data.network) throw new Error('metric: no walking network is loaded (npm run import -- FILE --kind roads)')
    const p: CoverageParameters = { ...asked, metric }
    const key = JSON.stringify(p)
    const known = answers.get(key)
    if (known) return { ...known, data }
    const facilities = facilitiesOf(data, p.types)
    let result
    if (metric === 'network') {
      data.snaps ??= snapPlaces(data.network!, data.demand)
      // On the network a walk is metres walked: no detour factor (it stands in for the network on circles).
      const cutoffMeters = p.minutes * p.speedMetersPerMinute
      result = computeNetworkCoverage({ areas: data.areas, demand: data.demand, facilities, network: data.network!, snaps: data.snaps }, { cutoffMeters, level: p.level, targetPct: p.targetPct })
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

    get(p: CoverageParameters): CoverageResponse {
      return answer(p).response
    },

    /** The answer with its gap polygons and unserved demand points, for the export. */
    export(p: CoverageParameters): CoverageExport {
      const { response, gaps, served, data } = answer(p)
      return {
        response,
        gaps,
        unserved: { type: 'FeatureCollection', features: data.demand.features.filter((_f, i) => !served[i]) },
      }
    },

    /** Ranked new sites for the walk `p`: k of them, or the fewest that reach targetPct. */
    suggest(p: SuggestRequestBody): SuggestResponse {
      const data = current()
      const result = suggestSitesForCoverage(data.demand, facilitiesOf(data, p.types), {
        walk: { minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor },
        // A target alone stops at MAX_SUGGESTED_SITES sites too, so no answer grows without bound.
        k: p.k ?? MAX_SUGGESTED_SITES,
        targetPct: p.targetPct,
        candidates: p.candidates,
      })
      return {
        dataVersion: data.version,
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
