// The walking network cross-checked by an independent engine, pgRouting (Debian's
// postgresql-15-pgrouting, on the server engine only): the network the analysis builds from the
// stored lines is the one the import stored (the same nodes at the same ends), each line's length is
// PostGIS's on the sphere, and from a handful of street corners pgr_drivingDistance reaches the same
// nodes at the same metres as core/analysis's Dijkstra (walkFromSources), within 0.1 %; and the
// covered population per grid: every home's walk to its nearest outdoor-worker station with the homes
// and stations joined to the network by PostGIS (nearest edge on the sphere, ST_LineLocatePoint) and
// walked by pgr_withPointsDD, against computeNetworkCoverage.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { LineString } from 'geojson'
import { buildWalkNetwork, type WalkNetwork } from '../../core/analysis/build-walk-network.js'
import { walkFromSources } from '../../core/analysis/walk-from-sources.js'
import { computeNetworkCoverage } from '../../core/analysis/compute-network-coverage.js'
import { createDemandIndex } from '../../core/analysis/create-demand-index.js'
import { snapPlaces } from '../../core/analysis/snap-to-walk-network.js'
import { selectAreaFeatures, selectDemandPointFeatures, selectServicePointFeatures } from '../../server/db/queries/coverage.js'
import type { Db } from '../../server/db/client.js'
import { connectTestDb } from './test-db.js'

describe.runIf(inject('dbEngine') === 'server')('the walking network against pgRouting', () => {
  let db: Db
  let net: WalkNetwork
  let rows: { id: number; source: number; target: number; length_m: number; sphere_m: number; geom: LineString }[]
  beforeAll(async () => {
    db = await connectTestDb()
    await db.sql`CREATE EXTENSION IF NOT EXISTS pgrouting`
    rows = await db.sql`SELECT id, source, target, length_m, ST_Length(geom::geography, false) AS sphere_m, ST_AsGeoJSON(geom, 15)::json AS geom
      FROM roads WHERE walkable ORDER BY id`
    net = buildWalkNetwork(rows.map((r) => ({ type: 'Feature' as const, properties: {}, geometry: r.geom })))
  })
  afterAll(async () => {
    await db?.close()
  })

  it('builds the stored network again: the same edges between the same nodes, the lengths PostGIS measures', () => {
    expect(rows.length).toBeGreaterThan(9000)
    expect(net.edgeCount).toBe(rows.length)
    rows.forEach((r, e) => {
      expect([net.edgeFrom[e], net.edgeTo[e]], `edge ${r.id}`).toEqual([r.source, r.target])
      expect(Math.abs(net.edgeLength[e] - r.sphere_m), `edge ${r.id}`).toBeLessThanOrEqual(1e-3 * r.sphere_m + 1e-6)
    })
  })

  it('reaches the nodes pgr_drivingDistance reaches, at the same metres', async () => {
    const cutoff = 1200
    // Corners spread over the district: every 1,500th node.
    const sources = Array.from({ length: 5 }, (_, k) => (k * 1500) % net.nodeCount)
    for (const start of sources) {
      const ours = walkFromSources(net, [{ node: start, meters: 0, source: 0 }], cutoff)
      const theirs = await db.sql<{ node: number; agg_cost: number }[]>`
        SELECT node::int, agg_cost FROM pgr_drivingDistance(
          'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM roads WHERE walkable', ${start}::bigint, ${cutoff}::float8, false)`
      const reached = new Map(theirs.map((r) => [r.node, r.agg_cost]))
      const mine = new Map<number, number>()
      ours.meters.forEach((m, n) => Number.isFinite(m) && mine.set(n, m))
      expect(mine.size, `from node ${start}`).toBeGreaterThan(10)
      expect([...mine.keys()].sort((a, b) => a - b), `from node ${start}`).toEqual([...reached.keys()].sort((a, b) => a - b))
      for (const [n, m] of mine) expect(Math.abs(m - reached.get(n)!), `node ${n} from ${start}`).toBeLessThanOrEqual(1e-3 * m + 1e-6)
    }
  })

  it('gives every home the walk pgr_withPointsDD gives, and every grid the same covered population', async () => {
    const cutoff = 1200
    const type = 'outdoor_worker_station'
    // pgRouting's side, from PostGIS alone: each home and station joins its nearest walked edge on the
    // sphere within 300 m (the KNN's 8 nearest in degrees, then the least geography distance), at
    // ST_LineLocatePoint's fraction in metres (UTM 49N: in degrees the foot slides along a slanting
    // street); the walk is the station's access, pgRouting's metres, the home's access.
    const theirs = await db.sql.begin(async (tx) => {
      await tx`CREATE TEMP TABLE walk_points ON COMMIT DROP AS
        WITH places AS (
          SELECT 'place' AS kind, code AS ref, geom FROM demand_points
          UNION ALL SELECT 'station', code, geom FROM facilities WHERE type_code = ${type})
        SELECT row_number() OVER (ORDER BY p.kind, p.ref)::int AS pid, p.kind, p.ref, r.id AS edge_id,
          -- A point at an edge's very end (0 or 1) starts no walk in pgRouting 3.4: kept a hair inside.
          least(greatest(ST_LineLocatePoint(ST_Transform(r.geom, 32649), ST_Transform(p.geom, 32649)), 1e-9), 1 - 1e-9) AS fraction, r.access
        FROM places p CROSS JOIN LATERAL (
          SELECT c.id, c.geom, ST_Distance(c.geom::geography, p.geom::geography) AS access
          FROM (SELECT id, geom FROM roads WHERE walkable ORDER BY geom <-> p.geom LIMIT 8) c
          ORDER BY 3, 1 LIMIT 1) r
        WHERE r.access <= 300`
      const joins = await tx<{ code: string; edge: number }[]>`SELECT ref AS code, edge_id AS edge FROM walk_points WHERE kind = 'place'`
      const walks = await tx<{ code: string; meters: number }[]>`
        SELECT place.ref AS code, min(st.access + dd.agg_cost + place.access) AS meters
        FROM pgr_withPointsDD(
          'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM roads WHERE walkable',
          'SELECT pid, edge_id, fraction FROM walk_points',
          (SELECT array_agg(-pid) FROM walk_points WHERE kind = 'station'), ${cutoff}::float8, directed => false, details => true) dd
        JOIN walk_points st ON st.pid = -dd.start_vid
        JOIN walk_points place ON place.pid = -dd.node AND place.kind = 'place'
        GROUP BY place.ref`
      return { joins, walks }
    })
    const walkOf = new Map(theirs.walks.map((r) => [r.code, r.meters]))
    const edgeOf = new Map(theirs.joins.map((r) => [r.code, r.edge]))

    const [areas, demandRows, stations] = await Promise.all([selectAreaFeatures(db.sql), selectDemandPointFeatures(db.sql), selectServicePointFeatures(db.sql, [type])])
    const demand = createDemandIndex(demandRows)
    const snaps = snapPlaces(net, demand)
    const ours = computeNetworkCoverage({ areas, demand, facilities: stations, network: net, snaps }, { cutoffMeters: cutoff, level: 'grid' })
    expect(stations.features.length).toBeGreaterThan(20)
    // Each home: the same walk within a metre (PostGIS measures on the sphere, we in local metres), or
    // unreached by both — but for homes that the two join to different edges (two streets within a
    // few decimetres of the same distance, which the two measures of it can order either way) and
    // homes within a metre of the cut-off: those count as slack per grid, and must be few.
    let compared = 0
    const borderline = new Set<number>()
    demand.features.forEach((f, i) => {
      const joinedElsewhere = snaps.edge[i] >= 0 && edgeOf.has(f.properties.code) && rows[snaps.edge[i]].id !== edgeOf.get(f.properties.code)
      if (joinedElsewhere) return void borderline.add(i)
      const mine = ours.reach.meters[i]
      const their = walkOf.get(f.properties.code)
      const served = Number.isFinite(mine) && mine <= cutoff
      const theyServe = their !== undefined && their <= cutoff
      if (Math.abs((served ? mine : cutoff) - (theyServe ? their! : cutoff)) <= 1 || (Math.abs(mine - cutoff) <= 1 || Math.abs((their ?? Infinity) - cutoff) <= 1)) {
        if (served !== theyServe) borderline.add(i)
      } else {
        expect(theyServe, `home ${f.properties.code}: ours ${mine}, pgRouting ${their}`).toBe(served)
      }
      if (served && theyServe) {
        expect(Math.abs(mine - their!), `home ${f.properties.code}`).toBeLessThanOrEqual(1 + 1e-3 * mine)
        compared++
      }
    })
    expect(compared).toBeGreaterThan(5000)
    // Every grid: the same residents served, but for those few homes.
    expect(borderline.size).toBeLessThan(0.01 * demand.features.length)
    const byGrid = new Map<string, number>()
    demand.features.forEach((f, i) => {
      if (walkOf.has(f.properties.code) && walkOf.get(f.properties.code)! <= cutoff && f.properties.area_code) byGrid.set(f.properties.area_code, (byGrid.get(f.properties.area_code) ?? 0) + f.properties.population)
    })
    const slack = new Map<string, number>()
    for (const i of borderline) slack.set(demand.features[i].properties.area_code ?? '', (slack.get(demand.features[i].properties.area_code ?? '') ?? 0) + demand.features[i].properties.population)
    for (const grid of ours.areas.features) {
      const code = grid.properties.code
      expect(Math.abs(grid.properties.populationCovered - (byGrid.get(code) ?? 0)), `grid ${code}`).toBeLessThanOrEqual(slack.get(code) ?? 0)
    }
  })
})
