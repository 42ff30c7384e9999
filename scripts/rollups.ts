// `npm run rollups -- grids`: fills the grids' day rows of the figures (migration 0027) from the event
// log, for a database that had events before that migration (server/issues/fill-grid-rollups.ts).
// Works on the configured database directly (DATABASE_URL, or the embedded one in DATA_DIR, which a
// running `npm start` holds: stop it first, or run this against the server).
import { DEFAULT_TIME_ZONE } from '../core/domain/city-time.js'
import { GridFillRefused, fillGridRollups } from '../server/issues/fill-grid-rollups.js'
import { loadTimeLimits } from '../server/issues/time-limits.js'
import { createProgressBar, openConfiguredDbOrFail, parseCli } from './lib/cli.js'

const usage = `Usage: npm run rollups -- grids

The figures of a grid come from day rows per grid, kept by the server as events arrive. A database
that had events before those rows existed answers a grid's periods before then from its issues
(slower); this command fills the rows from the whole event log, in one transaction (the server's
figures job waits meanwhile; reports do not). Refused while months are archived.

  grids    fill the grids' day rows
  --help   this text`

const { positionals } = parseCli(usage, {}, true)
const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}
if (positionals[0] !== 'grids' || positionals.length > 1) fail(positionals[0] ? `unknown command ${positionals.join(' ')}` : 'which rollups? grids')

const db = await openConfiguredDbOrFail(fail)
const bar = createProgressBar('reading the log')
let code = 0
try {
  const started = performance.now()
  const filled = await fillGridRollups(db.sql, { timeZone: DEFAULT_TIME_ZONE, limits: await loadTimeLimits(db.sql), onProgress: (done, total) => bar.update(Math.round(done / 86_400_000), Math.round(total / 86_400_000)) })
  bar.stop()
  console.log(`filled ${filled.rows} grid day rows from ${filled.issues} issues (events up to seq ${filled.upTo}) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} catch (err) {
  bar.stop()
  if (!(err instanceof GridFillRefused)) throw err
  console.error(err.message)
  code = 1
} finally {
  await db.close()
}
process.exit(code)
