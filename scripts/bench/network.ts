// `npm run bench -- network`: walking on the network at a city's scale (issue 18), on the
// Tongren-scale dataset and its generated walking network, read back from the database the way the
// API reads them: the graph's build time and memory, the places snapped, the full network coverage
// of every station in Node beside the circles' for the ratio (first on a network, and again with
// what the first drew kept), a station moved and a closure opened from the last run (the incremental
// what-if), each station's service area, live closures' cost as the feed measures it, and — on a PostgreSQL server
// with pgRouting — pgr_drivingDistance from the stations' corners against walkFromSources on the
// same corners (the same nodes reached; the time as a ratio).
import type { FeatureCollection, Point } from 'geojson'
import { buildWalkNetwork } from '../../core/analysis/build-walk-network.js'
import { computeCoverage } from '../../core/analysis/compute-coverage.js'
import { computeNetworkCoverage, createNetworkCoverageMemo, prepareNetworkCoverage } from '../../core/analysis/compute-network-coverage.js'
import { computeClosureImpact } from '../../core/analysis/compute-closure-impact.js'
import { computeNetworkReach } from '../../core/analysis/compute-network-reach.js'
import { CLOSURE_METERS } from '../../core/domain/passage-closures.js'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { snapPlaces, snapToWalkNetwork } from '../../core/analysis/snap-to-walk-network.js'
import { walkFromSources, type WalkSeed } from '../../core/analysis/walk-from-sources.js'
import type { Db } from '../../server/db/client.js'
import { selectAreaFeatures, selectDemandPointFeatures, selectServicePointFeatures } from '../../server/db/queries/coverage.js'
import { selectWalkableRoads } from '../../server/db/queries/roads.js'
import { fmt, timeRuns } from './lib.js'

const RUNS = 3
const MINUTES = 15
const SPEED = 80

/** Median wall time of `runs` calls, each call's, and the last result. */
const time = <T,>(fn: () => T, runs = RUNS) => timeRuns(fn, runs)

const line = (label: string, value: string) => console.log(`${label.padEnd(66)}${value}`)

export async function runNetworkBench(db: Db): Promise<void> {
  const [areas, demandRows, facilities, roads] = await Promise.all([selectAreaFeatures(db.sql), selectDemandPointFeatures(db.sql), selectServicePointFeatures(db.sql), selectWalkableRoads(db.sql)])
  if (!roads.length) throw new Error('the dataset has no walking network (roads.geojson): generate it with npm run generate-demo')
  console.log(`engine: ${db.engine}   ${roads.length.toLocaleString('en')} walked lines, ${demandRows.features.length.toLocaleString('en')} demand points, ${facilities.features.length} service points`)
  const heapBefore = process.memoryUsage().heapUsed
  const built = time(() => buildWalkNetwork(roads.map((r) => ({ type: 'Feature' as const, properties: {}, geometry: r.geom }))), 1)
  const net = built.result
  global.gc?.()
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
  const typedMb =
    [net.nodeLon, net.nodeLat, net.edgeFrom, net.edgeTo, net.edgeLength, net.offsets, net.adjacentNode, net.adjacentEdge, net.segments.x0, net.segments.y0, net.segments.x1, net.segments.y1, net.segments.edge, net.segments.along].reduce(
      (n, a) => n + a.byteLength,
      0,
    ) / 2 ** 20
  line('graph', `${net.nodeCount.toLocaleString('en')} nodes, ${net.edgeCount.toLocaleString('en')} edges`)
  line('graph built', `${fmt(built.ms)} ms; typed arrays ${fmt(typedMb)} MB, heap +${fmt(heapMb)} MB`)
  const demand = createDemandIndex(demandRows)
  const snapped = time(() => snapPlaces(net, demand), 1)
  line(`${demand.features.length.toLocaleString('en')} places snapped (once per network)`, `${fmt(snapped.ms)} ms, ${snapped.result.edge.filter((e) => e < 0).length} off the network`)

  const stations: FeatureCollection<Point> = facilities
  const cutoffMeters = MINUTES * SPEED
  const input = { areas, demand, facilities: stations, network: net, snaps: snapped.result }
  // Once per network and areas, as the snaps: the tiles, every tile's band, each grid on the lattice.
  const prepared = time(() => {
    const memo = createNetworkCoverageMemo()
    prepareNetworkCoverage({ network: net, areas, memo }, { level: 'grid' })
    return memo
  }, RUNS)
  line('network coverage prepared (once per network and areas: tiles, band, grids on the lattice)', `${fmt(prepared.ms)} ms (runs ${prepared.all.map(fmt).join(', ')})`)
  // First: a prepared memo that has run nothing (each time a fresh one, its preparing not timed).
  const memos = Array.from({ length: RUNS }, () => {
    const memo = createNetworkCoverageMemo()
    prepareNetworkCoverage({ network: net, areas, memo }, { level: 'grid' })
    return memo
  })
  let runIndex = 0
  const full = time(() => computeNetworkCoverage({ ...input, memo: memos[runIndex++ % RUNS] }, { cutoffMeters, level: 'grid' }))
  memos.length = 0
  // Cold: a fresh memo, not prepared (the tiles, their fields and every grid drawn as the run goes).
  const cold = time(() => computeNetworkCoverage({ ...input, memo: createNetworkCoverageMemo() }, { cutoffMeters, level: 'grid' }), 1)
  const circles = time(() => computeCoverage({ areas, demand, facilities: stations }, { radiusMeters: cutoffMeters / 1.2, level: 'grid' }))
  line(`full network coverage, ${stations.features.length} stations, ${cutoffMeters} m, first run on the prepared network`, `${fmt(full.ms)} ms (runs ${full.all.map(fmt).join(', ')}); target ≤ 500`)
  line('  the same with nothing prepared (a fresh memo)', `${fmt(cold.ms)} ms`)
  line('the same on circles (1,000 m)', `${fmt(circles.ms)} ms; network ÷ circles ${fmt(full.ms / circles.ms)}×`)
  line('residents served: network / circles', `${full.result.summary.populationCovered.toLocaleString('en')} / ${circles.result.summary.populationCovered.toLocaleString('en')}`)
  // Warm: the memo kept as /plan and the server keep it; another walk of every station (10 and 15
  // minutes in turn: every tile's reach changes, the band of the tiles reached end to end is kept).
  const memo = prepared.result
  computeNetworkCoverage({ ...input, memo }, { cutoffMeters, level: 'grid' })
  let minutes = MINUTES
  const warm = time(() => computeNetworkCoverage({ ...input, memo }, { cutoffMeters: (minutes = minutes === MINUTES ? 10 : MINUTES) * SPEED, level: 'grid' }), 2 * RUNS)
  line('full network coverage again, 10 and 15 minutes in turn', `${fmt(warm.ms)} ms (runs ${warm.all.map(fmt).join(', ')}); target ≤ 500`)

  // One station moved 300 m east from the last run, then back (each timed): nine stations spread over the list.
  computeNetworkCoverage({ ...input, memo }, { cutoffMeters, level: 'grid' })
  const moves: number[] = []
  let moved = full.result
  for (let k = 0; k < 9; k++) {
    const s = Math.floor((k * stations.features.length) / 9)
    const shifted: FeatureCollection<Point> = { ...stations, features: stations.features.map((f, i) => (i === s ? { ...f, geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0] + 0.003, f.geometry.coordinates[1]] } } : f)) }
    for (const those of [shifted, stations]) {
      const t0 = performance.now()
      const result = computeNetworkCoverage({ ...input, facilities: those, memo }, { cutoffMeters, level: 'grid' })
      moves.push(performance.now() - t0)
      if (those === shifted && k === 0) moved = result
    }
  }
  const sorted = [...moves].sort((a, b) => a - b)
  const fresh = computeNetworkCoverage({ ...input, facilities: { ...stations, features: stations.features.map((f, i) => (i === 0 ? { ...f, geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0] + 0.003, f.geometry.coordinates[1]] } } : f)) } }, { cutoffMeters, level: 'grid' })
  line('one station moved 300 m and back, from the last run (18)', `median ${fmt(sorted[9])} ms, p90 ${fmt(sorted[16])}, max ${fmt(sorted[17])}; target ≤ 50`)
  line('  the same as a fresh run', `${moved.summary.populationCovered === fresh.summary.populationCovered && moved.areas.features.every((f, i) => f.properties.coveredSqm === fresh.areas.features[i].properties.coveredSqm) ? 'yes' : 'NO'} (residents, every grid's covered area)`)
  const closed = new Uint8Array(net.edgeCount)
  const at = snapToWalkNetwork(net, ...(stations.features[0].geometry.coordinates as [number, number]))
  if (at) {
    const stack = [net.edgeFrom[at.edge]]
    for (let shut = 0; stack.length && shut < 20; ) {
      const n = stack.pop()!
      for (let k = net.offsets[n]; k < net.offsets[n + 1] && shut < 20; k++) if (!closed[net.adjacentEdge[k]]) ((closed[net.adjacentEdge[k]] = 1), shut++, stack.push(net.adjacentNode[k]))
    }
  }
  // A closure opened from the open run (the memo back on it before each: reopening walks afresh).
  const closureRuns: number[] = []
  let closure = full.result
  for (let i = 0; i < RUNS; i++) {
    computeNetworkCoverage({ ...input, memo }, { cutoffMeters, level: 'grid' })
    const t0 = performance.now()
    closure = computeNetworkCoverage({ ...input, memo }, { cutoffMeters, level: 'grid', closed })
    closureRuns.push(performance.now() - t0)
  }
  line('a closure of 20 edges opened, from the last run', `${fmt([...closureRuns].sort((a, b) => a - b)[1])} ms (runs ${closureRuns.map(fmt).join(', ')}), ${(full.result.summary.populationCovered - closure.summary.populationCovered).toLocaleString('en')} residents lose their walk`)
  const areasMemo = createNetworkCoverageMemo()
  prepareNetworkCoverage({ network: net, areas, memo: areasMemo }, { level: 'grid' })
  const areasOf = time(() => computeNetworkCoverage({ ...input, memo: areasMemo }, { cutoffMeters, level: 'grid', serviceAreas: true }), 1)
  line('with each station\'s service area drawn too (first run on the prepared network)', `${fmt(areasOf.ms)} ms, ${areasOf.result.serviceAreas!.features.length} areas`)
  // What the live feed measures at each change of a closure (server/realtime/closure-feed.ts): the
  // residents the open closures cut off, all together and each alone, from the open walk the server
  // keeps — the closures in the bridges and underpasses' middles (the ways across the river and the
  // expressway), one and then all of them.
  const crossings = await db.sql<{ lon: number; lat: number }[]>`
    SELECT ST_X(ST_LineInterpolatePoint(geom, 0.5)) AS lon, ST_Y(ST_LineInterpolatePoint(geom, 0.5)) AS lat FROM roads WHERE walkable AND (bridge OR tunnel) ORDER BY id`
  const open = time(() => computeNetworkReach(net, stations.features.map((f) => f.geometry.coordinates as [number, number]), demand, snapped.result, { cutoffMeters }), 1)
  line('the open walk the server keeps (once per data version)', `${fmt(open.ms)} ms`)
  for (const n of [1, crossings.length]) {
    const points = crossings.slice(0, n).map((c) => [c.lon, c.lat] as [number, number])
    const impact = time(() => computeClosureImpact({ areas, demand, facilities: stations, network: net, snaps: snapped.result }, { cutoffMeters, level: 'grid', closures: points, closureMeters: CLOSURE_METERS, open: open.result }))
    line(`${n} live closure${n > 1 ? 's' : ''} opened (bridges, underpasses): cost, all and each`, `${fmt(impact.ms)} ms (runs ${impact.all.map(fmt).join(', ')}), ${impact.result.total.population.toLocaleString('en')} residents; target ≤ 100`)
  }

  // pgRouting on the same corners (the node nearest each station), on the server engine.
  const seeds: WalkSeed[] = []
  stations.features.forEach((f, s) => {
    const snap = snapToWalkNetwork(net, f.geometry.coordinates[0], f.geometry.coordinates[1])
    if (snap) seeds.push({ node: snap.along < net.edgeLength[snap.edge] / 2 ? net.edgeFrom[snap.edge] : net.edgeTo[snap.edge], meters: 0, source: s })
  })
  const ours = time(() => walkFromSources(net, seeds, cutoffMeters))
  line(`walkFromSources from ${seeds.length} corners`, `${fmt(ours.ms)} ms`)
  const [available] = db.engine === 'server' ? await db.sql<{ ok: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') AS ok` : [{ ok: false }]
  if (!available.ok) {
    line('pgRouting', db.engine === 'server' ? 'not installed (apt-get install postgresql-15-pgrouting)' : 'on the PostgreSQL server only (--database-url)')
    return
  }
  await db.sql`CREATE EXTENSION IF NOT EXISTS pgrouting`
  // The stored nodes' ids are the import's own numbering (over every line, walked or not): matched to
  // ours through each walked edge's two ends.
  const ends = await db.sql<{ source: number; target: number }[]>`SELECT source, target FROM roads WHERE walkable ORDER BY id`
  const ourNode = new Map<number, number>()
  const storedNode = new Int32Array(net.nodeCount).fill(-1)
  ends.forEach((r, e) => {
    ourNode.set(r.source, net.edgeFrom[e]).set(r.target, net.edgeTo[e])
    storedNode[net.edgeFrom[e]] = r.source
    storedNode[net.edgeTo[e]] = r.target
  })
  const corners = [...new Set(seeds.map((s) => storedNode[s.node]))]
  const edges = 'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM roads WHERE walkable'
  // The nearest corner's metres at each node: pgRouting from every corner, the least per node (the
  // same answer as one multi-source pass). Its `equicost` flag, meant to give just that, does not
  // here (printed below).
  const timed = async (q: () => Promise<{ node: number; agg_cost: number }[]>) => {
    const times: number[] = []
    let rows: { node: number; agg_cost: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      rows = await q()
      times.push(performance.now() - t0)
    }
    return { ms: [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)], rows }
  }
  const least = await timed(() => db.sql<{ node: number; agg_cost: number }[]>`
    SELECT node::int, min(agg_cost) AS agg_cost FROM pgr_drivingDistance(${edges}, ${corners}::bigint[], ${cutoffMeters}::float8, false) GROUP BY node`)
  const equicost = await timed(() => db.sql<{ node: number; agg_cost: number }[]>`
    SELECT node::int, agg_cost FROM pgr_drivingDistance(${edges}, ${corners}::bigint[], ${cutoffMeters}::float8, false, equicost => true)`)
  const reachedOurs = ours.result.meters.reduce((n, m) => n + (Number.isFinite(m) ? 1 : 0), 0)
  const compare = (rows: { node: number; agg_cost: number }[]) => {
    let worst = 0
    let off = 0
    for (const r of rows) {
      const d = Math.abs(ours.result.meters[ourNode.get(r.node) ?? -1] - r.agg_cost) / Math.max(1, r.agg_cost)
      worst = Math.max(worst, d)
      if (d > 1e-6) off++
    }
    return `${new Set(rows.map((r) => r.node)).size.toLocaleString('en')} nodes (ours ${reachedOurs.toLocaleString('en')}), ${off} differ, worst ${(100 * worst).toFixed(4)} %`
  }
  line('pgr_drivingDistance from each corner, least per node', `${fmt(least.ms)} ms; pgRouting ÷ ours ${fmt(least.ms / ours.ms)}×`)
  line('  its answer against walkFromSources', compare(least.rows))
  line('pgr_drivingDistance with equicost', `${fmt(equicost.ms)} ms; ${compare(equicost.rows)}`)
}
