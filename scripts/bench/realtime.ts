// The realtime suite. Every server is a real process of its own (server-process.ts), and so are the
// listeners (realtime-load.ts: the Socket.IO clients); this process conducts, posts the reports
// (report-generator.ts) and sends the bare broadcast's frames, so the feed and its floor are sent
// from the same idle process and received by the same busy one. It prints, for each configuration — the embedded engine or the PostgreSQL server, one
// process or two sharing the feed through the Postgres or the Redis Streams adapter:
//   fan-out    200 clients, 100 reports/s for 10 s: delivery (exactly once, in order), POST and
//              POST → receipt p50/p99, schedule slips, against a bare Socket.IO broadcast of the
//              same load in the same run;
//   intake     20 clients, the rate stepped up until POST or receipt p99 passes 100 ms or the
//              generator slips: the highest rate sustained;
//   busy hour  500 clients at 5 reports/s;
//   kill -9    two processes, one killed mid-run: its clients move to the other and replay;
//   soak       (--soak, --minutes N) 100 clients at 20 reports/s: each process's RSS and heap (after
//              a forced GC), the replay query's time and the relay's lag, sampled every 30 s, and
//              their growth from the first third of the samples to the last.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Server } from 'socket.io'
import { loginAs } from '../lib/api-client.js'
import { createDemoUsers } from '../../server/auth/demo-users.js'
import { openDb } from '../../server/db/client.js'
import { selectAreasExtent } from '../../server/db/queries/areas.js'
import { seedDemo } from '../../server/import/seed-demo.js'
import { clock, fmt, percentile, row } from './lib.js'
import type { ListenCommand, ListenMessage, ListenRequest, ListenResult, LoadWindow } from './realtime-load.js'
import { postReports, warmUp, type ReportFigures } from './report-generator.js'
import { startServerProcess, type ServerProcess, type ServerProcessConfig } from '../lib/server-process.js'

const PASSWORD = 'gridpulse-bench'
const FANOUT = { clients: 200, rate: 100, seconds: 10 }
const INTAKE_CLIENTS = 20
const INTAKE_RATES = [100, 200, 300, 400, 500, 600, 800, 1000]
const INTAKE_SECONDS = 5
const BUSY_HOUR = { clients: 500, rate: 5, seconds: 10 }
const SOAK = { clients: 100, rate: 20 }
const MAX_IN_FLIGHT = 50
/** A server process's first warm-up, in seconds (V8 tiers up the embedded engine's WebAssembly meanwhile). */
const WARM_UP_SECONDS = 5

export interface RealtimeBenchOptions {
  /** A scratch folder (the embedded engine's data goes here). */
  tmp: string
  /** The dataset to seed. */
  dataDir: string
  databaseUrl?: string
  redisUrl?: string
  soak: boolean
  /** Only the kill -9 runs (two processes on the server). */
  killOnly?: boolean
  /** Only the runs of one process. */
  oneOnly?: boolean
  minutes: number
  /** Write a CPU profile of each server process here. */
  profileDir?: string
}

/** The listeners, connected and ready: tell them each report sent, then wait for what they heard. */
interface Listeners {
  measure(): void
  sent(id: string, t: number): void
  finish(events: number, deadlineMs: number): Promise<ListenResult>
}

/** Starts the listening clients in a process of their own; `onWindow` hears the soak's windows. */
function startListeners(req: ListenRequest, onWindow?: (w: LoadWindow) => void): Promise<Listeners> {
  const child = fork(fileURLToPath(new URL('./realtime-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
  let settle!: { resolve: (r: ListenResult) => void; reject: (e: Error) => void }
  const result = new Promise<ListenResult>((resolve, reject) => (settle = { resolve, reject }))
  result.catch(() => {})
  const handle: Listeners = {
    measure: () => child.send({ type: 'measure' } satisfies ListenCommand),
    sent: (id, t) => child.send({ type: 'sent', id, t } satisfies ListenCommand),
    finish: (events, deadlineMs) => {
      child.send({ type: 'finish', events, deadlineMs } satisfies ListenCommand)
      return result
    },
  }
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      reject(err)
      settle.reject(err)
    }
    child.on('message', (m: ListenMessage) => {
      if (m.type === 'ready') resolve(handle)
      else if (m.type === 'window') onWindow?.(m.window)
      else if (m.type === 'result') settle.resolve(m.result)
      else fail(new Error(m.message))
    })
    child.on('exit', (code) => code !== 0 && fail(new Error(`listeners' process exited with ${code}`)))
    child.send({ type: 'listen', req } satisfies ListenCommand)
  })
}

interface Figures extends ReportFigures, ListenResult {
  label: string
  seconds: number
}

const p99 = (xs: number[]) => percentile(xs, 99)

function print(f: Figures): void {
  const pct = (100 * f.delivered) / f.expected
  console.log(`\n— ${f.label}`)
  if (f.statuses.length) {
    row('reports posted', f.reports, 'POST statuses', f.statuses.map(([s, n]) => `${s}×${n}`).join(' '))
    row('POST ms p50 / p99', `${fmt(percentile(f.postMs, 50))} / ${fmt(p99(f.postMs))}`, 'schedule slips', f.behind)
  }
  row('events expected', f.expected, 'delivered', `${f.delivered} (${fmt(pct)} %)`)
  row('duplicates', f.duplicates, 'out of order', f.outOfOrder)
  if (f.failovers) row('clients moved', f.failovers, 'back in ms p50/max', `${fmt(percentile(f.failoverMs, 50))} / ${fmt(Math.max(...f.failoverMs))}`)
  row('delivered events/s', fmt(f.delivered / f.seconds), 'over seconds', fmt(f.seconds))
  row('receipt ms p50/p99/max', `${fmt(percentile(f.latencies, 50))} / ${fmt(p99(f.latencies))} / ${fmt(f.latencies.reduce((m, x) => Math.max(m, x), 0))}`, '', '')
}

/**
 * The same fan-out on a plain Socket.IO server in this process, no database: io.emit of a frame
 * shaped like the feed's (one change: seq, type and a real issue), so the clients parse as much.
 */
async function runBareBroadcast(sample: unknown): Promise<Figures> {
  const server = http.createServer()
  const io = new Server(server, { transports: ['websocket'] })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const total = FANOUT.rate * FANOUT.seconds
  const listeners = await startListeners({ kind: 'broadcast', urls: [url], clients: FANOUT.clients })
  listeners.measure()
  const start = clock()
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / FANOUT.rate - clock()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    io.emit('issue:event', { t: clock(), changes: [{ seq: i, type: 'report', issue: sample }] } as never)
  }
  const heard = await listeners.finish(total, 15_000)
  const seconds = (clock() - start) / 1000
  await new Promise<void>((resolve) => io.close(() => resolve()))
  return { label: 'bare Socket.IO broadcast (no database), same clients and rate, sent from this process', reports: total, statuses: [], postMs: [], behind: 0, accepted: total, seconds, ...heard }
}

export async function runRealtimeBench(o: RealtimeBenchOptions): Promise<void> {
  const engine = o.databaseUrl ? 'PostgreSQL server' : 'embedded PostGIS'
  console.log(`engine: ${engine}   cpus: ${os.cpus().length}   every server and the load in processes of their own, all on these cores`)
  const dataDir = path.join(o.tmp, 'db')
  const prep = await openDb({ databaseUrl: o.databaseUrl, dataDir })
  await seedDemo(prep.sql, { dir: o.dataDir })
  await createDemoUsers(prep.sql, PASSWORD)
  const bbox = (await selectAreasExtent(prep.sql))!
  // The embedded engine is one process's: hand its folder over to the server process.
  await prep.close()
  const config: ServerProcessConfig = { databaseUrl: o.databaseUrl, dataDir }
  if (o.profileDir) fs.mkdirSync(o.profileDir, { recursive: true })

  // Tokens hold across processes (one signing key in the database): log in once, not per run.
  let tokens: { operator: string; worker: string } | undefined
  const warmed = new WeakSet<ServerProcess>()
  const run: Run = async (label, servers, shape = FANOUT, hooks = {}) => {
    const { headSeq } = await servers[0].stats()
    tokens ??= {
      operator: (await loginAs(servers[0].url, 'operator', PASSWORD)).token,
      worker: (await loginAs(servers[0].url, 'worker', PASSWORD)).token,
    }
    const urls = servers.map((s) => s.url)
    const listeners = await startListeners(
      { kind: 'reports', urls, clients: shape.clients, operatorToken: tokens.operator, since: headSeq, windowSeconds: shape.windowSeconds },
      hooks.onWindow,
    )
    const schedule = { urls, workerToken: tokens.worker, bbox, rate: shape.rate, seconds: shape.seconds, maxInFlight: MAX_IN_FLIGHT }
    // A server process's first run warms it longer (see warmUp); later runs one second.
    const fresh = servers.filter((s) => !warmed.has(s))
    for (const s of fresh) warmed.add(s)
    await warmUp(schedule, fresh.length ? WARM_UP_SECONDS : 1)
    listeners.measure()
    hooks.onStart?.()
    const start = clock()
    const posted = await postReports(schedule, listeners.sent)
    const heard = await listeners.finish(posted.accepted, 15_000)
    return { label, ...posted, ...heard, seconds: (clock() - start) / 1000 }
  }
  const startProcesses = (n: number, redisUrl?: string) =>
    Promise.all(Array.from({ length: n }, () => startServerProcess({ ...config, redisUrl }, { profileDir: o.profileDir })))

  if (o.soak) return runSoak(o, startProcesses, run)
  if (o.killOnly && !o.databaseUrl) throw new Error('--kill needs --database-url: the embedded engine serves one process')

  const summary: string[] = []
  const verdict = (f: Figures) =>
    `receipt p99 ${fmt(p99(f.latencies))} ms = ${fmt(p99(f.latencies) / bareP99)}× bare (${fmt(bareP99)} ms); POST p99 ${fmt(p99(f.postMs))} ms; ` +
    `${f.delivered}/${f.expected} delivered, ${f.duplicates} duplicates, ${f.outOfOrder} out of order, ${f.behind} slips`
  // One process: fan-out, the bare floor right after, intake steps, busy hour.
  let bareP99 = NaN
  if (!o.killOnly) {
    const [one] = await startProcesses(1)
    const fanOne = await run('one server process: fan-out', [one])
    print(fanOne)
    const sample = (await runSample(one.url, tokens!.operator)) ?? {}
    const bare = await runBareBroadcast(sample)
    print(bare)
    bareP99 = p99(bare.latencies)
    summary.push(`one process, fan-out: ${verdict(fanOne)}`)
    summary.push(`one process, intake: ${await runIntakeSteps('one server process', [one], run)}`)
    const busy = await run(`one server process: busy hour, ${BUSY_HOUR.clients} clients at ${BUSY_HOUR.rate} reports/s`, [one], BUSY_HOUR)
    print(busy)
    summary.push(`one process, busy hour (${BUSY_HOUR.clients} clients, ${BUSY_HOUR.rate}/s): receipt p50 / p99 ${fmt(percentile(busy.latencies, 50))} / ${fmt(p99(busy.latencies))} ms, ${busy.delivered}/${busy.expected}`)
    await one.close()
  }

  if (!o.databaseUrl && !o.oneOnly) {
    console.log('\n— two server processes: need a PostgreSQL server (--database-url URL); the embedded engine serves one process')
  } else if (!o.oneOnly) {
    const adapters: [string, string | undefined][] = [['Postgres adapter', undefined]]
    if (o.redisUrl) adapters.push(['Redis Streams adapter', o.redisUrl])
    else console.log('\n(the Redis Streams adapter is compared when --redis-url URL is given)')
    for (const [name, redisUrl] of adapters) {
      const pair = await startProcesses(2, redisUrl)
      if (!o.killOnly) {
        const fan = await run(`two server processes (${name}): fan-out, clients and posts split between them`, pair)
        print(fan)
        summary.push(`two processes (${name}), fan-out: ${verdict(fan)}`)
        summary.push(`two processes (${name}), intake: ${await runIntakeSteps(`two processes (${name})`, pair, run)}`)
      }
      const killed = await run(`two server processes (${name}): one killed with SIGKILL 4 s into the run`, pair, FANOUT, {
        onStart: () => setTimeout(() => void pair[1].kill(), 4000),
      })
      print(killed)
      summary.push(`two processes (${name}), kill -9 of one: ${killed.delivered}/${killed.expected} delivered, ${killed.duplicates} duplicates, ${killed.outOfOrder} out of order, ${killed.failovers} clients moved (back in p50 / max ${fmt(percentile(killed.failoverMs, 50))} / ${fmt(Math.max(...killed.failoverMs))} ms); receipt p99 ${fmt(p99(killed.latencies))} ms`)
      await Promise.all(pair.map((s) => s.close()))
    }
  }
  console.log(`\n=== summary (${engine})`)
  for (const line of summary) console.log(`  ${line}`)
}

/** The newest issue, as a sample payload of the bare broadcast. */
async function runSample(url: string, token: string): Promise<unknown> {
  const res = await fetch(`${url}/api/issues?limit=1`, { headers: { Authorization: `Bearer ${token}` } })
  return ((await res.json()) as { issues: unknown[] }).issues[0]
}

/** A load's size; `windowSeconds` also reports figures every so many seconds. */
type Shape = { clients: number; rate: number; seconds: number; windowSeconds?: number }
type Run = (label: string, servers: ServerProcess[], shape?: Shape, hooks?: { onStart?: () => void; onWindow?: (w: LoadWindow) => void }) => Promise<Figures>

/** Steps the rate up with few clients until POST or receipt p99 passes 100 ms or the generator slips; returns the verdict. */
async function runIntakeSteps(label: string, servers: ServerProcess[], run: Run): Promise<string> {
  console.log(`\n— ${label}: intake with ${INTAKE_CLIENTS} clients, ${INTAKE_SECONDS} s a step`)
  row('reports/s', 'POST p50 / p99', 'receipt p50 / p99', 'slips, delivered')
  let best = 0
  for (const rate of INTAKE_RATES) {
    const f = await run(label, servers, { clients: INTAKE_CLIENTS, rate, seconds: INTAKE_SECONDS })
    const ok = p99(f.postMs) <= 100 && p99(f.latencies) <= 100 && f.behind === 0 && f.delivered === f.expected && f.duplicates === 0
    row(rate, `${fmt(percentile(f.postMs, 50))} / ${fmt(p99(f.postMs))}`, `${fmt(percentile(f.latencies, 50))} / ${fmt(p99(f.latencies))}`, `${f.behind}, ${fmt((100 * f.delivered) / f.expected)} %${ok ? '' : '  ✗'}`)
    if (!ok) break
    best = rate
  }
  return best ? `sustains ${best} reports/s (p99 ≤ 100 ms, no slips)${best === INTAKE_RATES[INTAKE_RATES.length - 1] ? ', the highest step tried' : ''}` : `not even ${INTAKE_RATES[0]} reports/s`
}

/** The soak: every 30 s each process's memory, the replay query and the relay's lag, and the load's figures. */
async function runSoak(o: RealtimeBenchOptions, startProcesses: (n: number, redisUrl?: string) => Promise<ServerProcess[]>, run: Run): Promise<void> {
  const n = o.databaseUrl ? 2 : 1
  const servers = await startProcesses(n, o.redisUrl)
  const adapter = servers[0].adapter ?? 'none'
  console.log(`\n— soak: ${n} process(es) (adapter: ${adapter}), ${SOAK.clients} clients, ${SOAK.rate} reports/s for ${o.minutes} min`)
  row('minute', 'RSS MB (each)', 'heap MB (each)', 'replay query ms', 'relay lag (events)', 'receipt p50 / p99')
  const samples: { rss: number[]; heap: number[]; query: number; lag: number; p99: number }[] = []
  let lastWindow: LoadWindow | undefined
  const soakStart = performance.now()
  const sampler = setInterval(() => {
    void Promise.all(servers.map((s) => s.stats())).then((stats) => {
      const w = lastWindow
      const sample = {
        rss: stats.map((s) => s.rssMb),
        heap: stats.map((s) => s.heapMb),
        query: Math.max(...stats.map((s) => s.logQueryMs)),
        lag: Math.max(...stats.map((s) => s.headSeq - s.relayedSeq)),
        p99: w?.p99 ?? NaN,
      }
      samples.push(sample)
      row(fmt((performance.now() - soakStart) / 60_000), sample.rss.map(fmt).join(' '), sample.heap.map(fmt).join(' '), fmt(sample.query), sample.lag, w ? `${fmt(w.p50)} / ${fmt(w.p99)}` : '–')
    })
  }, 30_000)
  const f = await run('soak', servers, { clients: SOAK.clients, rate: SOAK.rate, seconds: o.minutes * 60, windowSeconds: 30 }, {
    onWindow: (w) => (lastWindow = w),
  })
  clearInterval(sampler)
  f.label = `soak: ${o.minutes} min`
  print(f)
  const third = Math.max(1, Math.floor(samples.length / 3))
  const mean = (xs: number[]) => {
    const known = xs.filter((x) => Number.isFinite(x))
    return known.reduce((a, b) => a + b, 0) / known.length
  }
  const growth = (pick: (s: (typeof samples)[number]) => number) => {
    const first = mean(samples.slice(0, third).map(pick))
    const last = mean(samples.slice(-third).map(pick))
    return `${fmt(first)} → ${fmt(last)} (${last >= first ? '+' : ''}${fmt((100 * (last - first)) / first)} %)`
  }
  console.log('\ngrowth, mean of the first third of the samples → mean of the last third:')
  for (let i = 0; i < n; i++) {
    console.log(`  process ${i + 1}: RSS ${growth((s) => s.rss[i])} MB, heap ${growth((s) => s.heap[i])} MB`)
  }
  console.log(`  replay query ${growth((s) => s.query)} ms, receipt p99 ${growth((s) => s.p99)} ms, relay lag max ${Math.max(...samples.map((s) => s.lag))} events`)
  await Promise.all(servers.map((s) => s.close()))
}
