// Vector tiles decode to the features PostGIS says are in the tile; on a server with
// ST_AsMVT, both encoders give the same layer, ids and properties.
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import type { TileLayer } from '../../server/db/queries/tiles.js'
import { createTileService } from '../../server/tiles/tile-service.js'
import { useServedApp } from './test-db.js'

const served = useServedApp()

/** The tile containing a lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { z, x, y }
}

const CENTRE = tileAt(109.19, 27.72, 13)

function decode(body: ArrayBuffer | Uint8Array) {
  const tile = new VectorTile(new PbfReader(body instanceof Uint8Array ? body : new Uint8Array(body)))
  return Object.fromEntries(
    Object.entries(tile.layers).map(([name, layer]) => {
      const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
      return [name, features.map((f) => ({ id: f.id, type: f.type, properties: f.properties }))]
    }),
  )
}

async function idsIntersecting(table: 'areas' | 'facilities' | 'demand_points' | 'roads', tile: { z: number; x: number; y: number }, margin: number) {
  const rows = await served.db.sql<{ id: number }[]>`
    SELECT id FROM ${served.db.sql(table)}
    WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}, margin => ${margin}), 4326))`
  return rows.map((r) => r.id)
}

describe('GET /tiles/{layer}/{z}/{x}/{y}.pbf', () => {
  it('decodes to the areas PostGIS finds in the tile, with their properties', async () => {
    const res = await served.fetch(`${served.app.url}/tiles/areas/${CENTRE.z}/${CENTRE.x}/${CENTRE.y}.pbf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const layers = decode(await res.arrayBuffer())
    expect(Object.keys(layers)).toEqual(['areas'])
    const ids = layers.areas.map((f) => f.id)
    const inside = await idsIntersecting('areas', CENTRE, 0)
    const withBuffer = await idsIntersecting('areas', CENTRE, 64 / 4096)
    expect(inside.length).toBeGreaterThan(3)
    expect(ids).toEqual(expect.arrayContaining(inside))
    for (const id of ids) expect(withBuffer).toContain(id)
    const street = layers.areas.find((f) => f.properties.level === 'street')!
    expect(street.type).toBe(3)
    expect(Object.keys(street.properties).sort()).toEqual(['code', 'kind', 'level', 'name', 'name_en', 'parent_code', 'population'])
  })

  it('serves facilities and, zoomed in, every demand point as a point', async () => {
    for (const [layer, table, tile] of [
      ['facilities', 'facilities', CENTRE],
      ['demand-points', 'demand_points', tileAt(109.19, 27.72, 14)],
    ] as const) {
      const res = await served.fetch(`${served.app.url}/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.pbf`)
      const features = decode(await res.arrayBuffer())[layer]
      expect(features.length).toBeGreaterThan(0)
      expect(features.map((f) => f.id).sort()).toEqual((await idsIntersecting(table, tile, 64 / 4096)).sort())
      expect(features.every((f) => f.type === 1)).toBe(true)
    }
  })

  it('serves the walking network as lines, zoomed in every one, zoomed out only bridges, tunnels, barriers and main roads', async () => {
    const near = tileAt(109.19, 27.72, 14)
    const res = await served.fetch(`${served.app.url}/tiles/roads/${near.z}/${near.x}/${near.y}.pbf`)
    const lines = decode(await res.arrayBuffer()).roads
    const ids = lines.map((f) => f.id)
    // Every line with more than a few tile units inside the tile (shorter pieces are no line on screen).
    const unit = 40075016.68557849 / 2 ** near.z / 4096
    const long = await served.db.sql<{ id: number }[]>`SELECT id FROM roads
      WHERE ST_Length(ST_Intersection(ST_Transform(geom, 3857), ST_TileEnvelope(${near.z}, ${near.x}, ${near.y}))) >= ${unit * 9}`
    expect(long.length).toBeGreaterThan(20)
    expect(ids).toEqual(expect.arrayContaining(long.map((r) => r.id)))
    const withBuffer = await idsIntersecting('roads', near, 64 / 4096)
    for (const id of ids) expect(withBuffer).toContain(id)
    expect(lines.length).toBeGreaterThan(20)
    expect(lines.every((f) => f.type === 2)).toBe(true)
    expect(Object.keys(lines[0].properties).sort()).toEqual(expect.arrayContaining(['highway', 'walkable']))
    const far = tileAt(109.19, 27.72, 11)
    const standout = decode(await (await served.fetch(`${served.app.url}/tiles/roads/${far.z}/${far.x}/${far.y}.pbf`)).arrayBuffer()).roads
    const [bridges] = await served.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM roads WHERE bridge
      AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope(${far.z}, ${far.x}, ${far.y}), 4326))`
    expect(bridges.n).toBeGreaterThan(0)
    expect(standout.filter((f) => f.properties.bridge === true).length).toBe(bridges.n)
    expect(standout.filter((f) => f.properties.walkable === false).length).toBeGreaterThan(0)
    expect(standout.length).toBeLessThan(lines.length)
    expect(standout.every((f) => f.properties.bridge || f.properties.tunnel || f.properties.walkable === false)).toBe(true)
  })

  it('sums demand points into cells below zoom 14, keeping every resident', async () => {
    const tile = tileAt(109.19, 27.72, 12)
    const res = await served.fetch(`${served.app.url}/tiles/demand-points/${tile.z}/${tile.x}/${tile.y}.pbf`)
    const features = decode(await res.arrayBuffer())['demand-points']
    const [truth] = await served.db.sql<{ points: number; population: number }[]>`
      SELECT count(*)::int AS points, sum(population)::int AS population FROM demand_points
      WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}, margin => ${64 / 4096}))`
    const sum = (key: string) => features.reduce((n, f) => n + Number(f.properties[key]), 0)
    expect(truth.points).toBeGreaterThan(1000)
    expect(features.length).toBeLessThan(truth.points * 0.6)
    expect(sum('count')).toBe(truth.points)
    expect(sum('population')).toBe(truth.population)
    for (const f of features) expect(f.properties.code === undefined).toBe(f.properties.count !== 1)
  })

  it('revalidates with an ETag of the release, the database and the data version', async () => {
    const path = `${served.app.url}/tiles/facilities/${CENTRE.z}/${CENTRE.x}/${CENTRE.y}.pbf`
    const first = await served.fetch(path)
    const etag = first.headers.get('etag')!
    const [{ id }] = await served.db.sql<{ id: string }[]>`SELECT left(id::text, 8) AS id FROM database_instance`
    expect(etag).toMatch(new RegExp(`^"facilities-test-${id}\\.\\d+"$`))
    expect((await served.fetch(path, { headers: { 'If-None-Match': etag } })).status).toBe(304)
  })

  it("changes the ETag and the body when the layer's data changes", async () => {
    const path = `${served.app.url}/tiles/facilities/${CENTRE.z}/${CENTRE.x}/${CENTRE.y}.pbf`
    const before = await served.fetch(path)
    const etag = before.headers.get('etag')!
    const codes = (body: ArrayBuffer) => decode(body).facilities.map((f) => f.properties.code)
    expect(codes(await before.arrayBuffer())).not.toContain('T-ETAG')
    await served.db.sql`INSERT INTO facilities (code, name, type_code, geom)
      VALUES ('T-ETAG', '测试驿站', 'courier_post', ST_SetSRID(ST_MakePoint(109.19, 27.72), 4326))`
    try {
      const after = await served.fetch(path, { headers: { 'If-None-Match': etag } })
      expect(after.status).toBe(200)
      expect(after.headers.get('etag')).not.toBe(etag)
      expect(codes(await after.arrayBuffer())).toContain('T-ETAG')
    } finally {
      await served.db.sql`DELETE FROM facilities WHERE code = 'T-ETAG'`
    }
  })

  it('answers an empty tile with 204', async () => {
    expect((await served.fetch(`${served.app.url}/tiles/areas/10/0/0.pbf`)).status).toBe(204)
  })

  it.each([
    ['/tiles/rivers/1/0/0.pbf', 'layer'],
    ['/tiles/areas/23/0/0.pbf', 'z'],
    ['/tiles/areas/2/4/0.pbf', 'x'],
    ['/tiles/areas/2/0/9.pbf', 'y'],
    ['/tiles/areas/2/0/0.png', 'y'],
  ])('answers %s with a 400 naming %s', async (path, field) => {
    const res = await served.fetch(served.app.url + path)
    expect(res.status).toBe(400)
    expect((await res.json()).error.field).toBe(field)
  })
})

describe('tile encoders', () => {
  it('uses ST_AsMVT exactly when PostGIS has protobuf support', async () => {
    const encoder = await createTileService(served.db.sql).getEncoder()
    expect(encoder).toBe(served.db.engine === 'server' ? 'postgis' : 'javascript')
  })

  it.runIf(db0IsServer())('give the same layers, ids and properties (ST_AsMVT vs geojson-vt + vt-pbf)', async () => {
    const postgis = createTileService(served.db.sql, { encoder: 'postgis' })
    const js = createTileService(served.db.sql, { encoder: 'javascript' })
    const cases: [TileLayer, typeof CENTRE][] = [
      ['areas', CENTRE],
      ['facilities', CENTRE],
      ['demand-points', CENTRE], // summed into cells
      ['demand-points', tileAt(109.19, 27.72, 14)], // one feature per building
      ['roads', tileAt(109.19, 27.72, 14)],
      ['roads', tileAt(109.19, 27.72, 11)], // the bridges, tunnels and barriers only
    ]
    for (const [layer, tile] of cases) {
      const a = decode((await postgis.getTile(layer, tile)).body)
      const b = decode((await js.getTile(layer, tile)).body)
      const byId = (l: { id?: number }[]) => [...l].sort((p, q) => p.id! - q.id!)
      expect(Object.keys(b)).toEqual(Object.keys(a))
      expect(byId(b[layer])).toEqual(byId(a[layer]))
    }
  })
})

function db0IsServer() {
  return Boolean(process.env.DATABASE_URL)
}
