// `npm run import -- FILE --kind roads` against real PostGIS (server/import/import-roads.ts), on a
// scratch database: lines joined where they share a vertex and never where a bridge crosses a
// street; motorways and walls kept as barriers, not walked; lines cut to the district; bad input
// rejected with its index and the network as it was; the layer's version moved on every import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../../server/db/client.js'
import { importFeatures } from '../../../server/import/import-features.js'
import { importRoadsText } from '../../../server/import/import-roads.js'
import { createScratchDatabase } from '../test-db.js'

let db: Db
let cleanup = async () => {}
beforeAll(async () => {
  const scratch = await createScratchDatabase('roads_import')
  cleanup = scratch.cleanup
  db = await openDb({ ...scratch.where, migrate: true })
})
afterAll(async () => {
  await db?.close()
  await cleanup()
})

const road = (tags: Record<string, unknown>, ...coordinates: number[][]) => ({ type: 'Feature', properties: tags, geometry: { type: 'LineString', coordinates } })
const file = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })
const version = async () => (await db.sql<{ v: number }[]>`SELECT version::int AS v FROM data_versions WHERE layer = 'roads'`)[0].v

// Around (109.19, 27.72): a street east–west with a vertex in the middle, a street north–south
// through that vertex, a footbridge over the first street with no vertex on it, a motorway and a wall.
const X = 109.19
const Y = 27.72
const d = 0.002
const network = () =>
  file(
    road({ highway: 'residential', name: '东街' }, [X - d, Y], [X, Y], [X + d, Y]),
    road({ highway: 'residential', name: '南北街' }, [X, Y - d], [X, Y], [X, Y + d]),
    road({ highway: 'footway', bridge: 'yes' }, [X + d / 2, Y - d / 2], [X + d / 2, Y + d / 2]),
    road({ highway: 'motorway' }, [X - d, Y + d / 3], [X + d, Y + d / 3]),
    road({ highway: 'no', barrier: 'wall' }, [X - d, Y - d / 3], [X, Y - d / 3]),
  )

describe('importing a road network', () => {
  it('joins lines where they share a vertex, not where a bridge crosses a street, and keeps barriers unwalked', async () => {
    const before = await version()
    const report = await importRoadsText(db.sql, network())
    expect(report).toMatchObject({ written: true, total: 5, walkable: 5, barriers: 2, lines: 7, nodes: 7, edges: 5, danglingEnds: 6, duplicates: 0, islands: 1, islandEdges: 1 })
    const degrees = await db.sql<{ id: number; degree: number }[]>`
      SELECT n.id, (SELECT count(*)::int FROM roads r WHERE r.source = n.id OR r.target = n.id) AS degree FROM road_nodes n ORDER BY degree DESC, n.id`
    expect(degrees.map((r) => r.degree)).toEqual([4, 1, 1, 1, 1, 1, 1])
    const [bridge] = await db.sql<{ source: number; target: number; length_m: number; bridge: boolean }[]>`SELECT source, target, length_m, bridge FROM roads WHERE bridge`
    expect(bridge.bridge).toBe(true)
    // Neither of the bridge's ends is the junction of the two streets.
    expect([bridge.source, bridge.target]).not.toContain(degrees[0].id)
    expect(bridge.length_m).toBeCloseTo(222, -1)
    const [barriers] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM roads WHERE NOT walkable AND source IS NULL AND highway IN ('motorway', 'no')`
    expect(barriers.n).toBe(2)
    expect(await version()).toBeGreaterThan(before)
  })

  it('rejects bad features with their index and keeps the network as it was', async () => {
    const before = await db.sql`SELECT id, source, target FROM roads ORDER BY id`
    const report = await importRoadsText(
      db.sql,
      file(
        road({ highway: 'residential' }, [X, Y], [X + d, Y]),
        { type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'Point', coordinates: [X, Y] } },
        road({ name: '无名' }, [X, Y], [X, Y + d]),
        road({ highway: 'path' }, [X, Y], [X, 95]),
      ),
    )
    expect(report.written).toBe(false)
    expect(report.rejected.map((r) => r.index)).toEqual([1, 2, 3])
    expect(report.rejected[1].reason).toMatch(/highway/)
    expect(await db.sql`SELECT id, source, target FROM roads ORDER BY id`).toEqual(before)
    expect((await importRoadsText(db.sql, '{"type":"FeatureCollection"')).rejected[0].reason).toMatch(/malformed JSON/)
  })

  it('cuts the lines to the district and leaves out those wholly outside it', async () => {
    const district = { type: 'Feature', properties: { code: 'T-ROADS', name: '测试区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [[[X - d, Y - d], [X + d, Y - d], [X + d, Y + d], [X - d, Y + d], [X - d, Y - d]]] } }
    expect((await importFeatures(db.sql, 'areas', [district])).written).toBe(true)
    const report = await importRoadsText(db.sql, file(road({ highway: 'residential' }, [X - 2 * d, Y], [X + 2 * d, Y]), road({ highway: 'footway' }, [X + 3 * d, Y], [X + 4 * d, Y])))
    expect(report).toMatchObject({ written: true, outside: 1, edges: 1 })
    const [line] = await db.sql<{ w: number; e: number; length_m: number }[]>`SELECT ST_XMin(geom) AS w, ST_XMax(geom) AS e, length_m FROM roads`
    expect(line.w).toBeCloseTo(X - d, 9)
    expect(line.e).toBeCloseTo(X + d, 9)
    expect(line.length_m).toBeCloseTo(394, -1)
  })
})
