// A long history in bulk (`npm run seed -- --history DAYS`): a city's year of issues and events
// (two million and ten million at Tongren's scale) from the same stream as the demo's first-start
// history (plan-issue-history.ts), written with COPY on either engine, in one transaction into an
// empty log. Measured choices (README, performance):
// - the stream gives an issue out after its last event, so the foreign keys of the log and the
//   photo links are dropped for the load and put back (and validated) after it; so are every index
//   and primary or unique key of issues and the log: one index build is far cheaper than ten
//   million index insertions;
// - the loaded tables, empty, are truncated in the transaction and each month's issues and events
//   are copied into that month's own tables with FREEZE (truncateForFreeze); the rollup tables too,
//   with their keys set aside like the log's;
// - a row is added without an await unless its table's statement must go out (CopyBuffer.add);
// - the figures' day and hour rows are summed from each issue's items (core/domain/issue-contribution.ts)
//   and written with the log, so the rollups start where the log ends — summed on a thread of their
//   own (history-rollups-worker.ts: a fifth of the writing phase on this one); the hotspots' cell counts
//   are one GROUP BY over the issues once they are in (addCellDays);
// - each event's snapshot and rooms (what a replay sends, and to whom) are kept for the last
//   `snapshotDays` only: a replay never reaches further back (MAX_REPLAY_EVENTS), and ten million
//   of them would be most of the database (the rooms alone about 150 bytes an event).
import { getIssueItems } from '../../core/domain/issue-contribution.js'
import { getIssueCells, type IssueCells } from '../../core/domain/issue-cells.js'
import type { Sql, Tx } from '../db/client.js'
import { addCellDays } from '../db/queries/hotspots.js'
import { vacuumAnalyze } from '../db/embedded-maintenance.js'
import { ensureIssueMonths } from '../db/queries/issue-months.js'
import { CHECK_PHOTO, CHECK_PHOTO_SHA256 } from './demo-world.js'
import { streamIssueHistory, type HistoryOptions, type PlannedIssue } from './plan-issue-history.js'
import { CopyBuffer, textArrayLiteral } from './copy-rows.js'
import { ROLLUP_COLUMNS } from './history-rollup-batch.js'
import { startRollupThread } from './history-rollups-thread.js'
import { DEMO_WORLD_SEED, ensureDemoStaff, loadDemoWorld } from './seed-issue-history.js'

const ISSUE_COLUMNS = [
  'id', 'number', 'code', 'request_hash', 'category', 'description', 'importance', 'urgency', 'colour', 'status', 'source', 'reporter',
  'caller_name', 'caller_phone', 'assignee', 'department', 'rating', 'area_code', 'grid_code', 'community_code', 'street_code',
  'district_code', 'out_of_area', 'geom', 'raw_lon', 'raw_lat', 'raw_crs', 'seq', 'reported_at', 'updated_at', 'stage_started_at',
  'h3_r7', 'h3_r8', 'h3_r9', 'h3_r10', 'photo_count',
] as const
const EVENT_COLUMNS = ['seq', 'issue_id', 'type', 'from_status', 'to_status', 'actor', 'actor_role', 'note', 'data', 'issue', 'rooms', 'at', 'department', 'reported_at'] as const
/** The tables loaded besides the months' issues and events (issue_ids and issue_photos are not partitioned). */
const OTHER_TABLES = {
  issue_ids: ['id', 'reported_at'],
  issue_photos: ['issue_id', 'sha256', 'event_seq', 'position'],
  ...ROLLUP_COLUMNS,
} as const
/** The rollup tables, written from the rollups' thread at the end of the load. */
const ROLLUP_TABLES = Object.keys(ROLLUP_COLUMNS)
/** The tables whose foreign keys and indexes are set aside during the load. */
const LOADED = ['issues', 'issue_events', 'issue_photos', 'issue_ids', 'issue_cell_days', ...ROLLUP_TABLES]
/** The tables besides the months' that are truncated and loaded frozen. */
const FROZEN_OTHERS = ['issue_ids', 'issue_photos', ...ROLLUP_TABLES]
/** Every table besides the months' that must be empty, and is truncated. */
const EMPTIED = [...FROZEN_OTHERS, 'issue_cell_days']

export interface BulkHistoryOptions extends Omit<HistoryOptions, 'seed'> {
  /** Events of the last this many days keep their snapshot (default 2). */
  snapshotDays?: number
  /** Each phase as it starts. */
  onPhase?(message: string): void
  /** The days written so far, of `days`. */
  onDays?(done: number, total: number): void
}

export interface BulkHistory {
  issues: number
  events: number
  open: number
  seconds: number
  /** Seconds spent on each phase. */
  phases: Record<string, number>
}

/** Writes the history; refuses a log that already holds events (its seqs would not be the first). */
export async function writeHistoryInBulk(sql: Sql, options: BulkHistoryOptions): Promise<BulkHistory> {
  const started = performance.now()
  const phases: Record<string, number> = {}
  let phaseStart = performance.now()
  let phaseName = ''
  const phase = (name: string) => {
    if (phaseName) phases[phaseName] = (performance.now() - phaseStart) / 1000
    phaseName = name
    phaseStart = performance.now()
    if (name) options.onPhase?.(name)
  }
  phase('staff and world')
  await ensureDemoStaff(sql)
  const world = await loadDemoWorld(sql)
  if (!world) throw new Error('no buildings with residents to place reports at: seed the areas and demand points first')
  const snapshotFrom = options.end.getTime() - (options.snapshotDays ?? 2) * 86_400_000
  const firstDay = options.end.getTime() - options.days * 86_400_000

  const counts = await sql.begin(async (tx) => {
    const [head] = await tx<{ seq: string }[]>`SELECT seq::text FROM issue_event_head FOR UPDATE`
    if (Number(head.seq) > 0) throw new Error(`the event log already holds ${head.seq} events: a history is written only into an empty log (a fresh database)`)
    // Every month an issue can be reported in: the history's days (and a day either side).
    await ensureIssueMonths(tx, new Date(firstDay - 86_400_000), new Date(options.end.getTime() + 86_400_000))
    phase('setting the indexes and keys aside')
    const restore = await setAsideIndexesAndKeys(tx)
    const monthOf = await truncateForFreeze(tx)
    phase('writing issues and events')
    const tables: Record<string, readonly string[]> = {}
    for (const m of monthOf.all) tables[m.events] = EVENT_COLUMNS
    for (const m of monthOf.all) tables[m.issues] = ISSUE_COLUMNS
    Object.assign(tables, OTHER_TABLES)
    const frozen = new Set([...monthOf.names(), ...FROZEN_OTHERS])
    const out = new CopyBuffer(tx as unknown as Sql, tables, undefined, undefined, frozen)
    const rollups = startRollupThread(options.timeZone)
    const cellsOf = new Map<string, IssueCells>()
    let issues = 0
    let events = 0
    let open = 0
    let lastDay = -1
    await tx`INSERT INTO photos (sha256, mime, bytes, data) VALUES (${CHECK_PHOTO_SHA256}, 'image/png', ${CHECK_PHOTO.length}, ${CHECK_PHOTO}) ON CONFLICT DO NOTHING`
    try {
      for (const item of streamIssueHistory(world, { ...options, seed: DEMO_WORLD_SEED })) {
        if (item.kind === 'event') {
          const { event: e, rooms } = item.event
          const at = item.event.atMs
          const snapshot = at >= snapshotFrom
          const wait = out.add(monthOf.events(item.event.reportedAt), [
            e.seq, e.issueId, e.type, e.fromStatus, e.toStatus, e.actor, e.actorRole, e.note, JSON.stringify(e.data),
            snapshot ? JSON.stringify(item.event.issue()) : null, snapshot ? textArrayLiteral(rooms) : '{}', e.at, item.event.department,
            item.event.reportedAt,
          ])
          if (wait) await wait
          events++
          const day = Math.floor((at - firstDay) / 86_400_000)
          if (day > lastDay) options.onDays?.((lastDay = day), options.days)
          continue
        }
        issues++
        const { issue: s } = item.issue
        if (s.status !== 'closed' && s.status !== 'rejected' && s.status !== 'merged') open++
        const check = item.events.find((e) => e.event.type === 'verify')
        // One row at a time: a full table's statement goes out before the next row is added.
        let wait = out.add(monthOf.issues(s.reportedAt), issueRow(item.issue, cellsFor(cellsOf, s.lon, s.lat), check ? 1 : 0))
        if (wait) await wait
        wait = out.add('issue_ids', [s.id, s.reportedAt])
        if (wait) await wait
        wait = check ? out.add('issue_photos', [s.id, CHECK_PHOTO_SHA256, check.event.seq, 0]) : undefined
        if (wait) await wait
        const key = { districtCode: s.districtCode ?? '', streetCode: s.streetCode ?? '', department: s.department ?? '' }
        const items = getIssueItems(
          { status: s.status, colour: s.colour, reportedAt: new Date(s.reportedAt), streetCode: s.streetCode, department: s.department },
          item.events.map(({ event: e, atMs }) => ({ type: e.type, fromStatus: e.fromStatus, at: new Date(atMs), rating: (e.data as { rating?: number }).rating ?? null })),
          options.limits,
        )
        rollups.add(key, s.gridCode, items)
      }
      phase('writing the figures\' day, week, hour and grid day rows')
      await rollups.finish((table, bytes, rows) => out.addBytes(table, bytes, rows))
    } finally {
      await rollups.close()
    }
    await out.flush()
    await tx`UPDATE issue_event_head SET seq = ${events}`
    if (issues) await tx`SELECT setval('issue_number', ${issues})`
    await tx`INSERT INTO issue_figure_rollup (rolled_up_seq, time_zone, hours_from, grids_from) VALUES (${events}, ${options.timeZone}, '-infinity', '-infinity')
      ON CONFLICT (id) DO UPDATE SET rolled_up_seq = EXCLUDED.rolled_up_seq, time_zone = EXCLUDED.time_zone, hours_from = EXCLUDED.hours_from, grids_from = EXCLUDED.grids_from`
    // Before the keys: one GROUP BY into the empty table, whose key is then built like the others.
    phase('counting the issues per cell and day (the hotspots\' rollups)')
    await addCellDays(tx, 'all', options.timeZone)
    phase('building the indexes and keys, checking the foreign keys')
    await restore()
    return { issues, events, open }
  })
  // VACUUM, not only ANALYZE (the frozen tables' pages are all-visible already; the others' are not,
  // and ANALYZE alone would not mark them): rows loaded by plain COPY leave the visibility map empty, and a planner that
  // sees no page all-visible costs an index-only scan as a heap scan. On the embedded engine (no
  // autovacuum; its own VACUUM comes ten minutes after start) the wall's r7 hotspot details then
  // read November's 10,000 heap pages (400 ms) instead of their cells' covering index (230 ms).
  phase('vacuuming and analysing the tables')
  await vacuumAnalyze(sql)
  phase('')
  return { ...counts, seconds: (performance.now() - started) / 1000, phases }
}

/**
 * Empties the loaded tables in this transaction (after checking they hold nothing), so that COPY
 * can load them FREEZE: the rows frozen and the pages all-visible from the start, so the closing
 * VACUUM finds them done (the year's: 15.2 → 10.9 s on the server, about a minute → 15.0 s on the
 * embedded engine). Returns the
 * months that have partitions, each loaded into its own two tables: FREEZE is refused on a
 * partitioned table.
 */
async function truncateForFreeze(tx: Tx): Promise<MonthTables> {
  for (const table of ['issues', ...EMPTIED]) {
    const [held] = await tx<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM ${tx(table)}) AS any`
    if (held.any) throw new Error(`the ${table} table already holds rows: a history is written only into empty tables (a fresh database)`)
  }
  const parts = await tx<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'issues'::regclass ORDER BY c.relname`
  const months = new MonthTables(parts.map((p) => p.name.slice('issues_'.length)))
  await tx.unsafe(`TRUNCATE ${[...months.names(), ...EMPTIED].join(', ')}`)
  return months
}

/** Each month's two tables; a row's, by the issue's report (an ISO instant: its UTC month), without a string made per row. */
class MonthTables {
  private readonly byKey = new Map<number, { issues: string; events: string }>()
  /** Every month's tables, oldest first. */
  readonly all: { issues: string; events: string }[]

  /** `months`: 'YYYY_MM', as the partitions are named. */
  constructor(months: readonly string[]) {
    this.all = months.map((m) => ({ issues: `issues_${m}`, events: `issue_events_${m}` }))
    months.forEach((m, i) => this.byKey.set(Number(m.slice(0, 4)) * 100 + Number(m.slice(5, 7)), this.all[i]))
  }

  /** Every month's table names. */
  names(): string[] {
    return this.all.flatMap((m) => [m.events, m.issues])
  }

  issues(reportedAt: string): string {
    return this.of(reportedAt).issues
  }

  events(reportedAt: string): string {
    return this.of(reportedAt).events
  }

  private of(iso: string) {
    // 'YYYY-MM-…' read as the number YYYYMM from its character codes.
    const key = digitAt(iso, 0) * 100_000 + digitAt(iso, 1) * 10_000 + digitAt(iso, 2) * 1000 + digitAt(iso, 3) * 100 + digitAt(iso, 5) * 10 + digitAt(iso, 6)
    const tables = this.byKey.get(key)
    if (!tables) throw new Error(`no month's tables for an issue reported at ${iso}`)
    return tables
  }
}

function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48
}

/** The issue's H3 cells; a building's are computed once (a year puts many reports at each). */
function cellsFor(cache: Map<string, IssueCells>, lon: number, lat: number): IssueCells {
  const key = `${lon},${lat}`
  let cells = cache.get(key)
  if (!cells) cache.set(key, (cells = getIssueCells(lon, lat)))
  return cells
}

function issueRow({ issue: s, number, requestHash, callerName, callerPhone }: PlannedIssue, cells: IssueCells, photoCount: number) {
  return [
    s.id, number, s.code, requestHash, s.category, s.description, s.importance, s.urgency, s.colour, s.status, s.source, s.reporter,
    callerName, callerPhone, s.assignee, s.department, s.rating, s.areaCode, s.gridCode, s.communityCode, s.streetCode,
    s.districtCode, s.outOfArea, `SRID=4326;POINT(${s.lon} ${s.lat})`, s.lon, s.lat, 'wgs84', s.seq, s.reportedAt, s.updatedAt,
    s.stageStartedAt, cells.h3_r7, cells.h3_r8, cells.h3_r9, cells.h3_r10, photoCount,
  ]
}

/**
 * Drops every index and key of the loaded tables (primary, unique, foreign) and returns what puts
 * them back: indexes and primary and unique keys built from their saved definitions in one pass
 * each, then the foreign keys added and validated. The photo-count trigger is off meanwhile.
 */
async function setAsideIndexesAndKeys(tx: Tx): Promise<() => Promise<void>> {
  const keys = await tx<{ table: string; name: string; def: string; type: 'p' | 'u' | 'f' }[]>`
    SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def, contype AS type FROM pg_constraint
    WHERE contype IN ('p', 'u', 'f') AND (conrelid::regclass::text IN ${tx(LOADED)} OR (contype = 'f' AND confrelid::regclass::text IN ${tx(LOADED)}))
    ORDER BY conname`
  const indexes = await tx<{ name: string; def: string }[]>`
    SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename IN ${tx(LOADED)}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))
    ORDER BY i.indexname`
  // An index marked for CLUSTER (the cell days' key, migration 0015) is marked again once rebuilt.
  const clustered = await tx<{ table: string; index: string }[]>`
    SELECT t.relname AS table, c.relname AS index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE i.indisclustered AND t.relname IN ${tx(LOADED)}`
  const foreign = keys.filter((k) => k.type === 'f')
  const own = keys.filter((k) => k.type !== 'f')
  for (const k of [...foreign, ...own]) await tx.unsafe(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`)
  for (const i of indexes) await tx.unsafe(`DROP INDEX ${i.name}`)
  // The issue rows carry their photo count (migration 0016): the trigger that keeps it would update them all again.
  await tx`ALTER TABLE issue_photos DISABLE TRIGGER issue_photos_count`
  return async () => {
    await tx`ALTER TABLE issue_photos ENABLE TRIGGER issue_photos_count`
    for (const k of own) await tx.unsafe(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def}`)
    // An index of a partitioned table is defined `ON ONLY` the parent (migration 0018): replayed as
    // such it would be built on the parent alone, invalid, and on no month.
    for (const i of indexes) await tx.unsafe(i.def.replace(/ ON ONLY /, ' ON '))
    for (const k of foreign) await tx.unsafe(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def}`)
    for (const c of clustered) await tx.unsafe(`ALTER TABLE ${c.table} CLUSTER ON ${c.index}`)
  }
}
