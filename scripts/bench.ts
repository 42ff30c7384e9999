// `npm run bench -- [foundation] [--data DIR] [--keep]`: measures import throughput, vector-tile
// building (cold vs cached) and read-API latency on a fresh embedded PostGIS (or DATABASE_URL),
// and prints figures and ratios. Bounded: a fixed number of requests, all on 127.0.0.1.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDb } from '../server/db/client.js'
import { upsertFacilityTypes } from '../server/db/queries/import.js'
import { importGeoJsonText } from '../server/import/import-features.js'
import { GEODATA_DIR } from '../server/import/seed-demo.js'
import { createTileService } from '../server/tiles/tile-service.js'
import { selectAreasExtent } from '../server/db/queries/areas.js'
import { serveOnLoopback } from '../server/serve-on-loopback.js'
import { parseCli } from './lib/cli.js'

const usage = `Usage: npm run bench -- [foundation] [--data DIR] [--database-url URL] [--keep]

foundation (the default and, for now, only suite):
  import    features/s for areas, facilities and demand points (one transaction each)
  tiles     ms per vector tile, cold (PostGIS + encoder) vs cached, over every tile of the data at z12–z14
  api       p50/p99 latency of the read endpoints (200 requests each)
Options:
  --data DIR  dataset folder (default geodata/; e.g. .data/tongren after
              npm run generate-demo -- --scale tongren)
  --database-url URL  bench a PostgreSQL + PostGIS server instead; the dataset is upserted
              into that database, so never point it at one whose data matters
  --keep      keep the temporary embedded database folder
Without --database-url: a new embedded PostGIS in a temp folder (DATABASE_URL is ignored).`

const { values } = parseCli(
  usage,
  { data: { type: 'string' }, 'database-url': { type: 'string' }, keep: { type: 'boolean', default: false } },
  true,
)
const dataDir = path.resolve(values.data ?? GEODATA_DIR)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-bench-'))
const db = await openDb({ databaseUrl: values['database-url'], dataDir: tmp })

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)
const row = (...cells: (string | number)[]) => console.log(cells.map((c) => String(c).padEnd(22)).join(''))

try {
  console.log(`engine: ${db.engine}   data: ${dataDir}   cpus: ${os.cpus().length}\n`)
  console.log('— import (validate, stage, check, upsert in one transaction)')
  row('kind', 'features', 'seconds', 'features/s')
  const types = JSON.parse(fs.readFileSync(path.join(dataDir, 'facility-types.json'), 'utf8'))
  await upsertFacilityTypes(db.sql, types)
  for (const [kind, file] of [['areas', 'areas.geojson'], ['facilities', 'facilities.geojson'], ['demand', 'demand-points.geojson']] as const) {
    const text = fs.readFileSync(path.join(dataDir, file), 'utf8')
    const t0 = process.hrtime.bigint()
    const report = await importGeoJsonText(db.sql, kind, text)
    const s = ms(t0) / 1000
    if (!report.written) throw new Error(`${file} was rejected: ${report.rejected[0]?.reason}`)
    row(kind, report.total, fmt(s), fmt(report.total / s))
  }

  console.log('\n— vector tiles (every tile covering the data)')
  const tiles = createTileService(db.sql)
  console.log(`encoder: ${await tiles.getEncoder()}`)
  const extent = await selectAreasExtent(db.sql)
  if (!extent) throw new Error('no areas were imported')
  const [w, s, e, n] = extent
  const ext = { w, s, e, n }
  row('layer@zoom', 'tiles', 'cold ms p50/p99', 'cached ms p50', 'cold/cached')
  for (const layer of ['areas', 'facilities', 'demand-points'] as const) {
    for (const z of [12, 13, 14]) {
      const coords = tilesCovering(ext, z)
      const cold: number[] = []
      const warm: number[] = []
      for (const c of coords) {
        let t0 = process.hrtime.bigint()
        await tiles.getTile(layer, c)
        cold.push(ms(t0))
        t0 = process.hrtime.bigint()
        await tiles.getTile(layer, c)
        warm.push(ms(t0))
      }
      row(`${layer}@${z}`, coords.length, `${fmt(pct(cold, 50))} / ${fmt(pct(cold, 99))}`, fmt(pct(warm, 50)), `${fmt(pct(cold, 50) / pct(warm, 50))}×`)
    }
  }

  console.log('\n— read API over HTTP on 127.0.0.1 (200 sequential requests each)')
  const app = await serveOnLoopback(db)
  row('endpoint', 'p50 ms', 'p99 ms', 'bytes')
  const cx = (ext.w + ext.e) / 2
  const cy = (ext.s + ext.n) / 2
  for (const p of [
    '/api/health',
    '/api/areas?level=street',
    '/api/areas?level=grid',
    '/api/areas?geometry=label',
    '/api/facilities',
    `/api/demand-points?bbox=${cx - 0.02},${cy - 0.02},${cx + 0.02},${cy + 0.02}`,
  ]) {
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < 200; i++) {
      const t0 = process.hrtime.bigint()
      const res = await fetch(app.url + p)
      bytes = (await res.arrayBuffer()).byteLength
      times.push(ms(t0))
    }
    row(p.length > 21 ? p.slice(0, 20) + '…' : p, fmt(pct(times, 50)), fmt(pct(times, 99)), bytes)
  }
  await app.close()
} finally {
  await db.close()
  if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true })
}

function tilesCovering(e: { w: number; s: number; e: number; n: number }, z: number) {
  const n = 2 ** z
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n)
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  }
  const out: { z: number; x: number; y: number }[] = []
  for (let x = tx(e.w); x <= tx(e.e); x++) for (let y = ty(e.n); y <= ty(e.s); y++) out.push({ z, x, y })
  return out
}
