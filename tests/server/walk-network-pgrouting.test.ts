// The walking network cross-checked by an independent engine, pgRouting (Debian's
// postgresql-15-pgrouting, on the server engine only): the network the analysis builds from the
// stored lines is the one the import stored (the same nodes at the same ends), each line's length is
// PostGIS's on the sphere, and from a handful of street corners pgr_drivingDistance reaches the same
// nodes at the same metres as core/analysis's Dijkstra (walkFromSources), within 0.1 %.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { LineString } from 'geojson'
import { buildWalkNetwork, type WalkNetwork } from '../../core/analysis/build-walk-network.js'
import { walkFromSources } from '../../core/analysis/walk-from-sources.js'
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
})
