// The foundation suite: import throughput, vector tiles cold vs cached, and read-API latency.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../../server/db/client.js'
import { selectAreasExtent } from '../../server/db/queries/areas.js'
import { upsertFacilityTypes } from '../../server/db/queries/import.js'
import { importGeoJsonText } from '../../server/import/import-features.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { createTileService } from '../../server/tiles/tile-service.js'
import { fmt, ms, percentile as pct, row } from './lib.js'
import { signPlannerSession } from '../lib/api-client.js'

export async function runFoundationBench(db: Db, dataDir: string): Promise<void> {
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
  // Signed in as a planner: health's counts and the residents' points are for signed-in planning roles.
  const { token } = await signPlannerSession(app.auth, db.sql)
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
      const res = await fetch(app.url + p, { headers: { Authorization: `Bearer ${token}` } })
      bytes = (await res.arrayBuffer()).byteLength
      times.push(ms(t0))
    }
    row(p.length > 21 ? p.slice(0, 20) + '…' : p, fmt(pct(times, 50)), fmt(pct(times, 99)), bytes)
  }
  await app.close()
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
