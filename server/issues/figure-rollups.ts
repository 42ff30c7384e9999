// Keeps the figures' day, week, hour and grid day rows (migrations 0009, 0025, 0013, 0027) and the hotspots' cell counts (0012)
// current from the event log. Each run takes the
// events after `rolled_up_seq` (at most BATCH of them), reads the logs of the issues they touch,
// and adds to the day rows each issue's items after those events minus its items before them —
// then moves `rolled_up_seq`, in the same transaction, so every event is rolled up exactly once.
// Every process runs it once a second; the state row's update claims a batch, so one process adds it.
// The lag is what a period's figures add raw (read-figures.ts), so they are exact at any lag.
import { FigureDayRows, weekRowsOf, type FigureGrain, type FigureRowKey } from '../../core/domain/figure-day-rows.js'
import { getIssueItems, type FigureItem } from '../../core/domain/issue-contribution.js'
import type { Stage } from '../../core/domain/issue-lifecycle.js'
import type { TriageColour } from '../../core/domain/triage.js'
import type { Sql } from '../db/client.js'
import { addFigureDayRows, claimRollupBatch, insertRollupState, resetRollups, selectIssueLogsChanged, selectRollupState, type IssueLog } from '../db/queries/figure-rollups.js'
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

/** Where the issue's items are kept with its events up to `upTo`; `byGrid`: in its grid's rows. */
export function getLogKey(log: IssueLog, upTo: number, byGrid = false): FigureRowKey {
  const events = log.events.filter((e) => e.seq <= upTo)
  const key: FigureRowKey = { districtCode: log.districtCode ?? '', streetCode: log.streetCode ?? '', department: events[events.length - 1]?.department ?? '' }
  if (byGrid) key.gridCode = log.gridCode ?? ''
  return key
}

/** What the events in (after, upTo] of these logs change in the day (or hour) rows; `keep` filters the items (by date). */
export function getLogDelta(
  logs: IssueLog[],
  after: number,
  upTo: number,
  o: { timeZone: string; limits: StageLimits; keep?: (item: FigureItem) => boolean; grain?: FigureGrain; byGrid?: boolean },
): FigureDayRows {
  const rows = new FigureDayRows(o.timeZone, o.grain)
  for (const log of logs) {
    rows.add(getLogKey(log, after, o.byGrid), getLogItems(log, after, o.limits), -1, o.keep)
    rows.add(getLogKey(log, upTo, o.byGrid), getLogItems(log, upTo, o.limits), 1, o.keep)
  }
  return rows
}

/**
 * Rolls up what the log holds beyond the rollups (up to `upTo` when given), in batches; returns the
 * events this process rolled up (0 when nothing is new).
 */
export async function rollUpFigures(sql: Sql, o: { timeZone: string; limits: StageLimits; batch?: number; upTo?: number }): Promise<number> {
  // Most runs find nothing new and end after three small reads, writing nothing (a commit would cost the
  // embedded engine's one connection a WAL flush every second).
  if (!(await selectRollupState(sql))) await insertRollupState(sql, o.timeZone)
  // Up to the head as it stands now: chasing events that arrive meanwhile kept a busy engine's job
  // running without a pause, a few events a batch, each batch paying the whole round.
  const target = Math.min(await selectHeadSeq(sql), o.upTo ?? Infinity)
  let done = 0
  for (;;) {
    // Read and summed outside any transaction; then written in one whose first statement claims the
    // batch. On the embedded engine a transaction holds the one connection: held across the reads,
    // the summing and eight round trips, it kept every report waiting behind it (README, "The live
    // feed"). The seqs are gapless in commit order, so the events up to the head are all there.
    const state = await selectRollupState(sql)
    if (!state) return done
    if (state.timeZone !== o.timeZone) {
      await sql.begin(async (tx) => {
        const locked = await selectRollupState(tx, { lock: true })
        if (locked && locked.timeZone !== o.timeZone) await resetRollups(tx, o.timeZone)
      })
      continue
    }
    const after = state.rolledUpSeq
    const upTo = Math.min(target, after + (o.batch ?? BATCH))
    if (upTo <= after) return done
    const logs = await selectIssueLogsChanged(sql, after, upTo)
    const dayRows = getLogDelta(logs, after, upTo, o).list()
    const weekRows = weekRowsOf(dayRows)
    const hourRows = getLogDelta(logs, after, upTo, { ...o, grain: 'hour' }).list()
    const gridRows = getLogDelta(logs, after, upTo, { ...o, byGrid: true }).list()
    const claimed = await sql.begin(async (tx) => {
      // Another process that rolled these events up first (or moved the time zone) wins: nothing is added twice.
      if (!(await claimRollupBatch(tx, { after, upTo, timeZone: o.timeZone }))) return false
      // Sent together: one round trip for the five tables.
      await Promise.all([
        addFigureDayRows(tx, dayRows),
        addFigureDayRows(tx, weekRows, 'week'),
        addFigureDayRows(tx, hourRows, 'hour'),
        addFigureDayRows(tx, gridRows, 'grid'),
        addCellDays(tx, { after, upTo }, o.timeZone),
      ])
      return true
    })
    if (!claimed) continue
    done += upTo - after
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
