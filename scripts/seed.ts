// `npm run seed`: loads the committed demo dataset (geodata/) into the configured database.
import { seedDemo } from '../server/import/seed-demo.js'
import { createDemoUsers, formatDemoAccounts, resolveDemoPassword } from '../server/auth/demo-users.js'
import { readConfig } from '../server/config.js'
import { createProgressBar, openConfiguredDb, parseCli } from './lib/cli.js'
import { writeHistoryInBulk } from '../server/demo/bulk-write-history.js'
import { loadTimeLimits } from '../server/issues/time-limits.js'
import { DEFAULT_TIME_ZONE } from '../core/domain/city-time.js'

const usage = `Usage: npm run seed [-- --dir DIR] [-- --if-empty] [-- --demo-users] [-- --only-users] [-- --history DAYS [--per-day N]]

Loads the Bijiang demo dataset (facility types, areas, facilities, demand points) into the database
(DATABASE_URL, or the embedded one in DATA_DIR). Rows are upserted by code, so running it again changes
nothing. --if-empty seeds only a database with no areas (what npm start does).

Options:
  --dir DIR     folder with facility-types.json, areas.geojson, facilities.geojson, demand-points.geojson (default geodata/)
  --if-empty    do nothing when the database already has areas
  --demo-users  also create (or reset) the demo accounts — admin, operator, planner, worker,
                leader-<street code> — with DEMO_PASSWORD, or a generated password that is printed
  --only-users  create the demo accounts and load no data
  --history DAYS  then write DAYS of synthetic issues and their event log, ending now, into an empty log
                (a fresh database): the same generator as the demo's first start, written with COPY.
                With --dir .data/tongren (npm run generate-demo -- --scale tongren) and --per-day 5500,
                365 days are a city's year: about 2 million issues and 10 million events
  --per-day N   reports a day, before the weekly rhythm, the seasons and the hotspots (default 100)
  --help        this text`

const { values } = parseCli(usage, {
  dir: { type: 'string' },
  'if-empty': { type: 'boolean', default: false },
  'demo-users': { type: 'boolean', default: false },
  'only-users': { type: 'boolean', default: false },
  history: { type: 'string' },
  'per-day': { type: 'string' },
})
const historyDays = values.history === undefined ? 0 : Number(values.history)
const perDay = values['per-day'] === undefined ? 100 : Number(values['per-day'])
if (!(Number.isInteger(historyDays) && historyDays >= 0 && historyDays <= 3660) || !(perDay > 0 && perDay <= 1_000_000)) {
  console.error(`--history: a number of days (0–3660); --per-day: reports a day (1–1,000,000)\n\n${usage}`)
  process.exit(2)
}
const db = await openConfiguredDb()
const bars = new Map<string, ReturnType<typeof createProgressBar>>()
try {
  if (!values['only-users']) await seedData()
  if (values['demo-users'] || values['only-users']) {
    const config = readConfig()
    const { password } = resolveDemoPassword(config.demoPassword, config.dataDir)
    console.log(formatDemoAccounts(await createDemoUsers(db.sql, password), password))
  }
  if (historyDays > 0) await seedHistory()
} catch (err) {
  console.error((err as Error).message)
  process.exitCode = 1
} finally {
  await db.close()
}

async function seedData() {
  const reports = await seedDemo(db.sql, {
    dir: values.dir,
    force: !values['if-empty'],
    onProgress: (m) => {
      for (const bar of bars.values()) bar.stop()
      console.log(m)
    },
    onStageProgress: (kind, done, total) => {
      if (!bars.has(kind)) bars.set(kind, createProgressBar(`staging ${kind}`))
      bars.get(kind)!.update(done, total)
    },
  })
  if (!reports) console.log('the database already has areas; nothing to do (--if-empty)')
}

async function seedHistory() {
  const bar = createProgressBar('history: days')
  const result = await writeHistoryInBulk(db.sql, {
    days: historyDays,
    perDay,
    end: new Date(),
    timeZone: DEFAULT_TIME_ZONE,
    limits: await loadTimeLimits(db.sql),
    onPhase: (m) => {
      bar.stop()
      console.log(`history: ${m}`)
    },
    onDays: (done, total) => bar.update(done, total),
  })
  bar.stop()
  const [size] = await db.sql<{ bytes: string }[]>`SELECT pg_database_size(current_database())::text AS bytes`
  console.log(
    `history: ${result.issues.toLocaleString('en')} issues (${result.open.toLocaleString('en')} open), ${result.events.toLocaleString('en')} events in ${result.seconds.toFixed(1)} s; ` +
      `database ${(Number(size.bytes) / 2 ** 30).toFixed(2)} GiB`,
  )
  console.log(`history: ${Object.entries(result.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`)
}
