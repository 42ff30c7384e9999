// `npm run seed`: loads the committed demo dataset (geodata/) into the configured database.
import { seedDemo } from '../server/import/seed-demo.js'
import { createDemoUsers, formatDemoAccounts, resolveDemoPassword } from '../server/auth/demo-users.js'
import { readConfig } from '../server/config.js'
import { createProgressBar, openConfiguredDb, parseCli } from './lib/cli.js'

const usage = `Usage: npm run seed [-- --dir DIR] [-- --if-empty] [-- --demo-users] [-- --only-users]

Loads the Bijiang demo dataset (facility types, areas, facilities, demand points) into the database
(DATABASE_URL, or the embedded one in DATA_DIR). Rows are upserted by code, so running it again changes
nothing. --if-empty seeds only a database with no areas (what npm start does).

Options:
  --dir DIR     folder with facility-types.json, areas.geojson, facilities.geojson, demand-points.geojson (default geodata/)
  --if-empty    do nothing when the database already has areas
  --demo-users  also create (or reset) the demo accounts — admin, operator, planner, worker,
                leader-<street code> — with DEMO_PASSWORD, or a generated password that is printed
  --only-users  create the demo accounts and load no data
  --help        this text`

const { values } = parseCli(usage, {
  dir: { type: 'string' },
  'if-empty': { type: 'boolean', default: false },
  'demo-users': { type: 'boolean', default: false },
  'only-users': { type: 'boolean', default: false },
})
const db = await openConfiguredDb()
const bars = new Map<string, ReturnType<typeof createProgressBar>>()
try {
  if (!values['only-users']) await seedData()
  if (values['demo-users'] || values['only-users']) {
    const config = readConfig()
    const { password } = resolveDemoPassword(config.demoPassword, config.dataDir)
    console.log(formatDemoAccounts(await createDemoUsers(db.sql, password), password))
  }
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
