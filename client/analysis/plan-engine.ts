// The /plan page's analysis, run in a Web Worker (and in Node by the tests): the coverage inputs
// indexed once, then each request answered by core/analysis. A scenario differs from the last one
// analysed with the same parameters by a few stations, so it is recomputed incrementally
// (updateCoverage) from that one; a new set of parameters starts from a full run. On the walking
// network (the default where the inputs carry one, as GET /api/coverage) every run is a
// computeNetworkCoverage from the last one (its memo: a station moved redraws only what its walk
// changed), with each station's service area along the streets, the live closures'
// streets out unless the planner walks the whole network, and sites are suggested on it too.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { bbox, booleanPointInPolygon } from '@turf/turf'
import { compareScenarios } from '../../core/analysis/compare-scenarios'
import { computeCoverage } from '../../core/analysis/compute-coverage'
import { countServingFacilities } from '../../core/analysis/count-serving-facilities'
import { markServedPoints } from '../../core/analysis/mark-served-points'
import { createDemandIndex, type DemandIndex } from '../../core/analysis/create-demand-index'
import { getServiceRadius } from '../../core/analysis/get-service-radius'
import { suggestSitesForCoverage } from '../../core/analysis/suggest-sites-for-coverage'
import { unionServiceCircles } from '../../core/analysis/union-service-circles'
import { updateCoverage, type CoverageState } from '../../core/analysis/update-coverage'
import { getMiddleLatitude } from '../../core/analysis/internal/local-meters'
import { createLevelAreaFinder } from '../../core/analysis/internal/level-area-finder'
import { buildWalkNetwork, type WalkNetwork } from '../../core/analysis/build-walk-network'
import { computeNetworkCoverage, computeStationServiceAreas, createNetworkCoverageMemo, prepareNetworkCoverage, type NetworkCoverageResult } from '../../core/analysis/compute-network-coverage'
import { snapPlaces, type PlaceSnaps } from '../../core/analysis/snap-to-walk-network'
import { closeWalkEdges } from '../../core/analysis/close-walk-edges'
import { computeClosureImpact } from '../../core/analysis/compute-closure-impact'
import type { NetworkReach } from '../../core/analysis/compute-network-reach'
import { CLOSURE_METERS } from '../../core/domain/passage-closures'
import type { CoverageMetric } from '../../core/wire/coverage-parameters'
import { roundCoordinate } from '../../core/domain/coordinates'
import { decodeCoverageDemand, type CoverageInputAreaProperties, type CoverageInputsResponse } from '../../core/wire/coverage'
import { assertCoverageParameters, countsAsServicePoint, MAX_SUGGESTED_SITES, suggestGoalSchema } from '../../core/wire/coverage-parameters'
import { withDetails, type AnalysisDetails, type AnalysisResult, type AreaFigures, type ClosureFigures, type ComparisonResult, type PlanParameters, type ScenarioSpec, type SuggestGoal, type SuggestionResult } from './plan-protocol'

type AreaProps = CoverageInputAreaProperties
interface DemandProps {
  code: string
  population: number
  area_code: string | null
}
interface StationProps {
  key: string
  type: string
  planned: boolean
}

/** Parameter sets whose last state is kept (a planner flips between a few tiers and type sets). */
const MAX_KEPT = 6
/** Beyond this many changed stations a full run is as quick as an update. */
const MAX_INCREMENTAL_CHANGES = 40

interface Kept {
  /** Position of each counted station in `state`, by station key. */
  positions: Map<string, Position>
  state: CoverageState<AreaProps>
  baseline: CoverageState<AreaProps>['result']['summary']
}

export function createPlanEngine(inputs: CoverageInputsResponse, clock: () => number = () => performance.now()) {
  const areas = inputs.areas as FeatureCollection<Polygon | MultiPolygon, AreaProps> & { features: { id: number }[] }
  const demand: DemandIndex<DemandProps> = createDemandIndex(decodeCoverageDemand(inputs))
  const areaByCode = new Map(areas.features.map((f) => [f.properties.code, f.properties]))
  const grids = areas.features.filter((f) => f.properties.level === 'grid').map((f) => ({ feature: f, box: bbox(f) as Box }))
  const kept = new Map<string, Kept>()
  const projectionLatitude = getMiddleLatitude(areas)
  const network: WalkNetwork | undefined = inputs.roads?.length
    ? buildWalkNetwork(inputs.roads.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } })))
    : undefined
  let snaps: PlaceSnaps | undefined
  /** The last analysis on the network, for its details (analyse, then details). */
  let lastOnNetwork: { params: PlanParameters; stations: FeatureCollection<Point, StationProps>; result: NetworkCoverageResult<AreaProps> } | null = null
  // What the last walk on the network drew: the next run walks and draws only what its change alters.
  const networkMemo = createNetworkCoverageMemo()
  // The live closures (set by the page from the `closures` socket event) and the edges they close.
  let closures: { points: [number, number][]; closed: Uint8Array; byClosure: number[][]; version: number } = { points: [], closed: new Uint8Array(0), byClosure: [], version: 0 }
  /** Whether the walk leaves the closures' streets out: on the network, unless the planner asks for the whole network. */
  const closesStreets = (params: PlanParameters) => metricOf(params) === 'network' && params.closures !== 'none' && closures.points.length > 0
  const metricOf = (params: PlanParameters): CoverageMetric => params.metric ?? (network ? 'network' : 'circle')
  // The outline of the circles, kept for the last station set and radius (a language switch or a
  // level change asks again with the same stations).
  let lastUnion: { key: string; union: AnalysisResult['circleUnion'] } | null = null
  const unionOf = (stations: FeatureCollection<Point, StationProps>, radiusMeters: number): AnalysisResult['circleUnion'] => {
    const key = `${radiusMeters}|${stations.features.map((f) => f.geometry.coordinates.join(',')).join(';')}`
    if (lastUnion?.key !== key) lastUnion = { key, union: unionServiceCircles(stations, { radiusMeters, projectionLatitude }) }
    return lastUnion.union
  }

  function fullRun(params: PlanParameters, stations: FeatureCollection<Point, StationProps>, radiusMeters: number): CoverageState<AreaProps> {
    const options = { radiusMeters, level: params.level, targetPct: params.targetPct }
    if (metricOf(params) === 'network') {
      if (!snaps) {
        snaps = snapPlaces(network!, demand)
        // Readied once with the snaps: every later run on the network starts from the network's band.
        prepareNetworkCoverage({ network: network!, areas, memo: networkMemo }, { level: params.level })
      }
      // No serving counts on the network: a change runs from the last walk (the memo), whichever scenario it was.
      const closed = closesStreets(params) ? closures.closed : undefined
      const result = computeNetworkCoverage({ areas, demand, facilities: stations, network: network!, snaps, memo: networkMemo }, { cutoffMeters: radiusMeters, level: params.level, targetPct: params.targetPct, closed })
      return { result, counts: new Uint16Array(0) }
    }
    return {
      result: computeCoverage({ areas, demand, facilities: stations }, options),
      counts: countServingFacilities(demand, stations.features.map((f) => f.geometry.coordinates), { radiusMeters }),
    }
  }

  /** The coverage of a scenario, from the last state kept for its parameters where there is one. */
  function run(params: PlanParameters, spec: ScenarioSpec) {
    assertCoverageParameters(params)
    const metric = metricOf(params)
    if (metric === 'network' && !network) throw new RangeError('metric: no walking network is loaded')
    // On the network the walk is metres walked (minutes × speed); on circles minutes × speed ÷ detour.
    const radiusMeters = metric === 'network' ? params.minutes * params.speedMetersPerMinute : getServiceRadius({ minutes: params.minutes, speedMetersPerMinute: params.speedMetersPerMinute, detourFactor: params.detourFactor })
    const key = JSON.stringify([[...params.types].sort(), radiusMeters, params.level, params.targetPct, metric, closesStreets(params) ? closures.version : 0])
    const stations = stationsFor(inputs, params, spec)
    const positions = new Map(stations.features.map((f) => [f.properties.key, f.geometry.coordinates]))
    let entry = kept.get(key)
    if (!entry) {
      const base = stationsFor(inputs, params, { added: [], removed: [] })
      const state = fullRun(params, base, radiusMeters)
      entry = { positions: new Map(base.features.map((f) => [f.properties.key, f.geometry.coordinates])), state, baseline: state.result.summary }
      if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!)
    } else {
      kept.delete(key) // re-inserted below as the most recent
    }
    const remove: Position[] = []
    const add: Position[] = []
    for (const [k, p] of entry.positions) if (!samePlace(positions.get(k), p)) remove.push(p)
    for (const [k, p] of positions) if (!samePlace(entry.positions.get(k), p)) add.push(p)
    let state = entry.state
    const incremental = remove.length + add.length > 0 && remove.length + add.length <= MAX_INCREMENTAL_CHANGES
    // On the network the full run is itself incremental: it walks and draws from the last run (its memo).
    if (incremental && metric === 'circle') {
      state = updateCoverage({ areas, demand, facilities: stations }, state, { remove, add }, { radiusMeters, level: params.level, targetPct: params.targetPct })
    } else if (remove.length + add.length > 0) {
      state = fullRun(params, stations, radiusMeters)
    }
    kept.set(key, { positions, state, baseline: entry.baseline })
    return { state, stations, radiusMeters, baseline: entry.baseline, incremental, metric }
  }

  /** The area of each level a demand point's lowest area lies in. */
  const finders = new Map<string, (code: string | null) => string | null>()
  const findLevelArea = (code: string | null, level: string): string | null => {
    let find = finders.get(level)
    if (!find) finders.set(level, (find = createLevelAreaFinder(areas.features.map((f) => f.properties), level)))
    return find(code)
  }

  /** Residents the circles of the same walk count and the network does not (and the reverse), per area of the level and in all. */
  function compareWithCircles(params: PlanParameters, stations: FeatureCollection<Point, StationProps>, onFoot: Uint8Array) {
    const radiusMeters = getServiceRadius({ minutes: params.minutes, speedMetersPerMinute: params.speedMetersPerMinute, detourFactor: params.detourFactor })
    const inCircle = markServedPoints(demand, stations, { radiusMeters })
    const byArea = new Map<string, { circleOnly: number; networkOnly: number }>()
    let [circleOnly, networkOnly] = [0, 0]
    demand.features.forEach((f, i) => {
      if (inCircle[i] === onFoot[i]) return
      const people = f.properties.population ?? 0
      const code = findLevelArea(f.properties.area_code, params.level)
      const row = code === null ? undefined : (byArea.get(code) ?? byArea.set(code, { circleOnly: 0, networkOnly: 0 }).get(code)!)
      if (inCircle[i]) ((circleOnly += people), row && (row.circleOnly += people))
      else ((networkOnly += people), row && (row.networkOnly += people))
    })
    return { byArea, circleOnly, networkOnly }
  }

  /** The last analysis on the network's details: each station's service area, and the residents circles count that the walk does not (and the reverse). Null: the last analysis was on circles. */
  function detailsOfLast(): AnalysisDetails | null {
    if (!lastOnNetwork) return null
    const t0 = clock()
    const { params, stations, result } = lastOnNetwork
    const differences = compareWithCircles(params, stations, result.served)
    const drawn = computeStationServiceAreas({ areas, demand, facilities: stations, network: network!, snaps: snaps!, memo: networkMemo }, result)
    return {
      serviceAreas: serviceAreasOf({ ...result, serviceAreas: drawn }, stations)!,
      circleOnly: differences.circleOnly,
      networkOnly: differences.networkOnly,
      byArea: Object.fromEntries(differences.byArea),
      computeMs: clock() - t0,
    }
  }

  /** Each counted station's service area on the network, by the station's key. */
  function serviceAreasOf(result: NetworkCoverageResult<AreaProps>, stations: FeatureCollection<Point, StationProps>): AnalysisResult['serviceAreas'] {
    return {
      type: 'FeatureCollection',
      features: (result.serviceAreas?.features ?? []).map((f) => {
        const { key, planned, type } = stations.features[f.properties.station].properties
        return { type: 'Feature', id: key, geometry: f.geometry, properties: { key, planned, type, population: f.properties.population, areaSqm: f.properties.areaSqm } }
      }),
    }
  }

  /** What the live closures cost this scenario's walk: all together and each alone, and the closed streets for the map. */
  function closureFiguresOf(params: PlanParameters, stations: FeatureCollection<Point, StationProps>, cutoffMeters: number, reach: NetworkReach | undefined): ClosureFigures {
    // The walk just made is the whole network's when the planner walks it as built: one walk saved.
    const open = closesStreets(params) ? undefined : reach
    const impact = computeClosureImpact({ areas, demand, facilities: stations, network: network!, snaps: (snaps ??= snapPlaces(network!, demand)) }, { cutoffMeters, level: 'grid', closures: closures.points, closureMeters: CLOSURE_METERS, open })
    const named = (code: string) => areaByCode.get(code)
    return {
      applied: closesStreets(params),
      population: impact.total.population,
      points: impact.total.points,
      grids: impact.total.areas.map((a) => ({ code: a.code, name: named(a.code)?.name ?? a.code, name_en: named(a.code)?.name_en ?? null, population: a.population })),
      each: impact.closures.map((c) => ({ edges: c.edges.length, population: c.alone?.population ?? null })),
    }
  }

  return {
    /** Takes the open live closures ([lon, lat] each): the walk on the network leaves their streets out from the next analysis on. */
    setClosures(points: [number, number][]): void {
      if (JSON.stringify(points) === JSON.stringify(closures.points)) return
      const { closed, byClosure } = network ? closeWalkEdges(network, points, CLOSURE_METERS) : { closed: new Uint8Array(0), byClosure: points.map(() => []) }
      closures = { points, closed, byClosure, version: closures.version + 1 }
    },

    /** Figures, gaps, unserved points and circles of a scenario. */
    /**
     * The scenario's coverage. On the network, with `{ details: false }`, without each station's
     * service area and the comparison with circles: `details()` gives them for this run after.
     */
    analyse(params: PlanParameters, spec: ScenarioSpec, { details = true }: { details?: boolean } = {}): AnalysisResult {
      const t0 = clock()
      const { state, stations, radiusMeters, baseline, incremental, metric } = run(params, spec)
      const { result } = state
      const unserved = new Int32Array(result.summary.unservedPoints)
      let u = 0
      for (let i = 0; i < result.served.length; i++) if (!result.served[i]) unserved[u++] = i
      lastOnNetwork = metric === 'network' ? { params, stations, result: result as NetworkCoverageResult<AreaProps> } : null
      const later = metric === 'network' && !details
      const more = metric === 'network' && details ? detailsOfLast()! : undefined
      const closureFigures = metric === 'network' && closures.points.length ? closureFiguresOf(params, stations, radiusMeters, 'reach' in result ? (result.reach as NetworkReach) : undefined) : undefined
      const analysis: AnalysisResult = {
        radiusMeters,
        summary: result.summary,
        baseline,
        areas: result.areas.features.map((f) => toAreaFigures(f, areaByCode)),
        ...(closureFigures ? { closures: closureFigures } : {}),
        gaps: {
          type: 'FeatureCollection',
          features: result.gaps.features.map((g) => ({ type: 'Feature', id: g.id, geometry: g.geometry, properties: { code: g.properties.code, name: g.properties.name, gapSqm: g.properties.gapSqm } })),
        },
        unserved,
        stations: stations.features.map((s) => ({
          key: s.properties.key,
          lon: s.geometry.coordinates[0],
          lat: s.geometry.coordinates[1],
          planned: s.properties.planned,
          type: s.properties.type,
        })),
        // On the network no circle is drawn: each station's service area along the streets instead.
        circleUnion: metric === 'circle' ? unionOf(stations, radiusMeters) : { type: 'FeatureCollection', features: [] },
        ...(later ? { serviceAreas: { type: 'FeatureCollection', features: [] }, detailsPending: true } : {}),
        metric,
        hasNetwork: network !== undefined,
        computeMs: 0,
        incremental,
      }
      const done = more ? withDetails(analysis, more) : analysis
      done.computeMs = clock() - t0
      return done
    },

    /** The last analysis on the network's details: each station's service area, and the residents circles count that the walk does not (and the reverse). Null: the last analysis was on circles. */
    details: detailsOfLast,

    /** Up to k new sites for the scenario (the fewest that reach targetPct, if given), ranked by the residents each adds (greedy maximal covering). */
    suggest(params: PlanParameters, spec: ScenarioSpec, { k, targetPct }: SuggestGoal): SuggestionResult {
      if (!Number.isInteger(k) || k < 1 || k > MAX_SUGGESTED_SITES) throw new RangeError(`k must be a whole number from 1 to ${MAX_SUGGESTED_SITES}, not ${k}`)
      const goal = suggestGoalSchema.shape.targetPct.safeParse(targetPct)
      if (!goal.success) throw new RangeError(`targetPct ${goal.error.issues[0].message}, not ${targetPct}`)
      const t0 = clock()
      // Sites are suggested as the walk is measured: along the network (its closures as the figures
      // have them), or by circles. The scenario's figures give the residents already served.
      const { state, stations, radiusMeters, metric } = run(params, spec)
      const walk = { minutes: params.minutes, speedMetersPerMinute: params.speedMetersPerMinute, detourFactor: params.detourFactor }
      const onNetwork = metric === 'network' ? { net: network!, snaps: (snaps ??= snapPlaces(network!, demand)), closed: closesStreets(params) ? closures.closed : undefined } : undefined
      const picked = suggestSitesForCoverage(demand, stations, { walk, k, targetPct, served: state.result.served, network: onNetwork })
      return {
        k,
        targetPct: targetPct ?? null,
        reached: targetPct === undefined || (picked.population > 0 && (100 * picked.coveredAfter) / picked.population >= targetPct),
        radiusMeters,
        population: picked.population,
        coveredBefore: picked.coveredBefore,
        coveredAfter: picked.coveredAfter,
        sites: picked.sites.map((s) => {
          const [lon, lat] = s.candidate.geometry.coordinates
          const grid = grids.find((g) => inBox(lon, lat, g.box) && booleanPointInPolygon([lon, lat], g.feature))?.feature.properties
          return {
            rank: s.rank,
            lon: roundCoordinate(lon),
            lat: roundCoordinate(lat),
            addedPopulation: s.addedPopulation,
            coveredPctAfter: s.coveredPctAfter,
            gridCode: grid?.code ?? null,
            gridName: grid?.name ?? null,
            gridNameEn: grid?.name_en ?? null,
          }
        }),
        computeMs: clock() - t0,
      }
    },

    /** Scenario b against scenario a: district figures and the areas that change. */
    compare(params: PlanParameters, a: ScenarioSpec, b: ScenarioSpec): ComparisonResult {
      const before = run(params, a)
      const after = run(params, b)
      return {
        ...compareScenarios(before.state.result, after.state.result),
        stationsBefore: before.stations.features.length,
        stationsAfter: after.stations.features.length,
      }
    },
  }
}

export type PlanEngine = ReturnType<typeof createPlanEngine>

/** The stations a scenario counts: the existing ones of the counted types it keeps, and those it plans. */
function stationsFor(inputs: CoverageInputsResponse, params: PlanParameters, spec: ScenarioSpec): FeatureCollection<Point, StationProps> {
  const counts = (type: string) => countsAsServicePoint(params.types, type)
  const closed = new Set(spec.removed)
  const features: Feature<Point, StationProps>[] = []
  for (const f of inputs.facilities.features) {
    if (counts(f.properties.type) && !closed.has(f.id)) {
      features.push({ type: 'Feature', geometry: f.geometry, properties: { key: `f${f.id}`, type: f.properties.type, planned: false } })
    }
  }
  for (const s of spec.added) {
    if (counts(s.type)) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { key: `p${s.id}`, type: s.type, planned: true } })
  }
  return { type: 'FeatureCollection', features }
}

/** One area's figures as the page lists them, with its parent's name. */
function toAreaFigures(
  f: CoverageState<AreaProps>['result']['areas']['features'][number],
  areaByCode: Map<string, AreaProps>,
): AreaFigures {
  const p = f.properties
  const parent = p.parent_code ? areaByCode.get(p.parent_code) : undefined
  return {
    id: f.id as number,
    code: p.code,
    name: p.name,
    name_en: p.name_en,
    parent_code: p.parent_code,
    parent_name: parent?.name ?? null,
    parent_name_en: parent?.name_en ?? null,
    level: p.level,
    population: p.population,
    populationCovered: p.populationCovered,
    populationCoveredPct: p.populationCoveredPct,
    areaSqm: p.areaSqm,
    coveredSqm: p.coveredSqm,
    coveredShare: p.coveredShare,
    facilitiesInReach: p.facilitiesInReach,
    belowTarget: p.belowTarget,
  }
}

function samePlace(a: Position | undefined, b: Position): boolean {
  return a !== undefined && a[0] === b[0] && a[1] === b[1]
}

type Box = [number, number, number, number]

function inBox(lon: number, lat: number, [w, s, e, n]: Box): boolean {
  return lon >= w && lon <= e && lat >= s && lat <= n
}
