// `npm run archive`: the retention policy of the issues and their event log (migration 0018,
// server/issues/archive-months.ts). Lists each month with what the rule says of it; with --apply
// writes every month the rule lets go to files and takes it out of the database; `restore MONTH`
// puts one back. Works on the configured database directly (DATABASE_URL, or the embedded one in
// DATA_DIR, which a running `npm start` holds: stop it first, or run this against the server).
import path from 'node:path'
import { DEFAULT_KEEP_MONTHS } from '../core/domain/issue-retention.js'
import { readConfig } from '../server/config.js'
import { ArchiveRefused, archiveMonth, judgeMonths, restoreMonth } from '../server/issues/archive-months.js'
import { openConfiguredDbOrFail, parseCli } from './lib/cli.js'

const usage = `Usage: npm run archive [-- --keep-months N] [-- --dir DIR] [-- --apply]
       npm run archive -- restore YYYY-MM [--dir DIR]

The issues and their event log are kept by month (the month an issue was reported, UTC). A month is
archived once it ended N months ago (default ${DEFAULT_KEEP_MONTHS}), every issue in it is finished (closed, rejected
or merged) and none changed in the last N months, and its figures are in the rollups. Archiving writes
the month's issues, events, photo links and the photos no other issue links to DIR/YYYY-MM/ (PostgreSQL
COPY text, gzipped, with manifest.json: columns, row counts, sha256), checks them, then detaches and
drops the month's tables in one transaction. The figures of the city, its districts and streets stay
(rollups; a grid's once 'npm run rollups -- grids' has filled its rows); a community's or a person's
figures over an archived month are refused (410).

  (no command)      list the months and what the rule says of each; nothing is changed
  --apply           archive every month the rule lets go
  --keep-months N   months to keep (3–120, default ${DEFAULT_KEEP_MONTHS})
  --dir DIR         where the archives are (default DATA_DIR/archive)
  restore YYYY-MM   put an archived month back from DIR/YYYY-MM (into an empty month)
  --help            this text`

const { values, positionals } = parseCli(usage, { 'keep-months': { type: 'string' }, dir: { type: 'string' }, apply: { type: 'boolean' } }, true)
const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}
const keepMonths = Number(values['keep-months'] ?? DEFAULT_KEEP_MONTHS)
// At least 3: the wall's hotspots compare a window with the one before it (up to 60 days back), and read both raw at their edges.
if (!Number.isInteger(keepMonths) || keepMonths < 3 || keepMonths > 120) fail(`--keep-months: a whole number of months from 3 to 120, not ${values['keep-months']}`)
const [command, month] = positionals
if (command !== undefined && command !== 'restore') fail(`unknown command ${command}`)
if (command === 'restore' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month ?? '')) fail('restore: which month? YYYY-MM, e.g. 2025-01')
const dir = path.resolve(values.dir ?? path.join(readConfig().dataDir, 'archive'))

const db = await openConfiguredDbOrFail(fail)
const { sql } = db
let code = 0
try {
  if (command === 'restore') {
    const m = await restoreMonth(sql, month!, dir)
    console.log(`restored ${month}: ${m.tables.issues.rows} issues, ${m.tables.events.rows} events, ${m.tables.photoLinks.rows} photo links, ${m.tables.photos.rows} photos from ${path.join(dir, month!)}`)
  } else {
    const judged = await judgeMonths(sql, { keepMonths })
    for (const { month: m, verdict } of judged) {
      const what = `${m.month}  ${String(m.issues).padStart(9)} issues ${String(m.events).padStart(10)} events  `
      if (!verdict.archivable) {
        console.log(`${what}kept: ${verdict.reason}`)
        continue
      }
      if (!values.apply) {
        console.log(`${what}to archive (run with --apply)`)
        continue
      }
      const started = performance.now()
      const manifest = await archiveMonth(sql, m.month, dir, { keepMonths })
      console.log(`${what}archived to ${path.join(dir, m.month)} in ${((performance.now() - started) / 1000).toFixed(1)} s (${manifest.tables.photos.rows} photos)`)
    }
  }
} catch (err) {
  if (!(err instanceof ArchiveRefused)) throw err
  console.error(err.message)
  code = 1
} finally {
  await db.close()
}
process.exit(code)
