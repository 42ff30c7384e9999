// The import pipeline against real PostGIS: bad input is rejected with its index and reason
// and nothing is written; bow-ties are repaired and reported; GCJ-02 lands on WGS-84; upserts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../server/db/client.js'
import { importFeatures, importGeoJsonText } from '../../../server/import/import-features.js'
import { connectTestDb } from '../test-db.js'

let db: Db
beforeAll(async () => {
  db = await connectTestDb()
})
afterAll(async () => {
  await removeTestRows()
  await db.close()
})
beforeEach(removeTestRows)

async function removeTestRows() {
  await db.sql`DELETE FROM facilities WHERE code LIKE 'T-%'`
  await db.sql`DELETE FROM demand_points WHERE code LIKE 'T-%'`
  await db.sql`DELETE FROM areas WHERE code LIKE 'T-%' AND parent_code IS NOT NULL`
  await db.sql`DELETE FROM areas WHERE code LIKE 'T-%'`
}

const point = (code: string, coordinates: number[], props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, name: `测试驿站${code}`, type: 'courier_post', ...props },
  geometry: { type: 'Point', coordinates },
})

const square = (x: number, y: number, d = 0.001) => [
  [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]],
]

const area = (code: string, rings: number[][][], props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, name: `测试区域${code}`, level: 'district', ...props },
  geometry: { type: 'Polygon', coordinates: rings },
})

async function countTestRows() {
  const [row] = await db.sql<{ n: number }[]>`SELECT
    (SELECT count(*) FROM facilities WHERE code LIKE 'T-%') + (SELECT count(*) FROM areas WHERE code LIKE 'T-%') AS n`
  return Number(row.n)
}

describe('importing bad input writes nothing', () => {
  const good = point('T-GOOD', [109.19, 27.72])
  it.each([
    ['malformed JSON', 'facilities', '{"type":"FeatureCollection","features":[', -1, /malformed JSON/],
    ['a wrong geometry type', 'facilities', [good, { ...point('T-LINE', [0, 0]), geometry: { type: 'LineString', coordinates: [[109, 27], [109.1, 27.1]] } }], 1, /geometry type LineString/],
    ['longitude 200', 'facilities', [good, point('T-LON', [200, 27.72])], 1, /out of range/],
    ['a missing required property', 'facilities', [good, { ...point('T-NONAME', [109.2, 27.7]), properties: { code: 'T-NONAME', type: 'courier_post' } }], 1, /property name/],
    ['duplicate codes in one file', 'facilities', [good, point('T-GOOD', [109.2, 27.7])], 1, /duplicate code T-GOOD/],
    ['an unknown facility type', 'facilities', [good, point('T-TYPE', [109.2, 27.7], { type: 'spaceport' })], 1, /spaceport is not a known facility type/],
    ['an unknown area_code', 'facilities', [good, point('T-AREA', [109.2, 27.7], { area_code: 'NOPE' })], 1, /area_code NOPE is not a known area/],
    ['a parent that does not exist', 'areas', [area('T-A', square(109.19, 27.72)), area('T-B', square(109.2, 27.72), { level: 'street', parent_code: 'T-MISSING' })], 1, /T-MISSING is neither in the file nor in the database/],
    ['a parent below its child', 'areas', [area('T-A', square(109.19, 27.72), { level: 'grid' }), area('T-B', square(109.2, 27.72), { level: 'street', parent_code: 'T-A' })], 1, /not above a street/],
  ])('rejects %s', async (_label, kind, input, index, reason) => {
    const text = typeof input === 'string' ? input : JSON.stringify({ type: 'FeatureCollection', features: input })
    const report = await importGeoJsonText(db.sql, kind as 'facilities' | 'areas', text)
    expect(report.written).toBe(false)
    expect(report.rejected).toEqual([expect.objectContaining({ index, reason: expect.stringMatching(reason) })])
    expect(await countTestRows()).toBe(0)
  })
})

describe('repairs', () => {
  it('repairs a self-intersecting bow-tie polygon with ST_MakeValid and reports it', async () => {
    const bowTie = [[[109.1, 27.7], [109.11, 27.71], [109.11, 27.7], [109.1, 27.71], [109.1, 27.7]]]
    const report = await importFeatures(db.sql, 'areas', [area('T-BOWTIE', bowTie), area('T-OK', square(109.2, 27.7))])
    expect(report).toMatchObject({ written: true, inserted: 2, updated: 0, rejected: [] })
    expect(report.repaired).toEqual([
      { index: 0, code: 'T-BOWTIE', reason: expect.stringMatching(/^repaired with ST_MakeValid: Self-intersection/) },
    ])
    const [row] = await db.sql`SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts, GeometryType(geom) AS type
      FROM areas WHERE code = 'T-BOWTIE'`
    expect(row).toEqual({ valid: true, parts: 2, type: 'MULTIPOLYGON' })
  })

  it('rejects a polygon with no area left after repair', async () => {
    const flat = [[[109.1, 27.7], [109.11, 27.7], [109.12, 27.7], [109.1, 27.7]]]
    const report = await importFeatures(db.sql, 'areas', [area('T-FLAT', flat)])
    expect(report.written).toBe(false)
    expect(report.rejected).toEqual([expect.objectContaining({ index: 0, reason: expect.stringMatching(/no area left/) })])
  })
})

describe('coordinates', () => {
  it('lands a GCJ-02 import within 1 m of the WGS-84 truth', async () => {
    // Reference pairs from the eviltransform test suite: [wgs84], [gcj02].
    const refs = [
      { wgs: [121.5272106, 31.1774276], gcj: [121.531541859215, 31.17530398364597] },
      { wgs: [116.377817, 39.911954], gcj: [116.38404722455657, 39.91334545536069] },
    ]
    const report = await importFeatures(db.sql, 'facilities', refs.map((r, i) => point(`T-GCJ${i}`, r.gcj)), { crs: 'gcj02' })
    expect(report.written).toBe(true)
    for (const [i, r] of refs.entries()) {
      const [row] = await db.sql<{ m: number }[]>`
        SELECT ST_Distance(geom::geography, ST_SetSRID(ST_Point(${r.wgs[0]}, ${r.wgs[1]}), 4326)::geography) AS m
        FROM facilities WHERE code = ${`T-GCJ${i}`}`
      expect(row.m).toBeLessThan(1)
    }
  })
})

describe('upserts and area assignment', () => {
  it('inserts, then updates by code, and assigns the lowest containing area', async () => {
    const [grid] = await db.sql<{ code: string; x: number; y: number }[]>`
      SELECT code, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y
      FROM areas WHERE level = 'grid' AND kind = 'comprehensive' ORDER BY code LIMIT 1`
    const first = await importFeatures(db.sql, 'facilities', [point('T-UP', [grid.x, grid.y])])
    expect(first).toMatchObject({ written: true, inserted: 1, updated: 0 })
    const second = await importFeatures(db.sql, 'facilities', [point('T-UP', [grid.x, grid.y], { name: '改名' })])
    expect(second).toMatchObject({ written: true, inserted: 0, updated: 1 })
    const [row] = await db.sql`SELECT name, area_code FROM facilities WHERE code = 'T-UP'`
    expect(row).toEqual({ name: '改名', area_code: grid.code })
  })
})
