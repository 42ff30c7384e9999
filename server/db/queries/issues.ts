// SQL of issues: placing a point in the grid hierarchy, possible duplicates, an issue written
// with its event in one statement, and scoped reads.
import type { InputCrs } from '../../../core/domain/coordinates.js'
import { TERMINAL_STATUSES, type IssueStatus, type Role } from '../../../core/domain/issue-lifecycle.js'
import type { Level } from '../../../core/domain/issue-taxonomy.js'
import type { TriageColour } from '../../../core/domain/triage.js'
import type { IssueEventRecord, IssueSource, IssueSummary } from '../../../core/wire/issues.js'
import type { IssueCells } from '../../../core/domain/issue-cells.js'
import type { Sql, Tx } from '../client.js'
import { selectHeadSeq } from './issue-events.js'

type Db = Sql | Tx

/** An issues row as the server reads it. */
export interface IssueRow {
  id: string
  number: string
  code: string
  request_hash: string
  category: string
  description: string
  address: string | null
  importance: Level
  urgency: Level
  colour: TriageColour
  status: IssueStatus
  source: IssueSource
  reporter: string
  reporter_phone: string | null
  caller_name: string | null
  caller_phone: string | null
  caller_email: string | null
  media_url: string | null
  assignee: string | null
  department: string | null
  rating: number | null
  duplicate_of: string | null
  possible_duplicate_of: string | null
  area_code: string | null
  grid_code: string | null
  community_code: string | null
  street_code: string | null
  district_code: string | null
  out_of_area: boolean
  lon: number
  lat: number
  raw_lon: number
  raw_lat: number
  raw_crs: InputCrs
  seq: string
  photo_count: number
  reported_at: Date
  updated_at: Date
  stage_started_at: Date
  blocks_passage: boolean
}

/** What an issue's summary needs (server/issues/issue-summary.ts): no personal data, no join. */
export type IssueSummaryRow = Omit<IssueRow, 'request_hash' | 'reporter_phone' | 'caller_name' | 'caller_phone' | 'caller_email' | 'media_url'>

export const SUMMARY_COLUMNS = (sql: Db) => sql`
  i.id, i.number::text, i.code, i.category, i.description, i.address, i.importance, i.urgency,
  i.colour, i.status, i.source, i.reporter, i.assignee,
  i.department, i.rating, i.duplicate_of, i.possible_duplicate_of, i.area_code, i.grid_code, i.community_code,
  i.street_code, i.district_code, i.out_of_area, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.raw_lon, i.raw_lat,
  i.raw_crs, i.seq::text, i.photo_count, i.reported_at, i.updated_at, i.stage_started_at, i.blocks_passage`

const ISSUE_COLUMNS = (sql: Db) => sql`${SUMMARY_COLUMNS(sql)}, i.request_hash, u.phone AS reporter_phone, i.caller_name, i.caller_phone, i.caller_email, i.media_url`

/** Where a new report lies, its possible duplicate and its number: what only the database knows. */
export interface ReportPlacement {
  /** The lowest area holding the point (null: out of every area); its ancestors come from server/issues/area-chains.ts. */
  areaCode: string | null
  /** The areas' data version in the same snapshot (the hierarchy the area belongs to). */
  areasVersion: string
  possibleDuplicateOf: string | null
  number: string
}

/**
 * Places a point in the lowest area containing it (PostGIS), finds an open report of the same
 * sub-category within `duplicateMeters` and `duplicateHours` before `at`, and draws the issue
 * number — one read-only statement, before any lock is taken.
 */
export async function selectPlacement(sql: Db, q: PlacementQuery): Promise<ReportPlacement> {
  const [row] = await placementQuery(sql, q)
  return row
}

export interface PlacementQuery {
  id: string
  category: string
  lon: number
  lat: number
  at: string
  duplicateMeters: number
  duplicateHours: number
}

/** selectPlacement's statement, not yet sent (server/issues/prime-intake.ts plans it on each new connection). */
export function placementQuery(sql: Db, q: PlacementQuery) {
  const point = sql`ST_SetSRID(ST_MakePoint(${q.lon}, ${q.lat}), 4326)`
  return sql<ReportPlacement[]>`
    SELECT (SELECT code FROM areas WHERE ST_Intersects(geom, ${point}) ORDER BY depth DESC, code LIMIT 1) AS "areaCode",
      (SELECT coalesce((SELECT version FROM data_versions WHERE layer = 'areas'), 0)::text) AS "areasVersion",
      -- The reports in the box and the window first, behind a fence (OFFSET 0), the rest tested on
      -- those few: planned with the sub-category and the open statuses beside them, the search
      -- weighed every index those fit (four partial ones on the open statuses among them), 0.3 ms
      -- more planning a report on the embedded engine for a plan that reads the same GiST index.
      (SELECT id FROM (
        SELECT id, category, status, geom, reported_at FROM issues
        -- The window's ends as constants, not at - interval (stable, not immutable): the planner
        -- then keeps only the months it reaches (migration 0018), and planning this statement on a
        -- year of 15 months took 0.5 instead of 2.9 ms. The end (a minute past the report, for
        -- clocks a little apart) leaves out the months made ahead: each of them planned with its
        -- 22 indexes cost the embedded engine 1.8 ms a report (placement 4.0 → 2.2 ms).
        WHERE reported_at > ${new Date(Date.parse(q.at) - q.duplicateHours * 3_600_000).toISOString()}::timestamptz
          AND reported_at <= ${new Date(Date.parse(q.at) + 60_000).toISOString()}::timestamptz
          -- A box a little wider than the radius (in degrees, up to ~60° latitude) finds candidates on
          -- the GiST index; the exact test is geodesic.
          AND geom && ST_Expand(${point}, ${q.duplicateMeters / 50_000})
        OFFSET 0) near
        WHERE category = ${q.category} AND id <> ${q.id} AND status NOT IN ('closed', 'rejected', 'merged')
          AND ST_DWithin(geom::geography, ${point}::geography, ${q.duplicateMeters})
        ORDER BY geom::geography <-> ${point}::geography, reported_at DESC LIMIT 1) AS "possibleDuplicateOf",
      nextval('issue_number')::text AS number`
}

/** A new issue as the service built it, with what is stored but never sent (hash, caller). */
export interface NewIssueRow {
  issue: Omit<IssueSummary, 'seq'>
  number: string
  requestHash: string
  callerName: string | null
  callerPhone: string | null
  /** What an Open311 request carried beyond our own fields (null otherwise). */
  callerEmail?: string | null
  mediaUrl?: string | null
  /** Its H3 cells at the hotspot resolutions. */
  cells: IssueCells
}

/** An event as the service built it: everything but its seq, which the head row gives at the end. */
export interface NewEventRow {
  event: Omit<IssueEventRecord, 'seq'>
  /** The issue as it stands after the event (its `seq` is set to the event's in SQL). */
  issue: Omit<IssueSummary, 'seq'>
  rooms: string[]
  photoHashes: string[]
}

/** The head row's next seq: the last step of a statement that writes an event, so its lock is held only to commit. */
const nextSeq = (sql: Db) => sql`UPDATE issue_event_head SET seq = seq + 1 RETURNING seq`

/** The event row (and its photo links) of `seq`, as CTEs named `event` and `links` after one named `head`. */
const insertEventRows = (sql: Db, e: NewEventRow) => sql`
  event AS (
    INSERT INTO issue_events (seq, issue_id, type, from_status, to_status, actor, actor_role, note, data, issue, rooms, at, department, reported_at)
    SELECT head.seq, ${e.event.issueId}, ${e.event.type}, ${e.event.fromStatus}, ${e.event.toStatus}, ${e.event.actor},
      ${e.event.actorRole}, ${e.event.note}, ${sql.json(e.event.data as never)},
      ${sql.json(e.issue as never)}::jsonb || jsonb_build_object('seq', head.seq), ${e.rooms}, ${e.event.at}, ${e.issue.department},
      ${e.issue.reportedAt}
    FROM head
    RETURNING seq
  ), links AS (
    INSERT INTO issue_photos (issue_id, sha256, event_seq, position)
    SELECT ${e.event.issueId}, p.sha256, event.seq, p.position - 1
    FROM event, unnest(${e.photoHashes}::text[]) WITH ORDINALITY AS p(sha256, position)
    ON CONFLICT DO NOTHING
  )`

/**
 * Writes a new issue and its first event in ONE statement: the seq comes from the head row
 * (its lock, which makes seq order commit order, is held from here to the commit just after),
 * then the issue, the event and its photo links. A second report with the same id fails with a
 * unique violation (23505, on issue_ids: the issues' own key holds their month) and writes
 * nothing. Returns the seq.
 */
export async function insertIssueWithEvent(sql: Db, r: NewIssueRow, e: NewEventRow): Promise<number> {
  const i = r.issue
  const [row] = await sql<{ seq: string }[]>`
    WITH head AS (${nextSeq(sql)}), issue AS (
      INSERT INTO issues (id, number, code, request_hash, category, description, address, importance, urgency, colour,
        status, source, reporter, caller_name, caller_phone, caller_email, media_url, possible_duplicate_of, area_code, grid_code, community_code,
        street_code, district_code, out_of_area, geom, raw_lon, raw_lat, raw_crs, seq, reported_at, updated_at, stage_started_at,
        h3_r7, h3_r8, h3_r9, h3_r10)
      SELECT ${i.id}, ${r.number}, ${i.code}, ${r.requestHash}, ${i.category}, ${i.description}, ${i.address}, ${i.importance},
        ${i.urgency}, ${i.colour}, ${i.status}, ${i.source}, ${i.reporter}, ${r.callerName}, ${r.callerPhone}, ${r.callerEmail ?? null}, ${r.mediaUrl ?? null},
        ${i.possibleDuplicateOf}, ${i.areaCode}, ${i.gridCode}, ${i.communityCode}, ${i.streetCode}, ${i.districtCode},
        ${i.outOfArea}, ST_SetSRID(ST_MakePoint(${i.lon}, ${i.lat}), 4326), ${i.raw.lon}, ${i.raw.lat}, ${i.raw.crs},
        head.seq, ${i.reportedAt}, ${i.updatedAt}, ${i.stageStartedAt}, ${r.cells.h3_r7}, ${r.cells.h3_r8}, ${r.cells.h3_r9},
        ${r.cells.h3_r10}
      FROM head
      RETURNING id
    ), ids AS (
      INSERT INTO issue_ids (id, reported_at) VALUES (${i.id}, ${i.reportedAt})
    ), ${insertEventRows(sql, e)}
    SELECT event.seq::text FROM event, issue`
  return Number(row.seq)
}

/** What a transition changes on the issue row. */
export interface IssuePatch {
  status: IssueStatus
  assignee: string | null
  department: string | null
  rating: number | null
  duplicateOf: string | null
  updatedAt: string
  stageStartedAt: string
}

/** Updates an issue (locked by the caller's transaction) and writes its event in ONE statement, the seq taken last. Returns the seq. */
export async function updateIssueWithEvent(tx: Tx, id: string, p: IssuePatch, e: NewEventRow): Promise<number> {
  const [row] = await tx<{ seq: string }[]>`
    WITH head AS (${nextSeq(tx)}), issue AS (
      UPDATE issues SET status = ${p.status}, assignee = ${p.assignee}, department = ${p.department}, rating = ${p.rating},
        duplicate_of = ${p.duplicateOf}, updated_at = ${p.updatedAt}, stage_started_at = ${p.stageStartedAt}, seq = head.seq
      FROM head WHERE id = ${id}
      RETURNING id
    ), ${insertEventRows(tx, e)}
    SELECT event.seq::text FROM event, issue`
  return Number(row.seq)
}

/** Sets an issue's passage mark (its row locked by the caller's transaction) and writes its event in ONE statement, the seq taken last. Returns the seq. */
export async function updatePassageWithEvent(tx: Tx, id: string, blocks: boolean, updatedAt: string, e: NewEventRow): Promise<number> {
  const [row] = await tx<{ seq: string }[]>`
    WITH head AS (${nextSeq(tx)}), issue AS (
      UPDATE issues SET blocks_passage = ${blocks}, updated_at = ${updatedAt}, seq = head.seq
      FROM head WHERE id = ${id}
      RETURNING id
    ), ${insertEventRows(tx, e)}
    SELECT event.seq::text FROM event, issue`
  return Number(row.seq)
}

/**
 * Issues grouped by the UTC month of their report (the log's partitions), each group with bounds
 * that hold its reports: from the earliest (a Date holds milliseconds, the instant stored may have
 * microseconds more: at or after it) to a millisecond past the latest.
 */
export function groupByReportMonth(issues: readonly { id: string; reported_at: Date }[]): { ids: string[]; from: Date; to: Date }[] {
  const groups = new Map<number, { ids: string[]; min: number; max: number }>()
  for (const i of issues) {
    const t = i.reported_at.getTime()
    const month = i.reported_at.getUTCFullYear() * 12 + i.reported_at.getUTCMonth()
    const g = groups.get(month)
    if (!g) groups.set(month, { ids: [i.id], min: t, max: t })
    else {
      g.ids.push(i.id)
      if (t < g.min) g.min = t
      if (t > g.max) g.max = t
    }
  }
  return [...groups.values()].map((g) => ({ ids: g.ids, from: new Date(g.min), to: new Date(g.max + 1) }))
}

/** One issue; `forUpdate` locks its row until the transaction ends. */
export async function selectIssue(sql: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<IssueRow | undefined> {
  const [row] = await sql<IssueRow[]>`
    SELECT ${ISSUE_COLUMNS(sql)} FROM issues i JOIN users u ON u.username = i.reporter
    WHERE i.id = ${id} ${options.forUpdate ? sql`FOR UPDATE OF i` : sql``}`
  return row
}

/** The SQL condition of a session's room (see core/domain/issue-scope.ts). */
export function scopeCondition(sql: Db, room: string) {
  if (room === 'all') return sql`true`
  if (room.startsWith('user:')) {
    const username = room.slice('user:'.length)
    return sql`(i.reporter = ${username} OR i.assignee = ${username})`
  }
  return areaCondition(sql, room.slice('area:'.length))
}

/**
 * The issues of an area. With its level known, one column: its `(…_code, number DESC)` index gives
 * a grid's newest issues at once, where the four columns' OR walked the number index back through
 * the city's issues until it had enough (a grid's newest 100 on a year: 38,000 rows, 2.5 s cold).
 */
export function areaCondition(sql: Db, code: string, level?: string) {
  if (level === 'district') return sql`i.district_code = ${code}`
  if (level === 'street') return sql`i.street_code = ${code}`
  if (level === 'community') return sql`i.community_code = ${code}`
  if (level === 'grid') return sql`i.grid_code = ${code}`
  return sql`(i.grid_code = ${code} OR i.community_code = ${code} OR i.street_code = ${code} OR i.district_code = ${code})`
}

export interface IssueFilter {
  room: string
  status?: IssueStatus[]
  colour?: TriageColour[]
  category?: string[]
  /** Area code: the issue's grid, community, street or district. */
  area?: string
  /** The area's level, where known (areas.level): its code is then sought in that column alone. */
  areaLevel?: string
  since?: Date
  bbox?: [number, number, number, number]
  reporter?: string
  /** Issues with a lower number than this (the cursor of the previous page). */
  beforeNumber?: bigint
  limit: number
}

/** Newest first, scoped to the session's room. */
export async function selectIssues(sql: Sql, f: IssueFilter): Promise<IssueSummaryRow[]> {
  const categoryMatch = f.category?.length
    ? sql`AND (i.category IN ${sql(f.category)} OR split_part(i.category, '.', 1) IN ${sql(f.category)})`
    : sql``
  return sql<IssueSummaryRow[]>`
    SELECT ${SUMMARY_COLUMNS(sql)} FROM issues i
    WHERE ${scopeCondition(sql, f.room)}
      ${f.status?.length ? sql`AND i.status IN ${sql(f.status)}` : sql``}
      ${f.colour?.length ? sql`AND i.colour IN ${sql(f.colour)}` : sql``}
      ${categoryMatch}
      ${f.area ? sql`AND ${areaCondition(sql, f.area, f.areaLevel)}` : sql``}
      ${f.since ? sql`AND i.reported_at >= ${f.since}` : sql``}
      ${f.bbox ? sql`AND i.geom && ST_MakeEnvelope(${f.bbox[0]}, ${f.bbox[1]}, ${f.bbox[2]}, ${f.bbox[3]}, 4326)` : sql``}
      ${f.reporter ? sql`AND i.reporter = ${f.reporter}` : sql``}
      ${f.beforeNumber !== undefined ? sql`AND i.number < ${f.beforeNumber.toString()}` : sql``}
    ORDER BY i.number DESC
    LIMIT ${f.limit}`
}

/**
 * What a console starts from: every issue of the room that is open or changed since `activeSince`,
 * newest first (at most `limit`), and the seq of the last event that snapshot includes — read in one
 * repeatable-read transaction, so a socket that asks for the events after it misses none and gets
 * none twice. With `finishedBefore`, only the finished ones changed in [activeSince, finishedBefore):
 * what a snapshot of a shorter window left out, read after it.
 */
export async function selectLiveIssues(
  sql: Sql,
  f: { room: string; activeSince: Date; limit: number; beforeNumber?: bigint; finishedBefore?: Date },
): Promise<{ rows: IssueSummaryRow[]; lastSeq: number }> {
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const before = f.beforeNumber !== undefined ? tx`AND i.number < ${f.beforeNumber.toString()}` : tx``
    // The open ones by their partial index on number, the finished ones by updated_at (migration 0014):
    // one OR over both walked the number index back through every issue of a year.
    const open = tx`
        (SELECT i.* FROM issues i
          WHERE i.status NOT IN ('closed', 'rejected', 'merged') AND ${scopeCondition(tx, f.room)} ${before}
          ORDER BY i.number DESC LIMIT ${f.limit})
        UNION ALL`
    const rows = await tx<IssueSummaryRow[]>`
      SELECT ${SUMMARY_COLUMNS(tx)} FROM (
        ${f.finishedBefore ? tx`` : open}
        (SELECT i.* FROM issues i
          WHERE i.updated_at >= ${f.activeSince} ${f.finishedBefore ? tx`AND i.updated_at < ${f.finishedBefore}` : tx``}
            AND i.status IN ('closed', 'rejected', 'merged') AND ${scopeCondition(tx, f.room)} ${before}
          ORDER BY i.number DESC LIMIT ${f.limit})
      ) i
      ORDER BY i.number DESC
      LIMIT ${f.limit}`
    return { rows, lastSeq: await selectHeadSeq(tx) }
  })
}

/**
 * Every issue with an event after `afterSeq`, and the seq of the last event, read together (one
 * repeatable-read transaction): the issues held in memory brought to that seq
 * (server/issues/live-snapshot.ts). 'too-far' when more than `maxEvents` events came since.
 */
export async function selectIssuesChangedAfter(
  sql: Sql,
  afterSeq: number,
  maxEvents: number,
): Promise<{ rows: IssueSummaryRow[]; lastSeq: number } | 'too-far'> {
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const lastSeq = await selectHeadSeq(tx)
    if (lastSeq - afterSeq > maxEvents || lastSeq < afterSeq) return 'too-far' as const
    if (lastSeq === afterSeq) return { rows: [], lastSeq }
    const rows = await tx<IssueSummaryRow[]>`
      SELECT ${SUMMARY_COLUMNS(tx)} FROM issues i
      WHERE (i.id, i.reported_at) IN (SELECT e.issue_id, e.reported_at FROM issue_events e WHERE e.seq > ${afterSeq} AND e.seq <= ${lastSeq})`
    return { rows, lastSeq }
  })
}

/** Time limits per colour and stage, in minutes. */
export async function selectTimeLimits(sql: Db): Promise<{ colour: TriageColour; stage: string; minutes: number }[]> {
  return sql`SELECT colour, stage, minutes FROM issue_time_limits`
}

export interface Actor {
  username: string
  role: Role
}

/** The issues and events the evaluation figures of [from, to) need, in one snapshot. */
export async function selectFigureRows(sql: Sql, f: { room: string; from: Date; to: Date; area?: string; areaLevel?: string }) {
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const issues = await tx<
      { id: string; status: IssueStatus; colour: TriageColour; reported_at: Date; stage_started_at: Date; street_code: string | null; department: string | null; community_code: string | null; grid_code: string | null; reporter: string }[]
    >`
      SELECT i.id, i.status, i.colour, i.reported_at, i.stage_started_at, i.street_code, i.department, i.community_code, i.grid_code, i.reporter FROM issues i
      WHERE ${scopeCondition(tx, f.room)} AND ${f.area ? areaCondition(tx, f.area, f.areaLevel) : tx`true`}
        AND ((i.reported_at >= ${f.from} AND i.reported_at < ${f.to})
          OR i.status NOT IN ${tx(TERMINAL_STATUSES as IssueStatus[])}
          -- An issue's last event is at its updated_at: one last changed before the period has none in it
          -- (on a grid's year this spared 3,650 of 4,141 probes of the log, 160 of 190 ms).
          OR (i.updated_at >= ${f.from} AND EXISTS (SELECT 1 FROM issue_events e WHERE e.issue_id = i.id AND e.reported_at = i.reported_at AND e.at >= ${f.from} AND e.at < ${f.to})))`
    // Their logs, each issue's in its own month only: an event is stored in the month its issue was
    // reported in (the log's partition key, migration 0018), so the issues are taken by the month of
    // their report and each group's ids probe that month's partition alone (its bounds constants, so
    // the planner keeps that one). Before, every id probed every month from the earliest of them on:
    // a busy grid's 30 days (1,565 issues over three months) made 4,700 index probes for 1,565.
    // Not a join on (id, month) pairs from an array: the planner, blind to the array's size, hashed
    // the whole log for it (a street's week 6.5 s, 0.34 s so).
    const events = issues.length
      ? await tx<{ issue_id: string; type: string; from_status: IssueStatus | null; to_status: IssueStatus; at: Date; rating: number | null; actor: string; actor_role: string }[]>`
          SELECT issue_id, type, from_status, to_status, at, rating, actor, actor_role FROM (
            ${groupByReportMonth(issues)
              .map((g) => tx`
                SELECT e.seq, e.issue_id, e.type, e.from_status, e.to_status, e.at, (e.data ->> 'rating')::int AS rating, e.actor, e.actor_role FROM issue_events e
                WHERE e.issue_id = ANY(${g.ids}::uuid[]) AND e.reported_at >= ${g.from} AND e.reported_at < ${g.to}`)
              .reduce((a, b) => tx`${a} UNION ALL ${b}`)}
          ) e ORDER BY seq`
      : []
    return { issues, events }
  })
}
