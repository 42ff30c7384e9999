// SQL of issues: placing a point in the grid hierarchy, possible duplicates, inserts and
// updates inside the caller's transaction, and scoped reads.
import type { InputCrs } from '../../../core/domain/coordinates.js'
import type { IssueStatus, Role } from '../../../core/domain/issue-lifecycle.js'
import type { Level } from '../../../core/domain/issue-taxonomy.js'
import type { TriageColour } from '../../../core/domain/triage.js'
import type { Sql, Tx } from '../client.js'

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
  source: 'field' | 'hotline'
  reporter: string
  reporter_phone: string | null
  caller_name: string | null
  caller_phone: string | null
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
}

const ISSUE_COLUMNS = (sql: Db) => sql`
  i.id, i.number::text, i.code, i.request_hash, i.category, i.description, i.address, i.importance, i.urgency,
  i.colour, i.status, i.source, i.reporter, u.phone AS reporter_phone, i.caller_name, i.caller_phone, i.assignee,
  i.department, i.rating, i.duplicate_of, i.possible_duplicate_of, i.area_code, i.grid_code, i.community_code,
  i.street_code, i.district_code, i.out_of_area, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.raw_lon, i.raw_lat,
  i.raw_crs, i.seq::text, (SELECT count(*)::int FROM issue_photos p WHERE p.issue_id = i.id) AS photo_count,
  i.reported_at, i.updated_at, i.stage_started_at`

export interface AreaPlacement {
  areaCode: string | null
  gridCode: string | null
  communityCode: string | null
  streetCode: string | null
  districtCode: string | null
}

export interface IntakeFacts extends AreaPlacement {
  possibleDuplicateOf: string | null
  /** The issue's number, drawn from the sequence (gaps are harmless). */
  number: string
}

/**
 * What intake needs from the database before writing, in one round trip: the lowest area
 * containing the point and its ancestors, a possible duplicate, and the issue's number.
 */
export async function selectIntakeFacts(
  sql: Db,
  q: { category: string; lon: number; lat: number; duplicateMeters: number; duplicateHours: number; excludeId: string },
): Promise<IntakeFacts> {
  const point = sql`ST_SetSRID(ST_MakePoint(${q.lon}, ${q.lat}), 4326)`
  const [row] = await sql<{ chain: { code: string; level: string }[] | null; lowest: string | null; duplicate: string | null; number: string }[]>`
    WITH RECURSIVE lowest AS (
      SELECT code, level, parent_code FROM areas WHERE ST_Intersects(geom, ${point}) ORDER BY depth DESC, code LIMIT 1
    ), chain AS (
      SELECT code, level, parent_code FROM lowest
      UNION ALL
      SELECT a.code, a.level, a.parent_code FROM areas a JOIN chain c ON a.code = c.parent_code
    )
    SELECT
      (SELECT json_agg(json_build_object('code', code, 'level', level)) FROM chain) AS chain,
      (SELECT code FROM lowest) AS lowest,
      (SELECT id FROM issues
        WHERE category = ${q.category} AND id <> ${q.excludeId} AND status NOT IN ('closed', 'rejected', 'merged')
          AND reported_at > now() - make_interval(hours => ${q.duplicateHours})
          -- A box a little wider than the radius (in degrees, up to ~60° latitude) finds candidates on
          -- the GiST index; the exact test is geodesic.
          AND geom && ST_Expand(${point}, ${q.duplicateMeters / 50_000})
          AND ST_DWithin(geom::geography, ${point}::geography, ${q.duplicateMeters})
        ORDER BY geom::geography <-> ${point}::geography, reported_at DESC LIMIT 1) AS duplicate,
      nextval('issue_number')::text AS number`
  const byLevel = new Map((row.chain ?? []).map((r) => [r.level, r.code]))
  return {
    areaCode: row.lowest,
    gridCode: byLevel.get('grid') ?? null,
    communityCode: byLevel.get('community') ?? null,
    streetCode: byLevel.get('street') ?? null,
    districtCode: byLevel.get('district') ?? null,
    possibleDuplicateOf: row.duplicate,
    number: row.number,
  }
}

/** The report's first event, written with the issue. */
export interface ReportEvent {
  actor: string
  actorRole: Role
  data: Record<string, unknown>
  /** The issue as clients see it; its `seq` is filled in by the database. */
  issue: object
  rooms: string[]
}

/**
 * Writes a new issue, takes the next seq, and writes its first event and photo links — one
 * statement, so one commit: the head row's lock is held for no longer than the statement.
 * A second report with the same id fails with a unique violation (23505) and writes nothing.
 */
export async function insertReportedIssue(
  sql: Db,
  r: IssueRow & { request_hash: string },
  event: ReportEvent,
  photoHashes: string[],
): Promise<number> {
  const [row] = await sql<{ seq: string }[]>`
    WITH head AS (
      UPDATE issue_event_head SET seq = seq + 1 RETURNING seq
    ), issue AS (
      INSERT INTO issues (id, number, code, request_hash, category, description, address, importance, urgency, colour,
        status, source, reporter, caller_name, caller_phone, possible_duplicate_of, area_code, grid_code, community_code,
        street_code, district_code, out_of_area, geom, raw_lon, raw_lat, raw_crs, seq, reported_at, updated_at, stage_started_at)
      SELECT ${r.id}, ${r.number}, ${r.code}, ${r.request_hash}, ${r.category}, ${r.description}, ${r.address}, ${r.importance},
        ${r.urgency}, ${r.colour}, 'reported', ${r.source}, ${r.reporter}, ${r.caller_name}, ${r.caller_phone},
        ${r.possible_duplicate_of}, ${r.area_code}, ${r.grid_code}, ${r.community_code}, ${r.street_code}, ${r.district_code},
        ${r.out_of_area}, ST_SetSRID(ST_MakePoint(${r.lon}, ${r.lat}), 4326), ${r.raw_lon}, ${r.raw_lat}, ${r.raw_crs},
        head.seq, ${r.reported_at}, ${r.reported_at}, ${r.reported_at}
      FROM head
      RETURNING id
    ), event AS (
      INSERT INTO issue_events (seq, issue_id, type, from_status, to_status, actor, actor_role, note, data, issue, rooms, at)
      SELECT head.seq, issue.id, 'report', NULL, 'reported', ${event.actor}, ${event.actorRole}, NULL, ${sql.json(event.data as never)},
        jsonb_set(${sql.json(event.issue as never)}::jsonb, '{seq}', to_jsonb(head.seq)), ${event.rooms}, ${r.reported_at}
      FROM head, issue
      RETURNING seq
    ), links AS (
      INSERT INTO issue_photos (issue_id, sha256, event_seq, position)
      SELECT issue.id, p.sha256, event.seq, p.position - 1
      FROM issue, event, unnest(${photoHashes}::text[]) WITH ORDINALITY AS p(sha256, position)
    )
    SELECT seq::text FROM event`
  return Number(row.seq)
}

/** One issue; `forUpdate` locks its row until the transaction ends. */
export async function selectIssue(sql: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<IssueRow | undefined> {
  const [row] = await sql<IssueRow[]>`
    SELECT ${ISSUE_COLUMNS(sql)} FROM issues i JOIN users u ON u.username = i.reporter
    WHERE i.id = ${id} ${options.forUpdate ? sql`FOR UPDATE OF i` : sql``}`
  return row
}

export interface IssuePatch {
  status: IssueStatus
  assignee?: string | null
  department?: string | null
  rating?: number | null
  duplicateOf?: string | null
  /** A new stage began: its clock restarts. */
  stageChanged: boolean
}

export async function updateIssue(tx: Tx, id: string, p: IssuePatch): Promise<void> {
  await tx`
    UPDATE issues SET
      status = ${p.status},
      assignee = ${p.assignee === undefined ? tx`assignee` : p.assignee},
      department = ${p.department === undefined ? tx`department` : p.department},
      rating = ${p.rating === undefined ? tx`rating` : p.rating},
      duplicate_of = ${p.duplicateOf === undefined ? tx`duplicate_of` : p.duplicateOf},
      stage_started_at = ${p.stageChanged ? tx`now()` : tx`stage_started_at`},
      updated_at = now()
    WHERE id = ${id}`
}

export async function setIssueSeq(tx: Tx, id: string, seq: number): Promise<void> {
  await tx`UPDATE issues SET seq = ${seq} WHERE id = ${id}`
}

/** The SQL condition of a session's room (see core/domain/issue-scope.ts). */
export function scopeCondition(sql: Db, room: string) {
  if (room === 'all') return sql`true`
  if (room.startsWith('user:')) {
    const username = room.slice('user:'.length)
    return sql`(i.reporter = ${username} OR i.assignee = ${username})`
  }
  const code = room.slice('area:'.length)
  return sql`(i.grid_code = ${code} OR i.community_code = ${code} OR i.street_code = ${code} OR i.district_code = ${code})`
}

export interface IssueFilter {
  room: string
  status?: IssueStatus[]
  colour?: TriageColour[]
  category?: string[]
  /** Area code: the issue's grid, community, street or district. */
  area?: string
  since?: Date
  bbox?: [number, number, number, number]
  reporter?: string
  /** Issues with a lower number than this (the cursor of the previous page). */
  beforeNumber?: bigint
  limit: number
}

/** Newest first, scoped to the session's room. */
export async function selectIssues(sql: Sql, f: IssueFilter): Promise<IssueRow[]> {
  const categoryMatch = f.category?.length
    ? sql`AND (i.category IN ${sql(f.category)} OR split_part(i.category, '.', 1) IN ${sql(f.category)})`
    : sql``
  return sql<IssueRow[]>`
    SELECT ${ISSUE_COLUMNS(sql)} FROM issues i JOIN users u ON u.username = i.reporter
    WHERE ${scopeCondition(sql, f.room)}
      ${f.status?.length ? sql`AND i.status IN ${sql(f.status)}` : sql``}
      ${f.colour?.length ? sql`AND i.colour IN ${sql(f.colour)}` : sql``}
      ${categoryMatch}
      ${f.area ? sql`AND ${scopeCondition(sql, `area:${f.area}`)}` : sql``}
      ${f.since ? sql`AND i.reported_at >= ${f.since}` : sql``}
      ${f.bbox ? sql`AND i.geom && ST_MakeEnvelope(${f.bbox[0]}, ${f.bbox[1]}, ${f.bbox[2]}, ${f.bbox[3]}, 4326)` : sql``}
      ${f.reporter ? sql`AND i.reporter = ${f.reporter}` : sql``}
      ${f.beforeNumber !== undefined ? sql`AND i.number < ${f.beforeNumber.toString()}` : sql``}
    ORDER BY i.number DESC
    LIMIT ${f.limit}`
}

/** Time limits per colour and stage, in minutes. */
export async function selectTimeLimits(sql: Db): Promise<{ colour: TriageColour; stage: string; minutes: number }[]> {
  return sql`SELECT colour, stage, minutes FROM issue_time_limits`
}

export interface Actor {
  username: string
  role: Role
}
