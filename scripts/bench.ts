// `npm run bench -- [foundation|realtime|coverage|plan|console|wall|history|network] [--data DIR] [--database-url URL] [--redis-url URL] [--soak] [--minutes N] [--profile DIR] [--keep]`: benchmarks
// that print figures and ratios, on a fresh embedded PostGIS in a temp folder (or a server with
// --database-url). Bounded: a fixed number of requests and clients, all on 127.0.0.1.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDb } from '../server/db/client.js'
import { GEODATA_DIR, seedDemo } from '../server/import/seed-demo.js'
import { execFileSync } from 'node:child_process'
import { runCoverageBench } from './bench/coverage.js'
import { runFoundationBench } from './bench/foundation.js'
import { runPlanBench } from './bench/plan.js'
import { runConsoleBench } from './bench/console.js'
import { runRealtimeBench } from './bench/realtime.js'
import { runWallSoak } from './bench/wall.js'
import { runHistoryBench } from './bench/history.js'
import { runNetworkBench } from './bench/network.js'
import { parseCli } from './lib/cli.js'

const SUITES = ['foundation', 'realtime', 'coverage', 'plan', 'console', 'wall', 'history', 'network'] as const
/** The coverage suite's default dataset: the Tongren-scale one, generated on first use. */
const TONGREN_DIR = path.resolve('.data/tongren')

const usage = `Usage: npm run bench -- [foundation|realtime|coverage|plan|console|wall|history|network] [--data DIR] [--database-url URL] [--redis-url URL] [--soak] [--kill] [--one] [--minutes N] [--profile DIR] [--keep] [--days N] [--per-day N]

foundation (the default):
  import    features/s for areas, facilities and demand points (one transaction each)
  tiles     ms per vector tile, cold (PostGIS + encoder) vs cached, over every tile of the data at z12–z14
  api       p50/p99 latency of the read endpoints (200 requests each)
realtime (every server and the load in processes of their own):
  fan-out: 200 Socket.IO clients, 100 reports/s for 10 s: delivered events (%, duplicates, order),
  POST and POST → receipt p50/p99, schedule slips, against a bare Socket.IO broadcast of the same
  load; intake: 20 clients, the rate stepped up (100…1,000/s, 5 s a step) to the highest with p99
  ≤ 100 ms and no slips; busy hour: 500 clients at 5 reports/s. With --database-url also two server
  processes (Postgres adapter, and Redis Streams with --redis-url): fan-out, intake, and one of the
  two killed with SIGKILL mid-run (its clients move to the other and replay).
  --soak [--minutes N]: 100 clients at 20 reports/s for N minutes (two processes on a server):
  each process's RSS and heap, the replay query's time and the relay's lag every 30 s, and their
  growth from the first to the last third
coverage (on .data/tongren by default, generated when missing):
  each core/analysis step in Node (index, unserved points, area coverage, the full analysis, moving
  one station, suggesting 10 sites), the unserved step on 1,000,000 points (cold, facilities
  changed, against a haversine brute force), the same answers through PostGIS, and the naive Turf
  method (union of every circle, difference per grid; on a sample, scaled) for the ratio
plan (the demo data, headless Chromium at /usr/bin/chromium or CHROMIUM_PATH):
  the /plan page: full analyses (a tier changed) and a station moved step by step, each timed in
  the worker, to the figures on the page and to the page drawn (p50/p95); a 60-move drag; the
  longest frame while the worker suggests 20 sites; --data DIR opens it on another dataset
  (e.g. --data .data/tongren: the worker walks Tongren's 176,609 edges)
console (the demo data, headless Chromium):
  the operator console with 10,000 issues on the map while reports arrive at 20/s for 10 s: POST →
  pin drawn p50/p99, and the page's frames meanwhile
wall (the demo data, headless Chromium; --minutes, default 10):
  the soak of the district's wall touring its hotspots while the simulator posts 2 reports/s:
  JS heap, DOM nodes and listeners every 30 s after a forced GC, the issues held, tour stops and
  red alerts, and the heap's growth from the first to the last third of the run
history (on .data/tongren, generated when missing):
  a city's year (--days, default 365, at --per-day reports a day, default 5,500: about 2 million
  issues), written once by npm run seed's bulk writer and kept in .data/bench-history (or in the
  --database-url database) for later runs; then over HTTP: the figures of the city (30 days), a
  street (7 days) and a grid (30 days), each beside the in-memory method it replaced; the city's
  hotspots (30 days); the console's and the wall's start-up snapshots (time, bytes); POST
  /api/issues p50/p99 on a copy of the year (dropped after: the year is never posted to) against
  the same dataset with an empty log, in the same run; the console and the city's wall opened in
  headless Chromium on the year (time to ready, long animation frames for 15 s after; screenshots
  in .data/bench-history/pages)
network (on .data/tongren by default, generated when missing, with its walking network):
  the graph's nodes, edges, build time and memory; the demand points snapped; the full network
  coverage of every station (15 min at 80 m/min) beside the circles', a station moved and a closure
  opened; with --database-url and pgRouting installed, pgr_drivingDistance from the stations'
  corners against walkFromSources on the same corners (nodes reached, worst difference, time ratio)
Options:
  --data DIR  dataset folder (default geodata/; e.g. .data/tongren after
              npm run generate-demo -- --scale tongren)
  --database-url URL  bench a PostgreSQL + PostGIS server instead; the dataset (and, for realtime,
              demo accounts and reports) are written into that database, so never point it at one
              whose data matters
  --redis-url URL  realtime: also compare the Redis Streams adapter (e.g. redis://127.0.0.1:6379);
              with --soak, the soak's processes use it
  --soak      realtime: the soak instead of the other runs
  --kill      realtime: only the kill -9 runs (two processes; needs --database-url)
  --one       realtime: only the runs of one process (fan-out, bare broadcast, intake, busy hour)
  --minutes N the wall's and the realtime soak's length (1–600, default 10)
  --profile DIR  realtime: a CPU profile (.cpuprofile) of each server process into DIR
  --keep      keep the temporary embedded database folder
Without --database-url: a new embedded PostGIS in a temp folder (DATABASE_URL is ignored).`

const { values, positionals } = parseCli(
  usage,
  {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    soak: { type: 'boolean', default: false },
    kill: { type: 'boolean', default: false },
    one: { type: 'boolean', default: false },
    minutes: { type: 'string', default: '10' },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    days: { type: 'string', default: '365' },
    'per-day': { type: 'string', default: '5500' },
  },
  true,
)
const suite = positionals[0] ?? 'foundation'
if (!SUITES.includes(suite as (typeof SUITES)[number]) || positionals.length > 1) {
  console.error(`unknown suite ${positionals.join(' ')}: choose ${SUITES.join(' or ')}\n\n${usage}`)
  process.exit(2)
}
if ((suite === 'coverage' || suite === 'history' || suite === 'network') && !values.data && !fs.existsSync(path.join(TONGREN_DIR, suite === 'network' ? 'roads.geojson' : 'demand-points.geojson'))) {
  console.error('generating the Tongren-scale dataset in .data/tongren (once)…')
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-demo.ts', '--scale', 'tongren'], { stdio: 'inherit' })
}
const dataDir = path.resolve(values.data ?? (suite === 'coverage' || suite === 'history' || suite === 'network' ? TONGREN_DIR : GEODATA_DIR))
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridpulse-bench-'))
const databaseUrl = values['database-url']
const minutes = Number(values.minutes)
if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 600)) {
  console.error(`--minutes must be a whole number from 1 to 600\n\n${usage}`)
  process.exit(2)
}
if (suite === 'history') {
  const days = Number(values.days)
  const perDay = Number(values['per-day'])
  if (!(Number.isInteger(days) && days >= 1 && days <= 3660 && perDay > 0)) {
    console.error(`--days: 1–3660; --per-day: a positive number\n\n${usage}`)
    process.exit(2)
  }
  await runHistoryBench({ dataDir, databaseUrl, cacheDir: path.resolve('.data/bench-history'), days, perDay, pagesDir: path.resolve('.data/bench-history/pages') })
  fs.rmSync(tmp, { recursive: true, force: true })
  process.exit(0)
}
if (suite === 'realtime') {
  // Its servers are processes of their own, each opening the database.
  try {
    await runRealtimeBench({
      tmp,
      dataDir,
      databaseUrl,
      redisUrl: values['redis-url'],
      soak: values.soak,
      killOnly: values.kill,
      oneOnly: values.one,
      minutes,
      profileDir: values.profile ? path.resolve(values.profile) : undefined,
    })
  } finally {
    if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true })
  }
  process.exit(0)
}
if (suite === 'plan' || suite === 'console' || suite === 'wall') {
  // The page's server opens its own database (a new embedded one in tmp, seeded with the demo).
  try {
    if (suite === 'wall') await runWallSoak(tmp, databaseUrl, minutes)
    else if (suite === 'plan') await runPlanBench(tmp, databaseUrl, values.data ? dataDir : undefined)
    else await runConsoleBench(tmp, databaseUrl)
  } finally {
    if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true })
  }
  process.exit(0)
}
const db = await openDb({ databaseUrl, dataDir: tmp })

try {
  if (suite === 'foundation') {
    await runFoundationBench(db, dataDir)
  } else {
    console.error(`importing ${dataDir}…`)
    // The network suite imports the dataset's walking network even into a database that has the areas already.
    await seedDemo(db.sql, { dir: dataDir, force: suite === 'network' })
    await (suite === 'network' ? runNetworkBench : runCoverageBench)(db)
  }
} finally {
  await db.close()
  if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true })
}
