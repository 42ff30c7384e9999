// Fills a database's grid day rows (migration 0027) from its event log: a database that had events
// before that migration keeps its grids' figures computed from their issues for the periods before
// it, until this runs (`npm run rollups -- grids`). In one transaction that holds the rollups' state
// row — the figures' job waits meanwhile, reports do not — it empties the grid rows, adds every
// issue's items as of the seq the rollups stand at, read a week of reports at a time, and marks
// them whole from the beginning. Refused while months are archived: their logs are gone, and their
// grids' items with them.
import { FigureDayRows } from '../../core/domain/figure-day-rows.js'
import type { Sql } from '../db/client.js'
import { addFigureDayRows, clearGridRollups, insertRollupState, lockRollupState, selectIssueLogsReportedIn, selectReportedRange, selectRollupState } from '../db/queries/figure-rollups.js'
import { selectArchivedMonths } from '../db/queries/issue-months.js'
import { getLogItems, getLogKey, type StageLimits } from './figure-rollups.js'

const WEEK_MS = 7 * 86_400_000
/** Rows sent in one statement. */
const CHUNK = 5000

export class GridFillRefused extends Error {}

export async function fillGridRollups(
  sql: Sql,
  o: { timeZone: string; limits: StageLimits; onProgress?: (done: number, total: number) => void },
): Promise<{ issues: number; rows: number; upTo: number }> {
  return sql.begin(async (tx) => {
    // Held to the end, so that no month is archived between this check and the fill.
    const archived = await selectArchivedMonths(tx, { lock: true })
    if (archived.length) throw new GridFillRefused(`the months ${archived.join(', ')} are archived: their issues' logs are not in the database, so the grids' rows cannot be filled whole (restore them first: npm run archive -- restore YYYY-MM)`)
    await insertRollupState(tx, o.timeZone)
    await lockRollupState(tx)
    const state = (await selectRollupState(tx))!
    if (state.timeZone !== o.timeZone) throw new GridFillRefused(`the rollups are kept in the time zone ${state.timeZone}, not ${o.timeZone}: start the server once to rebuild them`)
    const upTo = state.rolledUpSeq
    await clearGridRollups(tx, '-infinity')
    const range = await selectReportedRange(tx)
    if (!range.first || !range.last || upTo === 0) return { issues: 0, rows: 0, upTo }
    const rows = new FigureDayRows(o.timeZone)
    const [start, end] = [range.first.getTime(), range.last.getTime() + 1]
    let issues = 0
    for (let from = start; from < end; from += WEEK_MS) {
      for (const log of await selectIssueLogsReportedIn(tx, new Date(from), new Date(Math.min(from + WEEK_MS, end)), upTo)) {
        if (!log.gridCode) continue
        rows.add(getLogKey(log, upTo, true), getLogItems(log, upTo, o.limits))
        issues++
      }
      o.onProgress?.(Math.min(from + WEEK_MS, end) - start, end - start)
    }
    const list = rows.list()
    for (let i = 0; i < list.length; i += CHUNK) await addFigureDayRows(tx, list.slice(i, i + CHUNK), 'grid')
    return { issues, rows: list.length, upTo }
  })
}
