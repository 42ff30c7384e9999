// The coverage suite: each analysis step in Node on the Tongren-scale dataset, the same answer
// through PostGIS, and the naive method (Turf: union of every circle, then the difference per grid,
// run on a sample of grids and scaled) for the ratio — all measured in this run.
import type { Feature, FeatureCollection, Point } from 'geojson'
import { circle, difference, featureCollection, union } from '@turf/turf'
import { computeAreaCoverage } from '../../core/analysis/compute-area-coverage.js'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { countServingFacilities } from '../../core/analysis/count-serving-facilities.js'
import { updateCoverage } from '../../core/analysis/update-coverage.js'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { findUnservedPoints } from '../../core/analysis/find-unserved-points.js'
import { haversineMeters } from '../../core/analysis/internal/local-meters.js'
import { markServedPoints } from '../../core/analysis/mark-served-points.js'
import { proposeCandidateSites } from '../../core/analysis/propose-candidate-sites.js'
import { suggestSites } from '../../core/analysis/suggest-sites.js'
import type { Db } from '../../server/db/client.js'
import {
  selectAreaFeatures,
  selectCoveredAreaByLevel,
  selectDemandPointFeatures,
  selectServicePointFeatures,
  selectUnservedDemandCodes,
} from '../../server/db/queries/coverage.js'
import { fmt, percentile, row, timeRuns } from './lib.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { signPlannerSession } from '../lib/api-client.js'

const RADIUS = 1000
/** Runs per step; the median is reported (the first run or two are slower while V8 compiles). */
const RUNS = 5
const NAIVE_SAMPLE = 10

/** Median wall time of `runs` calls, the first call's, and the last result. */
const time = <T,>(fn: () => T, runs = RUNS) => timeRuns(fn, runs)

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now()
  const result = await fn()
  return { ms: performance.now() - t0, result }
}

/** Every demand point five times, each copy moved up to ~50 m (a fixed sequence): 1,000,000 from 200,000. */
function multiply<P>(demand: FeatureCollection<Point, P>, copies: number): FeatureCollection<Point, P> {
  let seed = 7
  const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const features: Feature<Point, P>[] = []
  for (const f of demand.features) {
    const [lon, lat] = f.geometry.coordinates
    for (let k = 0; k < copies; k++) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon + (next() - 0.5) * 0.001, lat + (next() - 0.5) * 0.001] }, properties: f.properties })
    }
  }
  return { type: 'FeatureCollection', features }
}

export async function runCoverageBench(db: Db): Promise<void> {
  const [areas, demand, facilities] = await Promise.all([selectAreaFeatures(db.sql), selectDemandPointFeatures(db.sql), selectServicePointFeatures(db.sql)])
  const grids = { ...areas, features: areas.features.filter((f) => f.properties.level === 'grid') }
  console.log(`engine: ${db.engine}   ${grids.features.length} grids, ${facilities.features.length} facilities, ${demand.features.length} demand points, radius ${RADIUS} m (median of ${RUNS} runs)`)

  console.log('\n— in Node (core/analysis)')
  const index = time(() => createDemandIndex(demand))
  const unserved = time(() => findUnservedPoints(index.result, facilities, { radiusMeters: RADIUS }))
  const gridCoverage = time(() => computeAreaCoverage(grids, facilities, { radiusMeters: RADIUS }))
  const full = time(() => computeCoverage({ areas, demand: index.result, facilities }, { radiusMeters: RADIUS, level: 'grid' }))
  row('index demand points', `${fmt(index.ms)} ms`, 'unserved points', `${fmt(unserved.ms)} ms (${unserved.result.features.length})`)
  row('area coverage, grids', `${fmt(gridCoverage.ms)} ms (1st ${fmt(gridCoverage.firstMs)})`, 'full analysis', `${fmt(full.ms)} ms (target ≤ 500)`)
  // Moving one station: updateCoverage recounts the points near its old and new place and clips
  // again only the grids those circles reach.
  const moved = facilities.features[0]
  const [mLon, mLat] = moved.geometry.coordinates
  const newPlace: Feature<Point> = { ...moved, geometry: { type: 'Point', coordinates: [mLon + 0.005, mLat + 0.003] } }
  const afterMove = { ...facilities, features: [newPlace, ...facilities.features.slice(1)] }
  const places = facilities.features.map((f) => f.geometry.coordinates)
  const counts = countServingFacilities(index.result, places, { radiusMeters: RADIUS })
  const options = { radiusMeters: RADIUS, level: 'grid' }
  const before = { result: full.result, counts }
  const move = time(() => {
    const after = updateCoverage({ areas, demand: index.result, facilities: afterMove }, before, { remove: [moved.geometry.coordinates], add: [newPlace.geometry.coordinates] }, options)
    return { served: after.result.summary.populationCovered, points: after.result.summary.unservedPoints }
  })
  const check = computeCoverage({ areas, demand: index.result, facilities: afterMove }, options).summary
  row('move one station', `${fmt(move.ms)} ms (target ≤ 50)`, 'same as a full run', move.result.served === check.populationCovered && move.result.points === check.unservedPoints ? 'yes' : 'NO')
  const candidates = proposeCandidateSites(index.result, markServedPoints(index.result, facilities, { radiusMeters: RADIUS }), { cellMeters: RADIUS / 2 })
  const suggest = time(() => suggestSites(index.result, facilities, candidates, { radiusMeters: RADIUS, k: 10 }))
  row('suggest 10 sites', `${fmt(suggest.ms)} ms`, 'from candidates', candidates.features.length)

  console.log('\n— 1,000,000 demand points, the unserved-points step')
  const million = multiply(demand, 5)
  const coldIndex = time(() => createDemandIndex(million), 1)
  const coldUnserved = time(() => findUnservedPoints(coldIndex.result, facilities, { radiusMeters: RADIUS }), 1)
  // A planner adds a station: the serving counts are updated near it, then the unserved listed.
  const millionCounts = countServingFacilities(coldIndex.result, places, { radiusMeters: RADIUS })
  const facilitiesChanged = time(() => {
    const after = countServingFacilities(coldIndex.result, [], { radiusMeters: RADIUS }, millionCounts, { add: [newPlace.geometry.coordinates] })
    return coldIndex.result.features.filter((_f, i) => after[i] === 0).length
  })
  row('cold (index + unserved)', `${fmt(coldIndex.ms + coldUnserved.ms)} ms (target ≤ 500)`, 'a station added', `${fmt(facilitiesChanged.ms)} ms (target ≤ 100)`)
  const brute = time(() => {
    const fx = facilities.features.map((f) => f.geometry.coordinates)
    let n = 0
    for (const d of million.features) {
      const [lon, lat] = d.geometry.coordinates
      if (!fx.some(([x, y]) => haversineMeters(x, y, lon, lat) <= RADIUS)) n++
    }
    return n
  }, 1)
  const diff = Math.abs(brute.result - coldUnserved.result.features.length) / million.features.length
  row('haversine brute force', `${fmt(brute.ms)} ms (${brute.result})`, 'ours vs brute force', `${coldUnserved.result.features.length}, ${fmt(100 * diff)} % apart`)
  row('ratio brute / ours', `${fmt(brute.ms / (coldIndex.ms + coldUnserved.ms))}×`, '', '')

  console.log('\n— the same answer through PostGIS')
  const pgUnserved = await timeAsync(() => selectUnservedDemandCodes(db.sql, { radiusMeters: RADIUS }))
  const same = pgUnserved.result.length === unserved.result.features.length && pgUnserved.result.every((c, i) => c === unserved.result.features[i].properties.code)
  row('unserved points', `${fmt(pgUnserved.ms)} ms`, 'same set as Node', same ? 'yes' : 'NO')
  const pgGrids = await timeAsync(() => selectCoveredAreaByLevel(db.sql, { level: 'grid', radiusMeters: RADIUS }))
  const worst = pgGrids.result.reduce((w, r, i) => {
    const p = gridCoverage.result.areas.features[i].properties
    return Math.max(w, Math.abs(p.coveredSqm - r.coveredSqm) / r.areaSqm)
  }, 0)
  row('covered area per grid', `${fmt(pgGrids.ms)} ms`, 'worst difference', `${fmt(100 * worst)} % of a grid`)

  console.log(`\n— naive method (Turf 7: union of every circle, then the difference per grid; ${NAIVE_SAMPLE} grids, scaled)`)
  const t0 = performance.now()
  const all = union(featureCollection(facilities.features.map((f) => circle(f, RADIUS / 1000, { steps: 64, units: 'kilometers' }))))
  const unionMs = performance.now() - t0
  const t1 = performance.now()
  for (const g of grids.features.slice(0, NAIVE_SAMPLE)) difference(featureCollection([g, all!] as never))
  const perGrid = (performance.now() - t1) / NAIVE_SAMPLE
  const naive = unionMs + perGrid * grids.features.length
  row('union of circles', `${fmt(unionMs)} ms`, 'difference per grid', `${fmt(perGrid)} ms`)
  row('naive, all grids (est.)', `${fmt(naive / 1000)} s`, 'ratio naive / ours', `${fmt(naive / gridCoverage.ms)}× (target ≥ 400; ${fmt(naive / gridCoverage.firstMs)}× on the first run)`)

  await benchApiUnderLoad(db)
}

/**
 * The API while coverage answers compute (issue 15: /api/health took 2.15 s beside six
 * suggestions): the answers run in the coverage worker thread, so health is sampled every 10 ms
 * while four uncached answers — two per user, the work gate's limit — are in work.
 */
async function benchApiUnderLoad(db: Db): Promise<void> {
  console.log('\n— the API while coverage answers compute (HTTP on 127.0.0.1, the analysis in its worker thread)')
  const app = await serveOnLoopback(db)
  try {
    const a = (await signPlannerSession(app.auth, db.sql, 'bench-planner')).token
    const b = (await signPlannerSession(app.auth, db.sql, 'bench-planner-2')).token
    const get = (path: string, token?: string, init: RequestInit = {}) =>
      fetch(app.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { Authorization: `Bearer ${token}` } : {}) } })
    // The inputs go to the worker once per data version: not part of what is measured.
    await (await get('/api/coverage', a)).arrayBuffer()
    const sampleHealth = async (until: () => boolean) => {
      const ms: number[] = []
      do {
        const t0 = performance.now()
        await (await get('/api/health')).arrayBuffer()
        ms.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 10))
      } while (!until())
      return ms
    }
    let quietDone = false
    setTimeout(() => (quietDone = true), 1000)
    const quiet = await sampleHealth(() => quietDone)
    const suggest = (token: string, minutes: number) =>
      get('/api/coverage/suggest', token, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ k: 50, minutes, speedMetersPerMinute: 80, detourFactor: 1.2 }) }).then((r) => r.arrayBuffer())
    const t0 = performance.now()
    let done = 0
    const work = [suggest(a, 11), suggest(a, 12), get('/api/coverage?minutes=13', b).then((r) => r.arrayBuffer()), suggest(b, 14)].map((p) => p.then(() => done++))
    const busy = await sampleHealth(() => done === work.length)
    await Promise.all(work)
    const workMs = performance.now() - t0
    const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0)
    row('four answers in work for', `${fmt(workMs)} ms`, '/api/health samples', busy.length)
    row('/api/health p50 / max, quiet', `${fmt(percentile(quiet, 50))} / ${fmt(max(quiet))} ms`, 'while they compute', `${fmt(percentile(busy, 50))} / ${fmt(max(busy))} ms (target ≤ 50)`)
  } finally {
    await app.close()
  }
}
