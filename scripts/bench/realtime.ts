// The realtime suite: 200 Socket.IO clients watch the whole district while reports arrive at
// 100/s for 10 s; prints delivery (expected, delivered, duplicates, out of order) and latency
// from POST sent to each client's receipt (clients and generator in a second process) — for one process, for two processes on a PostgreSQL
// server (Postgres adapter), and for a bare Socket.IO broadcast of the same load as the floor.
import { fork } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { Server } from 'socket.io'
import { fileURLToPath } from 'node:url'
import { loginAs } from '../lib/api-client.js'
import { createDemoUsers } from '../../server/auth/demo-users.js'
import { openDb, type Db } from '../../server/db/client.js'
import { selectAreasExtent } from '../../server/db/queries/areas.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { fmt, percentile, row } from './lib.js'
import type { LoadRequest, LoadResult } from './realtime-load.js'

const CLIENTS = 200
const RATE = 100
const SECONDS = 10
const MAX_IN_FLIGHT = 50
const PASSWORD = 'gridpulse-bench'

interface Figures extends LoadResult {
  label: string
}

/** Runs the load in a child process (clients and generator), leaving this one to the server. */
function runLoadProcess(req: LoadRequest, onReady?: () => Promise<void>): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./realtime-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; result?: LoadResult; message?: string }) => {
      if (m.type === 'ready') void onReady?.()
      else if (m.type === 'result') resolve(m.result!)
      else reject(new Error(m.message))
    })
    child.on('exit', (code) => code !== 0 && reject(new Error(`load process exited with ${code}`)))
    child.send(req)
  })
}

async function login(url: string, username: string): Promise<string> {
  return (await loginAs(url, username, PASSWORD)).token
}

/** Posts RATE reports a second for SECONDS to the apps in turn, watched by CLIENTS sockets spread over them. */
async function runReports(label: string, apps: ServedApp[], db: Db): Promise<Figures> {
  const bbox = (await selectAreasExtent(db.sql))!
  const [{ seq }] = await db.sql<{ seq: string }[]>`SELECT coalesce(max(seq), 0)::text AS seq FROM issue_events`
  const result = await runLoadProcess({
    kind: 'reports',
    urls: apps.map((a) => a.url),
    clients: CLIENTS,
    rate: RATE,
    seconds: SECONDS,
    maxInFlight: MAX_IN_FLIGHT,
    operatorToken: await login(apps[0].url, 'operator'),
    workerToken: await login(apps[0].url, 'worker'),
    since: Number(seq),
    bbox,
  })
  return { label, ...result }
}

/** The same load on a plain Socket.IO server: io.emit of a payload of the same size, no database. */
async function runBareBroadcast(sample: string): Promise<Figures> {
  const server = http.createServer()
  const io = new Server(server, { transports: ['websocket'] })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const total = RATE * SECONDS
  const result = await runLoadProcess(
    { kind: 'broadcast', urls: [url], clients: CLIENTS, rate: RATE, seconds: SECONDS, maxInFlight: 0 },
    async () => {
      const start = performance.now()
      for (let i = 0; i < total; i++) {
        const wait = start + (i * 1000) / RATE - performance.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        io.emit('issue:event', { t: performance.timeOrigin + performance.now(), payload: sample } as never)
      }
    },
  )
  await new Promise<void>((resolve) => io.close(() => resolve()))
  return { label: 'bare Socket.IO broadcast (no database), same clients and rate', ...result }
}

function print(f: Figures): void {
  const pct = (100 * f.delivered) / f.expected
  console.log(`\n— ${f.label}`)
  if (f.statuses.length) {
    row('reports posted', f.reports, 'POST statuses', f.statuses.map(([s, n]) => `${s}×${n}`).join(' '))
    row('POST ms p50 / p99', `${fmt(percentile(f.postMs, 50))} / ${fmt(percentile(f.postMs, 99))}`, 'schedule slips', f.behind)
  }
  row('events expected', f.expected, 'delivered', `${f.delivered} (${fmt(pct)} %)`)
  row('duplicates', f.duplicates, 'out of order', f.outOfOrder)
  row('delivered events/s', fmt(f.delivered / f.seconds), 'over seconds', fmt(f.seconds))
  row(
    'latency ms p50/p99/max',
    `${fmt(percentile(f.latencies, 50))} / ${fmt(percentile(f.latencies, 99))} / ${fmt(f.latencies.reduce((m, x) => Math.max(m, x), 0))}`,
    'target',
    'p99 ≤ 100 ms, 100 %',
  )
}

export async function runRealtimeBench(db: Db, databaseUrl: string | undefined): Promise<void> {
  console.log(`engine: ${db.engine}   cpus: ${os.cpus().length}   ${CLIENTS} clients, ${RATE} reports/s for ${SECONDS} s`)
  console.log('(the clients and the report generator run in a second process on the same 2 cores: the figures include that contention)')
  await createDemoUsers(db.sql, PASSWORD)
  const app = await serveOnLoopback(db, databaseUrl ? { databaseUrl } : {})
  const one = await runReports('one server process', [app], db)
  await app.close()
  print(one)

  let two: Figures | undefined
  if (databaseUrl) {
    const dbA = await openDb({ databaseUrl, dataDir: '', maxConnections: 10, migrate: false })
    const dbB = await openDb({ databaseUrl, dataDir: '', maxConnections: 10, migrate: false })
    const a = await serveOnLoopback(dbA, { databaseUrl })
    const b = await serveOnLoopback(dbB, { databaseUrl })
    two = await runReports('two server processes (Postgres adapter), clients and posts split between them', [a, b], db)
    await a.close()
    await b.close()
    await dbA.close()
    await dbB.close()
    print(two)
  } else {
    console.log('\n— two server processes: needs a PostgreSQL server (--database-url URL); skipped on the embedded engine')
  }

  const [sample] = await db.sql<{ issue: unknown }[]>`SELECT issue FROM issue_events ORDER BY seq DESC LIMIT 1`
  const bare = await runBareBroadcast(JSON.stringify(sample?.issue ?? {}))
  print(bare)
  const ratio = (f: Figures) => fmt(percentile(f.latencies, 99) / percentile(bare.latencies, 99))
  console.log(`\np99 against the bare broadcast: one process ${ratio(one)}×${two ? `, two processes ${ratio(two)}×` : ''}`)
}
