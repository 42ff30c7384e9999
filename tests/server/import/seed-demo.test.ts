// Seeding the demo data is all or nothing: a bad file anywhere leaves the database as it was.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../../../server/db/client.js'
import { GEODATA_DIR, seedDemo } from '../../../server/import/seed-demo.js'
import { connectTestDb } from '../test-db.js'

let db: Db
let dir: string
beforeAll(async () => {
  db = await connectTestDb()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-seed-'))
})
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await db.close()
})

it('writes nothing when the last file has a bad feature, though the files before it were good', async () => {
  const areas = JSON.parse(fs.readFileSync(path.join(GEODATA_DIR, 'areas.geojson'), 'utf8'))
  const district = areas.features.find((f: { properties: { level: string } }) => f.properties.level === 'district')
  const originalName = district.properties.name
  district.properties.name = '改名测试区'
  fs.writeFileSync(path.join(dir, 'areas.geojson'), JSON.stringify(areas))
  fs.copyFileSync(path.join(GEODATA_DIR, 'facility-types.json'), path.join(dir, 'facility-types.json'))
  fs.copyFileSync(path.join(GEODATA_DIR, 'facilities.geojson'), path.join(dir, 'facilities.geojson'))
  const demand = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { code: 'T-D1', population: -5 }, geometry: { type: 'Point', coordinates: [109.19, 27.72] } }],
  }
  fs.writeFileSync(path.join(dir, 'demand-points.geojson'), JSON.stringify(demand))

  await expect(seedDemo(db.sql, { dir, force: true })).rejects.toThrow(/demo data \(demand\) did not import; nothing was written[\s\S]*feature 0 \(T-D1\): property population/)
  const [row] = await db.sql<{ name: string }[]>`SELECT name FROM areas WHERE code = ${district.properties.code}`
  expect(row.name).toBe(originalName)
  const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM demand_points WHERE code = 'T-D1'`
  expect(n).toBe(0)
})

it('does nothing on a database that already holds areas', async () => {
  expect(await seedDemo(db.sql)).toBeNull()
})
