// Writes the demo's past into a fresh database: a grid worker for every grid, then the planned
// issues and their event log in batches (one INSERT … SELECT FROM jsonb_to_recordset per 1,000
// rows, on both engines), the log's head and the issue numbers moved past them. Only on a database
// whose log is empty: the seqs are 1…N, so they must be the first.
import { randomBytes } from 'node:crypto'
import type { Sql } from '../db/client.js'
import { ensureIssueMonths } from '../db/queries/issue-months.js'
import { hashPassword } from '../auth/passwords.js'
import { getIssueCells } from '../../core/domain/issue-cells.js'
import { CHECK_PHOTO, CHECK_PHOTO_SHA256, createDemoWorld, type DemoPlace, type DemoStaff, type DemoWorld } from './demo-world.js'
import { planIssueHistory, type HistoryOptions, type PlannedHistory } from './plan-issue-history.js'

/** The seed of the demo's world: its hotspots are the same at every first start and in the live activity. */
export const DEMO_WORLD_SEED = 20_261_202

const BATCH = 1000

/** The buildings with residents and the areas each lies in (the demo's buildings carry their grid). */
export async function selectDemoPlaces(sql: Sql): Promise<DemoPlace[]> {
  return sql<DemoPlace[]>`
    SELECT ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat, d.population, g.code AS "gridCode", c.code AS "communityCode",
      s.code AS "streetCode", t.code AS "districtCode"
    FROM demand_points d
    JOIN areas g ON g.code = d.area_code AND g.level = 'grid'
    LEFT JOIN areas c ON c.code = g.parent_code AND c.level = 'community'
    LEFT JOIN areas s ON s.code = c.parent_code AND s.level = 'street'
    LEFT JOIN areas t ON t.code = s.parent_code AND t.level = 'district'
    WHERE d.population > 0
    ORDER BY d.id`
}

/** The demo's world on this database: its buildings, its district's box, and its staff (the demo accounts and a worker per grid). */
export async function loadDemoWorld(sql: Sql): Promise<DemoWorld | null> {
  const places = await selectDemoPlaces(sql)
  const [box] = await sql<{ w: number; s: number; e: number; n: number }[]>`
    SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
    FROM (SELECT ST_Extent(geom)::geometry AS e FROM areas WHERE level = 'district') x`
  const [worker] = await sql<{ area_code: string }[]>`SELECT area_code FROM users WHERE username = 'worker'`
  if (places.length === 0 || box?.w == null) return null
  const staff: DemoStaff = {
    operator: 'operator',
    admin: 'admin',
    workerOf: (grid) => (grid === worker?.area_code ? 'worker' : gridWorkerName(grid)),
  }
  return createDemoWorld(DEMO_WORLD_SEED, places, [box.w, box.s, box.e, box.n], staff)
}

/** The demo grid worker of a grid: gw- and its code (520602003010-G08 → gw-520602003010-g08). */
export function gridWorkerName(gridCode: string): string {
  return `gw-${gridCode.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`.slice(0, 40)
}

/**
 * Creates the accounts the history names that do not exist yet: a grid worker per grid, and the
 * operator and inspector if the demo accounts were not created. They get a random password nobody
 * knows (`npm run users -- reset-password NAME` opens one); existing accounts are left as they are.
 */
export async function ensureDemoStaff(sql: Sql): Promise<number> {
  const grids = await sql<{ code: string; name: string; district: string }[]>`
    SELECT g.code, g.name, (SELECT code FROM areas WHERE level = 'district' ORDER BY code LIMIT 1) AS district
    FROM areas g WHERE g.level = 'grid' ORDER BY g.code`
  if (grids.length === 0) return 0
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'))
  const rows = [
    { username: 'operator', display_name: '指挥中心值班员', role: 'operator', area_code: grids[0].district, password_hash: passwordHash, demo: true },
    { username: 'admin', display_name: '系统管理员', role: 'admin', area_code: grids[0].district, password_hash: passwordHash, demo: true },
    ...grids.map((g) => ({ username: gridWorkerName(g.code), display_name: `网格员（${g.name}）`, role: 'grid_worker', area_code: g.code, password_hash: passwordHash, demo: true })),
  ]
  const inserted = await sql`INSERT INTO users ${sql(rows, 'username', 'display_name', 'role', 'area_code', 'password_hash', 'demo')}
    ON CONFLICT (username) DO NOTHING RETURNING username`
  return inserted.count
}

export interface SeededHistory {
  issues: number
  events: number
  open: number
  seconds: number
}

/**
 * Plans and writes `days` of history ending now; nothing when the log already holds events or the
 * database has no demo buildings. One transaction: an interrupted start leaves no half history.
 */
export async function seedIssueHistory(
  sql: Sql,
  options: Omit<HistoryOptions, 'seed'> & { onProgress?: (message: string) => void },
): Promise<SeededHistory | null> {
  const started = performance.now()
  const [head] = await sql<{ seq: string }[]>`SELECT seq::text FROM issue_event_head`
  if (Number(head.seq) > 0 || options.days <= 0) return null
  await ensureDemoStaff(sql)
  const world = await loadDemoWorld(sql)
  if (!world) return null
  const plan = planIssueHistory(world, { ...options, seed: DEMO_WORLD_SEED })
  const written = await sql.begin(async (tx) => {
    // The head row locked first, and the log still empty under that lock: a report from another
    // process waits for this commit and then takes seq N + 1; one that came first makes this a no-op.
    const [locked] = await tx<{ seq: string }[]>`SELECT seq::text FROM issue_event_head FOR UPDATE`
    if (Number(locked.seq) > 0) return false
    await writeHistory(tx as unknown as Sql, plan, options.onProgress)
    return true
  })
  if (!written) return null
  const open = plan.issues.filter((i) => !['closed', 'rejected', 'merged'].includes(i.issue.status)).length
  return { issues: plan.issues.length, events: plan.events.length, open, seconds: (performance.now() - started) / 1000 }
}

async function writeHistory(sql: Sql, plan: PlannedHistory, onProgress?: (message: string) => void): Promise<void> {
  // The issues' months (the stream gives them out in the order they end, not as reported).
  const times = plan.issues.map((i) => Date.parse(i.issue.reportedAt))
  if (times.length) await ensureIssueMonths(sql, new Date(times.reduce((a, b) => Math.min(a, b))), new Date(times.reduce((a, b) => Math.max(a, b))))
  for (let i = 0; i < plan.issues.length; i += BATCH) {
    const rows = plan.issues.slice(i, i + BATCH).map(({ issue: s, number, requestHash, callerName, callerPhone }) => ({
      id: s.id, number, code: s.code, request_hash: requestHash, category: s.category, description: s.description,
      importance: s.importance, urgency: s.urgency, colour: s.colour, status: s.status, source: s.source, reporter: s.reporter,
      caller_name: callerName, caller_phone: callerPhone, assignee: s.assignee, department: s.department, rating: s.rating,
      area_code: s.areaCode, grid_code: s.gridCode, community_code: s.communityCode, street_code: s.streetCode,
      district_code: s.districtCode, out_of_area: s.outOfArea, lon: s.lon, lat: s.lat, seq: s.seq,
      reported_at: s.reportedAt, updated_at: s.updatedAt, stage_started_at: s.stageStartedAt, ...getIssueCells(s.lon, s.lat),
    }))
    await sql`
      INSERT INTO issues (id, number, code, request_hash, category, description, importance, urgency, colour, status, source,
        reporter, caller_name, caller_phone, assignee, department, rating, area_code, grid_code, community_code, street_code,
        district_code, out_of_area, geom, raw_lon, raw_lat, raw_crs, seq, reported_at, updated_at, stage_started_at,
        h3_r7, h3_r8, h3_r9, h3_r10)
      SELECT id, number, code, request_hash, category, description, importance, urgency, colour, status, source,
        reporter, caller_name, caller_phone, assignee, department, rating, area_code, grid_code, community_code, street_code,
        district_code, out_of_area, ST_SetSRID(ST_MakePoint(lon, lat), 4326), lon, lat, 'wgs84', seq, reported_at, updated_at,
        stage_started_at, h3_r7, h3_r8, h3_r9, h3_r10
      FROM jsonb_to_recordset(${sql.json(rows as never)}::jsonb) AS r(id uuid, number bigint, code text, request_hash text,
        category text, description text, importance text, urgency text, colour text, status text, source text, reporter text,
        caller_name text, caller_phone text, assignee text, department text, rating smallint, area_code text, grid_code text,
        community_code text, street_code text, district_code text, out_of_area boolean, lon double precision,
        lat double precision, seq bigint, reported_at timestamptz, updated_at timestamptz, stage_started_at timestamptz,
        h3_r7 text, h3_r8 text, h3_r9 text, h3_r10 text)`
  }
  await sql`INSERT INTO issue_ids (id, reported_at) SELECT id, reported_at FROM issues ON CONFLICT DO NOTHING`
  onProgress?.(`history: ${plan.issues.length} issues written`)
  for (let i = 0; i < plan.events.length; i += BATCH) {
    const rows = plan.events.slice(i, i + BATCH).map(({ event: e, issue, rooms }) => ({
      seq: e.seq, issue_id: e.issueId, type: e.type, from_status: e.fromStatus, to_status: e.toStatus, actor: e.actor,
      actor_role: e.actorRole, note: e.note, data: e.data, issue, rooms, at: e.at, department: issue.department,
      reported_at: issue.reportedAt,
    }))
    await sql`
      INSERT INTO issue_events (seq, issue_id, type, from_status, to_status, actor, actor_role, note, data, issue, rooms, at, department, reported_at)
      SELECT seq, issue_id, type, from_status, to_status, actor, actor_role, note, data, issue,
        ARRAY(SELECT jsonb_array_elements_text(rooms)), at, department, reported_at
      FROM jsonb_to_recordset(${sql.json(rows as never)}::jsonb) AS r(seq bigint, issue_id uuid, type text, from_status text,
        to_status text, actor text, actor_role text, note text, data jsonb, issue jsonb, rooms jsonb, at timestamptz, department text,
        reported_at timestamptz)`
  }
  onProgress?.(`history: ${plan.events.length} events written`)
  // The on-site checks' photo, stored once, linked to each issue's first check.
  const checks = new Map<string, number>()
  for (const { event } of plan.events) if (event.type === 'verify' && !checks.has(event.issueId)) checks.set(event.issueId, event.seq)
  if (checks.size) {
    await sql`INSERT INTO photos (sha256, mime, bytes, data) VALUES (${CHECK_PHOTO_SHA256}, 'image/png', ${CHECK_PHOTO.length}, ${CHECK_PHOTO})
      ON CONFLICT DO NOTHING`
    const links = [...checks].map(([issue_id, event_seq]) => ({ issue_id, event_seq }))
    await sql`
      INSERT INTO issue_photos (issue_id, sha256, event_seq, position)
      SELECT issue_id, ${CHECK_PHOTO_SHA256}, event_seq, 0 FROM jsonb_to_recordset(${sql.json(links as never)}::jsonb) AS l(issue_id uuid, event_seq bigint)`
  }
  const lastSeq = plan.events.length
  await sql`UPDATE issue_event_head SET seq = ${lastSeq}`
  if (plan.issues.length) await sql`SELECT setval('issue_number', ${plan.issues.length})`
}
