// Migrations on the engine of this run (embedded in `npm test`, the Debian server in CI):
// recorded, idempotent, and the schema's constraints and indexes are real.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/client.js'
import { applyMigrations, listMigrations } from '../../server/db/migrate.js'
import { getDataVersion } from '../../server/db/queries/health.js'
import { connectTestDb } from './test-db.js'

let db: Db
beforeAll(async () => {
  db = await connectTestDb()
})
afterAll(() => db.close())

describe('migrations', () => {
  it('are all recorded, and applying them again does nothing', async () => {
    const recorded = await db.sql<{ name: string }[]>`SELECT name FROM schema_migrations ORDER BY version`
    expect(recorded.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name))
    expect(await applyMigrations(db.sql)).toEqual([])
  })

  it('refuse a migration edited after it was applied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'))
    for (const m of listMigrations()) fs.writeFileSync(path.join(dir, m.name), m.sql + '\n-- edited')
    await expect(applyMigrations(db.sql, undefined, dir)).rejects.toThrow(/was changed after it was applied/)
  })

  it('refuse a numbering gap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'))
    fs.writeFileSync(path.join(dir, '0001_a.sql'), 'SELECT 1')
    fs.writeFileSync(path.join(dir, '0003_c.sql'), 'SELECT 1')
    expect(() => listMigrations(dir)).toThrow(/out of sequence/)
  })

  it('create GiST indexes on every geometry column', async () => {
    const rows = await db.sql<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gist%' ORDER BY indexname`
    expect(rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(['areas_geom_gist', 'demand_points_geom_gist', 'facilities_geom_gist']),
    )
  })

  it('enforce SRID, geometry type and validity', async () => {
    const insert = (wkt: string, srid: number) => db.sql`
      INSERT INTO areas (code, name, level, geom) VALUES ('T-BAD', 'bad', 'grid', ST_GeomFromText(${wkt}, ${srid}))`
    await expect(insert('MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)))', 3857)).rejects.toThrow(/SRID/)
    await expect(insert('POINT(0 0)', 4326)).rejects.toThrow(/type/i)
    await expect(insert('MULTIPOLYGON(((0 0,2 2,2 0,0 2,0 0)))', 4326)).rejects.toThrow(/check constraint/)
    const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM areas WHERE code = 'T-BAD'`
    expect(n).toBe(0)
  })

  it.each([
    ['areas', 'areas'],
    ['facilities', 'facilities'],
    ['demand_points', 'demand-points'],
    ['facility_types', 'facility-types'],
  ])('bump the data version when %s change', async (table, layer) => {
    const version = async () => (await db.sql`SELECT version FROM data_versions WHERE layer = ${layer}`)[0].version
    const before = BigInt(await version())
    await db.sql`UPDATE ${db.sql(table)} SET code = code WHERE false`
    expect(BigInt(await version())).toBe(before + 1n)
  })

  it('draw one random instance id per database, which every data version carries', async () => {
    const rows = await db.sql<{ id: string }[]>`SELECT id::text FROM database_instance`
    expect(rows).toHaveLength(1)
    expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await getDataVersion(db.sql, 'areas')).toMatch(new RegExp(`^${rows[0].id.slice(0, 8)}\\.\\d+$`))
    await expect(db.sql`INSERT INTO database_instance (singleton) VALUES (true)`).rejects.toThrow(/duplicate key/)
  })
})
