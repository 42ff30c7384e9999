// Coverage figures for the API: the analysis inputs are read once per data version (the demand
// index built once with them), and each answer is kept for its parameters until the data change.
import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { createDemandIndex, type DemandIndex } from '../../core/analysis/create-demand-index.js'
import { getServiceRadius } from '../../core/analysis/get-service-radius.js'
import { suggestSitesForCoverage } from '../../core/analysis/suggest-sites-for-coverage.js'
import { roundGeometry, roundPosition } from '../../core/domain/coordinates.js'
import { encodeCoverageInputs, type CoverageResponse, type SuggestResponse } from '../../core/wire/coverage.js'
import { countsAsServicePoint, MAX_SUGGESTED_SITES, type CoverageParameters, type SuggestRequestBody } from '../../core/wire/coverage-parameters.js'
import type { Sql } from '../db/client.js'
import {
  selectAreaFeatures,
  selectDemandPointFeatures,
  selectServicePointFeatures,
  type AreaFeatureProperties,
  type DemandPointProperties,
} from '../db/queries/coverage.js'
import { getAllDataVersions } from '../db/queries/health.js'

/** Answers kept per data version (a planner tries a handful of tiers and type sets). */
const MAX_CACHED_ANSWERS = 32

interface Inputs {
  version: string
  /** The inputs as the /plan page takes them, serialised once per data version. */
  payload?: string
  areas: Awaited<ReturnType<typeof selectAreaFeatures>>
  demand: DemandIndex<DemandPointProperties>
  facilities: Awaited<ReturnType<typeof selectServicePointFeatures>>
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

export function createCoverageService(sql: Sql) {
  let inputs: Promise<Inputs> | undefined
  const answers = new Map<string, Answer>()

  async function load(version: string): Promise<Inputs> {
    const [areas, demand, facilities] = await Promise.all([selectAreaFeatures(sql), selectDemandPointFeatures(sql), selectServicePointFeatures(sql)])
    return { version, areas, demand: createDemandIndex(demand), facilities }
  }

  async function current(): Promise<Inputs> {
    const version = await getAllDataVersions(sql)
    if (!inputs || (await inputs).version !== version) {
      inputs = load(version)
      answers.clear()
    }
    return inputs
  }

  const facilitiesOf = (data: Inputs, types: string[]) => ({
    ...data.facilities,
    features: data.facilities.features.filter((f) => countsAsServicePoint(types, f.properties.type)),
  })

  async function answer(p: CoverageParameters): Promise<Answer & { data: Inputs }> {
    const data = await current()
    const version = data.version
    const key = JSON.stringify(p)
    const known = answers.get(key)
    if (known) return { ...known, data }
    const facilities = facilitiesOf(data, p.types)
    const radiusMeters = getServiceRadius({ minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor })
    const result = computeCoverage({ areas: data.areas, demand: data.demand, facilities }, { radiusMeters, level: p.level, targetPct: p.targetPct })
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
    /** GET /api/coverage/inputs as JSON text, and the data version it is of. */
    async inputs(): Promise<{ version: string; json: string }> {
      const data = await current()
      data.payload ??= JSON.stringify(encodeCoverageInputs({ dataVersion: data.version, areas: data.areas, facilities: data.facilities, demand: data.demand.features }))
      return { version: data.version, json: data.payload }
    },

    async get(p: CoverageParameters): Promise<CoverageResponse> {
      return (await answer(p)).response
    },

    /** The answer with its gap polygons and unserved demand points, for the export. */
    async export(p: CoverageParameters): Promise<CoverageExport> {
      const { response, gaps, served, data } = await answer(p)
      return {
        response,
        gaps,
        unserved: { type: 'FeatureCollection', features: data.demand.features.filter((_f, i) => !served[i]) },
      }
    },

    /** Ranked new sites for the walk `p`: k of them, or the fewest that reach targetPct. */
    async suggest(p: SuggestRequestBody): Promise<SuggestResponse> {
      const data = await current()
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

export type CoverageService = ReturnType<typeof createCoverageService>
