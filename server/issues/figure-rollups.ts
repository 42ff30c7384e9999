// Keeps the figures' day, week and hour rows (migrations 0009, 0025, 0013) and the hotspots' cell counts (0012)
// current from the event log. Each run takes the
// events after `rolled_up_seq` (at most BATCH of them), reads the logs of the issues they touch,
// and adds to the day rows each issue's items after those events minus its items before them —
// then moves `rolled_up_seq`, in the same transaction, so every event is rolled up exactly once.
// Every process runs it once a second; the state row's lock (SKIP LOCKED) lets one at a time in.
// The lag is what a period's figures add raw (read-figures.ts), so they are exact at any lag.
import { FigureDayRows, weekRowsOf, type FigureGrain } from '../../core/domain/figure-day-rows.js'
import { getIssueItems, type FigureItem } from '../../core/domain/issue-contribution.js'
import type { Stage } from '../../core/domain/issue-lifecycle.js'
import type { TriageColour } from '../../core/domain/triage.js'
import type { Sql } from '../db/client.js'
import { addFigureDayRows, insertRollupState, resetRollups, selectIssueLogsChanged, selectRollupState, updateRolledUpSeq, type IssueLog } from '../db/queries/figure-rollups.js'
import { addCellDays } from '../db/queries/hotspots.js'
import { selectHeadSeq } from '../db/queries/issue-events.js'

export type StageLimits = Record<TriageColour, Record<Stage, number>>

/** Events rolled up in one transaction: small enough that the embedded engine's one connection is not held long. */
const BATCH = 2000
/** How often each process looks for new events. */
export const ROLLUP_PERIOD_MS = 1000

/** The issue's items with its events up to `upTo` (none when it had no event by then). */
export function getLogItems(log: IssueLog, upTo: number, limits: StageLimits): FigureItem[] {
  const events = log.events.filter((e) => e.seq <= upTo)
  if (events.length === 0) return []
  const last = events[events.length - 1]
  return getIssueItems({ status: last.toStatus, colour: log.colour, reportedAt: log.reportedAt, streetCode: log.streetCode, department: last.department }, events, limits)
}

/** Where the issue's items are kept with its events up to `upTo`. */
export function getLogKey(log: IssueLog, upTo: number) {
  const events = log.events.filter((e) => e.seq <= upTo)
  return { districtCode: log.districtCode ?? '', streetCode: log.streetCode ?? '', department: events[events.length - 1]?.department ?? '' }
}

/** What the events in (after, upTo] of these logs change in the day (or hour) rows; `keep` filters the items (by date). */
export function getLogDelta(
  logs: IssueLog[],
  after: number,
  upTo: number,
  o: { timeZone: string; limits: StageLimits; keep?: (item: FigureItem) => boolean; grain?: FigureGrain },
): FigureDayRows {
  const rows = new FigureDayRows(o.timeZone, o.grain)
  for (const log of logs) {
    rows.add(getLogKey(log, after), getLogItems(log, after, o.limits), -1, o.keep)
    rows.add(getLogKey(log, upTo), getLogItems(log, upTo, o.limits), 1, o.keep)
  }
  return rows
}

/**
 * Rolls up what the log holds beyond the rollups (up to `upTo` when given), in batches; returns the
 * events rolled up (0 when another process holds the state, or nothing is new).
 */
export async function rollUpFigures(sql: Sql, o: { timeZone: string; limits: StageLimits; batch?: number; upTo?: number }): Promise<number> {
  // A look first, reading only: most runs find nothing new, and a write (the state row's lock, a
  // commit) would cost the embedded engine's one connection a WAL flush every second.
  const seen = await selectRollupState(sql)
  if (!seen) await insertRollupState(sql, o.timeZone)
  else if (seen.timeZone === o.timeZone && seen.rolledUpSeq >= Math.min(await selectHeadSeq(sql), o.upTo ?? Infinity)) return 0
  let done = 0
  for (;;) {
    const n = await sql.begin(async (tx) => {
      const state = await selectRollupState(tx, { lock: true })
      if (!state) return 0
      if (state.timeZone !== o.timeZone) {
        await resetRollups(tx, o.timeZone)
        state.rolledUpSeq = 0
      }
      const head = Math.min(await selectHeadSeq(tx), o.upTo ?? Infinity)
      const upTo = Math.min(head, state.rolledUpSeq + (o.batch ?? BATCH))
      if (upTo <= state.rolledUpSeq) return 0
      const logs = await selectIssueLogsChanged(tx, state.rolledUpSeq, upTo)
      const dayRows = getLogDelta(logs, state.rolledUpSeq, upTo, o).list()
      await addFigureDayRows(tx, dayRows)
      await addFigureDayRows(tx, weekRowsOf(dayRows), 'week')
      await addFigureDayRows(tx, getLogDelta(logs, state.rolledUpSeq, upTo, { ...o, grain: 'hour' }).list(), 'hour')
      await addCellDays(tx, { after: state.rolledUpSeq, upTo }, o.timeZone)
      await updateRolledUpSeq(tx, upTo)
      return upTo - state.rolledUpSeq
    })
    if (n === 0) return done
    done += n
  }
}

/** Runs rollUpFigures now and every ROLLUP_PERIOD_MS until stopped; a failed run is logged and tried again. */
export function startFigureRollups(sql: Sql, o: { timeZone: string; limits: StageLimits; onError: (err: unknown) => void; periodMs?: number }) {
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  const tick = () => {
    running = rollUpFigures(sql, o)
      .catch((err) => stopped || o.onError(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.periodMs ?? ROLLUP_PERIOD_MS)
      })
  }
  tick()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
