// The import CLI as a user runs it: exit codes, the printed report, and all-or-nothing writes.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { Db } from '../../server/db/client.js'
import { connectTestDb } from '../server/test-db.js'

/** The embedded engine takes one connection at a time: hold ours only while we query. */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await connectTestDb()
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}
afterAll(() => withDb((db) => db.sql`DELETE FROM facilities WHERE code LIKE 'T-CLI%'`))

function runImport(args: string[]) {
  const result = spawnSync('npx', ['tsx', 'scripts/import.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    timeout: 60_000,
  })
  return { status: result.status, out: result.stdout + result.stderr }
}

function writeCollection(features: unknown[]) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-')), 'in.geojson')
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }))
  return file
}

const post = (code: string, lon: number) => ({
  type: 'Feature',
  properties: { code, name: '测试快递驿站', type: 'courier_post' },
  geometry: { type: 'Point', coordinates: [lon, 27.72] },
})

describe('npm run import', () => {
  it('prints usage with --help', () => {
    const { status, out } = runImport(['--help'])
    expect(status).toBe(0)
    expect(out).toMatch(/--kind KIND/)
  })

  it('refuses a bad --kind with exit code 2', () => {
    const { status, out } = runImport(['x.geojson', '--kind', 'rivers'])
    expect(status).toBe(2)
    expect(out).toMatch(/--kind must be one of areas, facilities, demand, roads/)
  })

  it('rejects a file with one bad feature, names it, and writes nothing', async () => {
    const file = writeCollection([post('T-CLI-1', 109.19), post('T-CLI-2', 200)])
    const { status, out } = runImport([file, '--kind', 'facilities'])
    expect(status).toBe(1)
    expect(out).toMatch(/rejected {2}feature 1 \(T-CLI-2\): coordinate \[200,27.72\] is out of range/)
    expect(out).toMatch(/nothing was written/)
    const rows = await withDb((db) => db.sql`SELECT code FROM facilities WHERE code LIKE 'T-CLI%'`)
    expect(rows).toHaveLength(0)
  })

  it('says in one line what is wrong with the file itself (issue 15: raw stack traces, 48 MB of output)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'))
    const asDir = runImport([dir, '--kind', 'facilities'])
    expect(asDir.status).toBe(2)
    expect(asDir.out).toMatch(/not a file/)
    expect(asDir.out).not.toMatch(/\n\s+at /)

    // A thousand things that are not features: the first 20, then how many more.
    const many = runImport([writeCollection(Array.from({ length: 1000 }, (_, i) => i)), '--kind', 'facilities'])
    expect(many.status).toBe(1)
    expect(many.out.split('\n').filter((l) => l.startsWith('rejected'))).toHaveLength(21)
    expect(many.out).toMatch(/rejected {2}… and 980 more/)

    // Infinity named as such, and a code's control characters escaped, not sent to the terminal.
    const file = path.join(dir, 'odd.geojson')
    const feature = (code: string, lon: string) => `{"type":"Feature","properties":{"code":"${code}","name":"x","type":"courier_post"},"geometry":{"type":"Point","coordinates":[${lon},27.7]}}`
    fs.writeFileSync(file, `{"type":"FeatureCollection","features":[${feature('T-CLI-\\u001b[31mX', '109.2')},${feature('T-CLI-INF', '1e400')}]}`)
    const odd = runImport([file, '--kind', 'facilities'])
    expect(odd.status).toBe(1)
    expect(odd.out).toMatch(/coordinate \[Infinity,27.7\]/)
    expect(odd.out).not.toMatch(/\u001b/)
    expect(odd.out).toMatch(/T-CLI-\\u001b\[31mX/)
  })

  it('imports a good file in GCJ-02 and prints a summary', async () => {
    const file = writeCollection([post('T-CLI-1', 109.19), post('T-CLI-2', 109.2)])
    const { status, out } = runImport([file, '--kind', 'facilities', '--crs', 'gcj02'])
    expect(status).toBe(0)
    expect(out).toMatch(/facilities: 2 features, 2 inserted, 0 updated, 0 repaired/)
    const [row] = await withDb((db) => db.sql<{ lon: number }[]>`SELECT ST_X(geom) AS lon FROM facilities WHERE code = 'T-CLI-1'`)
    expect(row.lon).toBeLessThan(109.19) // GCJ-02 lies east of WGS-84 here
  })
})
