// SQL of the figures' rollups (migration 0009): their state, the logs of the issues that changed in
// a seq range or that have items in a time range, the day rows added in, and the sums a period reads.
import type { IssueStatus } from '../../../core/domain/issue-lifecycle.js'
import type { FigureDayRow, RollupGrain } from '../../../core/domain/figure-day-rows.js'
import { toBucketList } from '../../../core/domain/minutes-histogram.js'
import type { TriageColour } from '../../../core/domain/triage.js'
import type postgres from 'postgres'
import type { Sql, Tx } from '../client.js'
import { selectArchivedMonths } from './issue-months.js'

type Db = Sql | Tx

export interface RollupState {
  rolledUpSeq: number
  timeZone: string
  /** The hour rows hold every item dated from this instant on (earlier hours are read from the day rows or raw). */
  hoursFrom: Date
  /** The grid day rows hold every item dated from this instant on (a grid's earlier periods are computed from its issues). */
  gridsFrom: Date
}

/** The rollups' state; with `lock`, only when no other process holds it (undefined then). */
export async function selectRollupState(db: Db, { lock = false } = {}): Promise<RollupState | undefined> {
  type Row = { seq: string; time_zone: string; hours_from: Date | string; grids_from: Date | string }
  const [row] = lock
    ? await db<Row[]>`SELECT rolled_up_seq::text AS seq, time_zone, hours_from, grids_from FROM issue_figure_rollup FOR UPDATE SKIP LOCKED`
    : await db<Row[]>`SELECT rolled_up_seq::text AS seq, time_zone, hours_from, grids_from FROM issue_figure_rollup`
  // '-infinity' comes back as text (or an invalid Date): every hour (or day) is whole then.
  const instant = (v: Date | string) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : new Date(-8.64e15))
  return row && { rolledUpSeq: Number(row.seq), timeZone: row.time_zone, hoursFrom: instant(row.hours_from), gridsFrom: instant(row.grids_from) }
}

/** Creates the state on first use (nothing rolled up yet). */
export async function insertRollupState(db: Db, timeZone: string): Promise<void> {
  await db`INSERT INTO issue_figure_rollup (rolled_up_seq, time_zone) VALUES (0, ${timeZone}) ON CONFLICT DO NOTHING`
}

/** Empties the rollups to start over in another time zone; refused once months are archived (their log is gone, their rollups are all that is left of them). */
export async function resetRollups(tx: Tx, timeZone: string): Promise<void> {
  const archived = await selectArchivedMonths(tx)
  if (archived.length) {
    throw new Error(`the figures' rollups cannot be rebuilt in the time zone ${timeZone}: the months ${archived.join(', ')} are archived, and their rollups are all that is left of their figures (restore them first: npm run archive -- restore YYYY-MM)`)
  }
  await tx`DELETE FROM issue_figure_days`
  await tx`DELETE FROM issue_figure_minutes`
  await tx`DELETE FROM issue_figure_hours`
  await tx`DELETE FROM issue_figure_hour_minutes`
  await tx`DELETE FROM issue_figure_weeks`
  await tx`DELETE FROM issue_figure_week_minutes`
  await tx`DELETE FROM issue_figure_grid_days`
  await tx`DELETE FROM issue_figure_grid_minutes`
  await tx`DELETE FROM issue_cell_days`
  await tx`UPDATE issue_figure_rollup SET rolled_up_seq = 0, time_zone = ${timeZone}, hours_from = '-infinity', grids_from = '-infinity'`
}

/**
 * Moves the rollups from `after` to `upTo` if they still stand at `after` in this time zone; false
 * when another process moved them first. The row stays locked until the transaction ends, so a
 * second claim of the same batch waits and then finds the seq moved.
 */
export async function claimRollupBatch(tx: Tx, b: { after: number; upTo: number; timeZone: string }): Promise<boolean> {
  const rows = await tx`UPDATE issue_figure_rollup SET rolled_up_seq = ${b.upTo} WHERE rolled_up_seq = ${b.after} AND time_zone = ${b.timeZone} RETURNING 1`
  return rows.length === 1
}

/** An issue with its log, as the figures read it. */
export interface IssueLog {
  id: string
  colour: TriageColour
  reportedAt: Date
  streetCode: string | null
  districtCode: string | null
  gridCode: string | null
  events: IssueLogEvent[]
}

export interface IssueLogEvent {
  seq: number
  type: string
  fromStatus: IssueStatus | null
  toStatus: IssueStatus
  at: Date
  rating: number | null
  /** The issue's department after this event. */
  department: string | null
}

/** The issues with an event in (after, upTo], each with its events up to upTo. */
export async function selectIssueLogsChanged(db: Db, after: number, upTo: number): Promise<IssueLog[]> {
  // None: not even planned (joining two partitioned tables took 5–6 ms to plan on a year, for nothing, on every figures request).
  if (upTo <= after) return []
  return selectIssueLogs(db, db`SELECT DISTINCT issue_id AS id, reported_at FROM issue_events WHERE seq > ${after} AND seq <= ${upTo}`, db`true`, upTo)
}

/** The issues reported in [from, to), each with its events up to upTo. */
export async function selectIssueLogsReportedIn(db: Db, from: Date, to: Date, upTo: number): Promise<IssueLog[]> {
  return selectIssueLogs(db, db`SELECT id, reported_at FROM issues WHERE reported_at >= ${from} AND reported_at < ${to}`, db`true`, upTo)
}

/** Waits for and holds the rollups' state row (the job's claim of a batch waits in turn) until the transaction ends. */
export async function lockRollupState(tx: Tx): Promise<void> {
  await tx`SELECT 1 FROM issue_figure_rollup FOR UPDATE`
}

/** The earliest and the latest report (null: no issue). */
export async function selectReportedRange(db: Db): Promise<{ first: Date | null; last: Date | null }> {
  const [range] = await db<{ first: Date | null; last: Date | null }[]>`SELECT min(reported_at) AS first, max(reported_at) AS last FROM issues`
  return range
}

/** Empties the grid day rows, to be filled whole (they hold every item from `gridsFrom` on). */
export async function clearGridRollups(tx: Tx, gridsFrom: Date | '-infinity'): Promise<void> {
  await tx`DELETE FROM issue_figure_grid_days`
  await tx`DELETE FROM issue_figure_grid_minutes`
  await tx`UPDATE issue_figure_rollup SET grids_from = ${gridsFrom === '-infinity' ? tx`'-infinity'::timestamptz` : tx`${gridsFrom}`}`
}

/** The issues in scope reported in, or with an event in, one of the time ranges ([from, to) each), with their events up to upTo. */
export async function selectIssueLogsInRanges(db: Tx, scope: RollupScope, ranges: { from: Date; to: Date }[], upTo: number): Promise<IssueLog[]> {
  if (ranges.length === 0) return []
  const inRanges = (column: string) => ranges.map((r) => db`(${db(column)} >= ${r.from} AND ${db(column)} < ${r.to})`).reduce((a, b) => db`${a} OR ${b}`)
  const grid = scope.gridCode
  if (grid) {
    // A grid's: every issue of it that may have an item in a range — reported before the range ends
    // and changed since it began (an issue's updated_at is its last event's time) — by the grid's own
    // index; the caller keeps the items in the ranges. Sought through the ranges' events,
    // as below, a day's edge is the city's 37,000 events of that day on the server's year.
    // Each range on its own (an envelope of a period's two edges is every issue changed in the period).
    const mayHave = ranges.map((r) => db`(i.updated_at >= ${r.from} AND i.reported_at < ${r.to})`).reduce((a, b) => db`${a} OR ${b}`)
    return toIssueLogs(await underGenericPlan(db, () => gridLogsQuery(db, db`i.grid_code = ${grid} AND (${mayHave})`, inRanges, upTo)))
  }
  // A union, not an OR: the OR of the two made PostgreSQL scan every issue (1.3 s on a year of 1.9 million).
  return selectIssueLogs(
    db,
    db`SELECT r.id, r.reported_at FROM issues r WHERE ${inRanges('r.reported_at')} UNION SELECT e.issue_id, e.reported_at FROM issue_events e WHERE ${inRanges('e.at')}`,
    db`${rollupScope(db, scope, 'i')}`,
    upTo,
  )
}

/**
 * The logs of the issues keyed (id, reported_at) by `keys` (or of every issue) that meet `where` (on `i`). Joined on the
 * month as well as the id, each issue and its log are looked up in their own month's tables only
 * (migration 0018; run-time pruning): by id alone every month's index was probed for each of them,
 * and the raw edges of the city's 30 days took 431 instead of 124 ms on the server's year.
 */
async function selectIssueLogs(db: Db, keys: ReturnType<Db> | null, where: ReturnType<Db>, upTo: number): Promise<IssueLog[]> {
  return toIssueLogs(await issueLogsQuery(db, keys, where, upTo))
}

type IssueLogRow = { id: string; colour: TriageColour; reported_at: Date; street_code: string | null; district_code: string | null; grid_code: string | null; seq: string; type: string; from_status: IssueStatus | null; to_status: IssueStatus; at: Date; rating: number | null; department: string | null }

function issueLogsQuery(db: Db, keys: ReturnType<Db> | null, where: ReturnType<Db>, upTo: number) {
  return db<IssueLogRow[]>`
    SELECT i.id, i.colour, i.reported_at, i.street_code, i.district_code, i.grid_code, e.seq::text, e.type, e.from_status, e.to_status, e.at,
      (e.data ->> 'rating')::int AS rating, e.department
    FROM ${keys ? db`(${keys}) k JOIN issues i ON i.id = k.id AND i.reported_at = k.reported_at` : db`issues i`}
    JOIN issue_events e ON e.issue_id = i.id AND e.reported_at = i.reported_at
    WHERE ${where} AND e.seq <= ${upTo}
    ORDER BY i.id, e.seq`
}

/**
 * issueLogsQuery's rows of the issues that meet `where` and have an item in the ranges: an item is
 * dated at the issue's report or at one of its events, so an issue reported before the ranges has
 * one in them only with an event in them. Kept by the database, as one more column of the join: the
 * busiest grid's 30-day edge on the server's year is 1,661 rows of 211 issues changed since it began,
 * 694 rows of the 89 with an item in it (4.5–5.6 → 6–8 ms in the database; the rows the request
 * parses and promotes, the most of what it allocates, cut by 58 %).
 */
function gridLogsQuery(db: Tx, where: postgres.PendingQuery<postgres.Row[]>, inRanges: (column: string) => postgres.PendingQuery<postgres.Row[]>, upTo: number) {
  return db<IssueLogRow[]>`
    SELECT id, colour, reported_at, street_code, district_code, grid_code, seq::text, type, from_status, to_status, at, rating, department FROM (
      SELECT i.id, i.colour, i.reported_at, i.street_code, i.district_code, i.grid_code, e.seq, e.type, e.from_status, e.to_status, e.at,
        (e.data ->> 'rating')::int AS rating, e.department, bool_or(${inRanges('e.at')}) OVER (PARTITION BY i.id) AS touched
      FROM issues i JOIN issue_events e ON e.issue_id = i.id AND e.reported_at = i.reported_at
      WHERE ${where} AND e.seq <= ${upTo}
    ) l
    WHERE touched OR ${inRanges('l.reported_at')}
    ORDER BY l.id, l.seq` // the number, not the text of the same name selected above
}

/** Rows of issueLogsQuery (ordered by issue, then seq) as one log per issue. */
function toIssueLogs(rows: readonly IssueLogRow[]): IssueLog[] {
  const logs: IssueLog[] = []
  for (const r of rows) {
    let log = logs[logs.length - 1]
    if (log?.id !== r.id) logs.push((log = { id: r.id, colour: r.colour, reportedAt: r.reported_at, streetCode: r.street_code, districtCode: r.district_code, gridCode: r.grid_code, events: [] }))
    log.events.push({ seq: Number(r.seq), type: r.type, fromStatus: r.from_status, toStatus: r.to_status, at: r.at, rating: r.rating, department: r.department })
  }
  return logs
}

/** The tables and the slot column of each grain; `grid`: the grid day rows (migration 0027). */
export const FIGURE_TABLES: Record<RollupGrain | 'grid', { counts: string; minutes: string; slot: string; slotType: string; grid?: true }> = {
  day: { counts: 'issue_figure_days', minutes: 'issue_figure_minutes', slot: 'day', slotType: 'date' },
  hour: { counts: 'issue_figure_hours', minutes: 'issue_figure_hour_minutes', slot: 'hour', slotType: 'timestamptz' },
  week: { counts: 'issue_figure_weeks', minutes: 'issue_figure_week_minutes', slot: 'week', slotType: 'date' },
  grid: { counts: 'issue_figure_grid_days', minutes: 'issue_figure_grid_minutes', slot: 'day', slotType: 'date', grid: true },
}

/** Adds day (or hour, week or grid day) rows into the rollups; a grid's rows are keyed by their gridCode (rows without one are for no grid's table). */
export async function addFigureDayRows(tx: Tx, rows: FigureDayRow[], grain: RollupGrain | 'grid' = 'day'): Promise<void> {
  const t = FIGURE_TABLES[grain]
  if (t.grid) rows = rows.filter((r) => r.gridCode)
  if (rows.length === 0) return
  const slot = tx(t.slot)
  // The key's columns beyond the slot's, and the conflict target: the primary key of each table.
  const gridColumn = t.grid ? tx`grid_code,` : tx``
  const gridType = t.grid ? tx`grid_code text,` : tx``
  const conflict = t.grid ? tx`grid_code, day, department, street_code, district_code` : tx`${slot}, street_code, department, district_code`
  const days = rows.map((r) => ({
    slot: r.day, grid_code: r.gridCode, district_code: r.districtCode, street_code: r.streetCode, department: r.department,
    reported: r.counts.reported, closed: r.counts.closed, stage_ends: r.counts.stageEnds, on_time: r.counts.onTime, checks: r.counts.checks,
    reworks: r.counts.reworks, ratings: r.counts.ratings, rating_sum: r.counts.ratingSum, satisfied: r.counts.satisfied,
  }))
  await tx`
    INSERT INTO ${tx(t.counts)} AS d (${slot}, ${gridColumn} district_code, street_code, department, reported, closed, stage_ends, on_time, checks, reworks, ratings, rating_sum, satisfied)
    SELECT slot::${tx.unsafe(t.slotType)}, ${gridColumn} district_code, street_code, department, reported, closed, stage_ends, on_time, checks, reworks, ratings, rating_sum, satisfied
    FROM jsonb_to_recordset(${tx.json(days as never)}::jsonb) AS r(slot text, ${gridType} district_code text, street_code text, department text,
      reported int, closed int, stage_ends int, on_time int, checks int, reworks int, ratings int, rating_sum int, satisfied int)
    ON CONFLICT (${conflict}) DO UPDATE SET
      reported = d.reported + EXCLUDED.reported, closed = d.closed + EXCLUDED.closed, stage_ends = d.stage_ends + EXCLUDED.stage_ends,
      on_time = d.on_time + EXCLUDED.on_time, checks = d.checks + EXCLUDED.checks, reworks = d.reworks + EXCLUDED.reworks,
      ratings = d.ratings + EXCLUDED.ratings, rating_sum = d.rating_sum + EXCLUDED.rating_sum, satisfied = d.satisfied + EXCLUDED.satisfied`
  const minutes = rows.flatMap((r) =>
    (['accept', 'resolve'] as const).flatMap((kind) =>
      r.minutes[kind].size ? [{ slot: r.day, grid_code: r.gridCode, district_code: r.districtCode, street_code: r.streetCode, department: r.department, kind, buckets: toBucketList(r.minutes[kind]) }] : [],
    ),
  )
  if (minutes.length === 0) return
  await tx`
    INSERT INTO ${tx(t.minutes)} AS m (${slot}, ${gridColumn} district_code, street_code, department, kind, buckets)
    SELECT slot::${tx.unsafe(t.slotType)}, ${gridColumn} district_code, street_code, department, kind, buckets
    FROM jsonb_to_recordset(${tx.json(minutes as never)}::jsonb) AS r(slot text, ${gridType} district_code text, street_code text, department text, kind text, buckets integer[])
    ON CONFLICT (${conflict}, kind) DO UPDATE SET buckets = figure_minutes_add(m.buckets, EXCLUDED.buckets)`
}

/** Which day rows a scope reads: the whole city, a district, a street, or a grid (its own rows, migration 0027). */
export interface RollupScope {
  districtCode?: string
  streetCode?: string
  gridCode?: string
}

/** The rows of the scope by their district_code, street_code and grid_code columns: the rollups' own, or a table's named (the issues' `i`). */
export const rollupScope = (db: Db, s: RollupScope, table?: string) => {
  const column = (name: string) => db(table ? `${table}.${name}` : name)
  const is = (name: string, code: string | undefined) => (code ? db`${column(name)} = ${code}` : db`true`)
  return db`${is('district_code', s.districtCode)} AND ${is('street_code', s.streetCode)} AND ${is('grid_code', s.gridCode)}`
}

/** The tables a scope's sums read at a grain: a grid's own day rows, or the streets'. */
function tablesOf(scope: RollupScope, grain: RollupGrain) {
  if (!scope.gridCode) return FIGURE_TABLES[grain]
  if (grain !== 'day') throw new Error(`a grid's rollups hold days, not ${grain}s`)
  return FIGURE_TABLES.grid
}

/** Which rows a sum reads: the days or the weeks (their Mondays) [first, last] (inclusive), or the hours in [from, to). */
export type FigureSlots = { grain: 'day' | 'week'; first: string; last: string } | { grain: 'hour'; from: Date; to: Date }

const inSlots = (db: Db, s: FigureSlots) =>
  s.grain === 'hour' ? db`hour >= ${s.from} AND hour < ${s.to}` : db`${db(s.grain)} >= ${s.first}::date AND ${db(s.grain)} <= ${s.last}::date`

/** The counts of the slots, summed per street and department. */
export async function selectFigureSums(db: Db, scope: RollupScope, slots: FigureSlots) {
  return db<
    { street_code: string; department: string; reported: number; closed: number; stage_ends: number; on_time: number; checks: number; reworks: number; ratings: number; rating_sum: number; satisfied: number }[]
  >`
    SELECT street_code, department, sum(reported)::int AS reported, sum(closed)::int AS closed, sum(stage_ends)::int AS stage_ends,
      sum(on_time)::int AS on_time, sum(checks)::int AS checks, sum(reworks)::int AS reworks, sum(ratings)::int AS ratings,
      sum(rating_sum)::int AS rating_sum, sum(satisfied)::int AS satisfied
    FROM ${db(tablesOf(scope, slots.grain).counts)} WHERE ${inSlots(db, slots)} AND ${rollupScope(db, scope)}
    GROUP BY street_code, department`
}

/**
 * The durations of the slots: each row's list of buckets (toBucketList's pairs), per street and
 * department, merged by the caller. A row per bucket summed by SQL (GROUP BY GROUPING SETS per
 * street and per department) read ~150,000 rows for a city's 30 days, ~230 ms of the embedded
 * engine's ~300; the lists are ~1,600 rows (migration 0025).
 */
export async function selectFigureMinuteLists(db: Db, scope: RollupScope, slots: FigureSlots) {
  // The lists as text, read by BucketTotals.addStoredText: the driver's array parser and the arrays it
  // made were a third of the process's time on a city's 30 days.
  return db<{ street_code: string; department: string; kind: 'accept' | 'resolve'; buckets: string }[]>`
    SELECT street_code, department, kind, buckets::text AS buckets FROM ${db(tablesOf(scope, slots.grain).minutes)}
    WHERE ${inSlots(db, slots)} AND ${rollupScope(db, scope)}`
}

/**
 * The open issues in scope, per street, department, colour and status, with how many are past their
 * stage's deadline: an index-only scan of the open issues' partial index (migration 0017), whose
 * predicate the status condition spells with the same literals.
 */
export function selectOpenFigureRows(db: Tx, scope: RollupScope, limitsMinutes: { colour: TriageColour; status: IssueStatus; minutes: number }[], now: Date) {
  return underGenericPlan(db, () => db<{ street_code: string | null; department: string | null; colour: TriageColour; open: number; overdue: number }[]>`
    SELECT i.street_code, i.department, i.colour, count(*)::int AS open,
      count(*) FILTER (WHERE l.minutes IS NOT NULL AND i.stage_started_at + l.minutes * interval '1 minute' < ${now})::int AS overdue
    FROM issues i
    LEFT JOIN jsonb_to_recordset(${db.json(limitsMinutes as never)}::jsonb) AS l(colour text, status text, minutes int) ON l.colour = i.colour AND l.status = i.status
    WHERE i.status NOT IN ('closed', 'rejected', 'merged') AND ${rollupScope(db, scope, 'i')}
    GROUP BY i.street_code, i.department, i.colour`)
}

/**
 * Runs a transaction's statement under a generic plan, planned once per connection and statement,
 * then puts back the custom plans every connection uses (db/client.ts, embedded/engine.ts say why).
 * For statements whose plan no parameter changes, where planning them over every month's partitions
 * cost more than running them (server's year, a grid's figures: the open issues 3.5 ms to plan, 1.5 to
 * run; its edges 3.6 and 5.6). The three statements are sent together, in order, at the call (each
 * `.execute()`d at once): they can follow other statements of a pipeline, and nothing sent meanwhile
 * comes between them. After a failure the transaction is aborted, and its end puts the setting back.
 */
function underGenericPlan<T extends readonly object[]>(tx: Tx, statement: () => postgres.PendingQuery<T>): Promise<T> {
  const generic = tx`SET LOCAL plan_cache_mode = force_generic_plan`.execute()
  const rows = statement().execute()
  const custom = tx`SET LOCAL plan_cache_mode = force_custom_plan`.execute()
  return Promise.all([generic, rows, custom]).then(([, r]) => r as unknown as T)
}
