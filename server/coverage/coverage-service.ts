// Coverage figures for the API: the analysis inputs are read once per data version (the demand
// index built once with them), and each answer is kept for its parameters until the data change.
import type { Position } from 'geojson'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { createDemandIndex, type DemandIndex } from '../../core/analysis/create-demand-index.js'
import { getServiceRadius } from '../../core/analysis/get-service-radius.js'
import type { CoverageInputsResponse, CoverageParameters, CoverageResponse, SuggestResponse } from '../../core/wire/coverage.js'
import { markServedPoints } from '../../core/analysis/mark-served-points.js'
import { proposeCandidateSites } from '../../core/analysis/propose-candidate-sites.js'
import { suggestSites } from '../../core/analysis/suggest-sites.js'
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
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
    features: data.facilities.features.filter((f) => types.length === 0 || types.includes(f.properties.type)),
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
      data.payload ??= JSON.stringify(toInputsPayload(data))
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

    /** Ranked new sites for the walk `p` (its level and target unused), k of them or the fewest for targetPct. */
    async suggest(
      p: Omit<CoverageParameters, 'level' | 'targetPct'> & { k?: number; targetPct?: number; candidates?: FeatureCollection<Point, Record<string, unknown> | null> },
    ): Promise<SuggestResponse> {
      const data = await current()
      const facilities = facilitiesOf(data, p.types)
      const radiusMeters = getServiceRadius({ minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor })
      const candidates =
        p.candidates ?? proposeCandidateSites(data.demand, markServedPoints(data.demand, facilities, { radiusMeters }), { cellMeters: radiusMeters / 2 })
      const result = suggestSites(data.demand, facilities, candidates as FeatureCollection<Point, Record<string, unknown> | null>, {
        radiusMeters,
        k: p.k,
        targetPct: p.targetPct,
      })
      return {
        dataVersion: data.version,
        radiusMeters,
        population: result.population,
        coveredBefore: result.coveredBefore,
        coveredAfter: result.coveredAfter,
        sites: {
          type: 'FeatureCollection',
          features: result.sites.map((s) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: s.candidate.geometry.coordinates.map((v) => Math.round(v * 1e6) / 1e6) },
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

function toInputsPayload(data: Inputs): CoverageInputsResponse {
  const round = (v: number) => Math.round(v * 1e6) / 1e6
  const areaIndex = new Map(data.areas.features.map((f, i) => [f.properties.code, i]))
  const demand = data.demand.features
  return {
    dataVersion: data.version,
    areas: {
      type: 'FeatureCollection',
      features: data.areas.features.map((f) => ({ type: 'Feature' as const, id: f.id as number, geometry: roundGeometry(f.geometry), properties: f.properties })),
    },
    facilities: {
      type: 'FeatureCollection',
      features: data.facilities.features.map((f) => ({
        type: 'Feature' as const,
        id: f.id as number,
        geometry: { type: 'Point' as const, coordinates: f.geometry.coordinates.map(round) },
        properties: f.properties,
      })),
    },
    demand: {
      code: demand.map((f) => f.properties.code),
      lon: Array.from(data.demand.lon, round),
      lat: Array.from(data.demand.lat, round),
      population: demand.map((f) => f.properties.population),
      area: demand.map((f) => (f.properties.area_code === null ? -1 : (areaIndex.get(f.properties.area_code) ?? -1))),
    },
  }
}

function roundGeometry<G extends Polygon | MultiPolygon>(g: G): G {
  const round = (p: Position) => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]
  return g.type === 'Polygon'
    ? ({ ...g, coordinates: g.coordinates.map((ring) => ring.map(round)) } as G)
    : ({ ...g, coordinates: (g.coordinates as Position[][][]).map((poly) => poly.map((ring) => ring.map(round))) } as G)
}
