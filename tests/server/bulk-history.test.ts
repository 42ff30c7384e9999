// The bulk history writer (server/demo/bulk-write-history.ts) on this run's engine, on the demo
// district: a gapless log in time order whose issues stand where their last event left them; the
// months loaded frozen (every page all-visible); every index and key of the loaded tables back (and
// the foreign keys holding); snapshots and rooms only on the last days' events; the figures' day rows
// equal to the figures computed from the issues; a second run refused on a log that is no longer
// empty, and on issues left without their log; and the server carrying on from it (a
// report gets the next seq, and a client far behind is told to reload its snapshot).
import pino from 'pino'
import { createScratchDatabase } from './test-db.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TIME_ZONE, getStartOfDay } from '../../core/domain/city-time.js'
import { startServer, type RunningServer } from '../../server/index.js'
import { writeHistoryInBulk, type BulkHistory } from '../../server/demo/bulk-write-history.js'
import { ROLLUP_COLUMNS } from '../../server/demo/history-rollup-batch.js'
import { computeFromIssues, readFromRollups } from '../../server/issues/read-figures.js'
import { connectClient, login, newReport, postJson } from './live-helpers.js'

const DAYS = 20
let server: RunningServer
let written: BulkHistory
let cleanup = async () => {}
const end = new Date()

beforeAll(async () => {
  const scratch = await createScratchDatabase('bulk_history')
  const where = scratch.where
  cleanup = scratch.cleanup
  server = await startServer(
    { ...where, redisUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: true, demoUsers: true, demoPassword: 'bulk-pw', demoHistoryDays: 0, demoActivity: false, basemap: { kind: 'none' } },
    pino({ level: 'silent' }),
  )
  written = await writeHistoryInBulk(server.db.sql, { days: DAYS, perDay: 100, end, timeZone: DEFAULT_TIME_ZONE, limits: server.issues.limits, snapshotDays: 2 })
}, 300_000)

afterAll(async () => {
  await server?.close()
  await cleanup()
})

const sql = () => server.db.sql

describe('the bulk history writer', () => {
  it('writes a gapless log in time order, each issue where its last event left it', async () => {
    expect(written.issues).toBeGreaterThan(DAYS * 60)
    expect(written.events).toBeGreaterThan(written.issues * 4)
    const [log] = await sql()<{ n: number; max: number; ordered: boolean; head: number }[]>`
      SELECT count(*)::int AS n, max(seq)::int AS max, bool_and(at >= prev_at OR prev_at IS NULL) AS ordered,
        (SELECT seq::int FROM issue_event_head) AS head
      FROM (SELECT seq, at, lag(at) OVER (ORDER BY seq) AS prev_at FROM issue_events) e`
    expect(log).toEqual({ n: written.events, max: written.events, ordered: true, head: written.events })
    const [mismatch] = await sql()<{ n: number }[]>`
      SELECT count(*)::int AS n FROM issues i
      WHERE i.seq <> (SELECT max(seq) FROM issue_events e WHERE e.issue_id = i.id)
         OR i.status <> (SELECT to_status FROM issue_events e WHERE e.seq = i.seq)
         OR i.department IS DISTINCT FROM (SELECT department FROM issue_events e WHERE e.seq = i.seq)`
    expect(mismatch.n).toBe(0)
  })

  it('loads the months frozen: their pages all-visible from the load on, so index-only scans answer from the start', async () => {
    const months = await sql()<{ name: string; pages: number; visible: number }[]>`
      SELECT c.relname AS name, c.relpages AS pages, c.relallvisible AS visible
      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent IN ('issues'::regclass, 'issue_events'::regclass) AND c.relpages > 0`
    // The history spans DAYS days: a month or two of each table, with rows.
    expect(months.length).toBeGreaterThanOrEqual(2)
    // COPY … FREEZE marks every page it fills all-visible (and all-frozen) as it loads; the closing
    // VACUUM (ANALYZE) counts them into relallvisible. Without FREEZE, a VACUUM on the server cannot
    // mark a page while any session holds a snapshot older than the load (autovacuum analysing the
    // demo tables just seeded, say), and PGlite's left some pages unmarked: none of that here.
    for (const m of months) expect(m.visible, m.name).toBe(m.pages)
    if (server.db.engine !== 'server') return
    // On the server the visibility map itself says it (pg_visibility, in PostgreSQL's contrib): every
    // page all-frozen, which only FREEZE gives — VACUUM (ANALYZE) marks pages all-visible, not frozen.
    await sql()`CREATE EXTENSION IF NOT EXISTS pg_visibility`
    const maps = await sql()<{ name: string; pages: number; frozen: number }[]>`
      SELECT c.relname AS name, c.relpages AS pages, (pg_visibility_map_summary(c.oid)).all_frozen::int AS frozen
      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent IN ('issues'::regclass, 'issue_events'::regclass) AND c.relpages > 0`
    for (const m of maps) expect(m.frozen, m.name).toBe(m.pages)
  })

  it('refuses to empty tables that hold issues, even with an empty log (the load truncates them to write them frozen)', async () => {
    // Issues whose events are gone: the log's head at 0 passes the first guard, the second must hold.
    await sql()`UPDATE issue_event_head SET seq = 0`
    try {
      await expect(writeHistoryInBulk(sql(), { days: 1, perDay: 10, end, timeZone: DEFAULT_TIME_ZONE, limits: server.issues.limits })).rejects.toThrow(/issues table already holds rows/)
    } finally {
      await sql()`UPDATE issue_event_head SET seq = ${written.events}`
    }
    const [n] = await sql()<{ issues: number; events: number }[]>`SELECT (SELECT count(*)::int FROM issues) AS issues, (SELECT count(*)::int FROM issue_events) AS events`
    expect(n).toEqual({ issues: written.issues, events: written.events })
  })

  it('puts every index and key back, and the foreign keys hold', async () => {
    const [keys] = await sql()<{ p: number; u: number; f: number; idx: number }[]>`
      SELECT count(*) FILTER (WHERE contype = 'p')::int AS p, count(*) FILTER (WHERE contype = 'u')::int AS u,
        count(*) FILTER (WHERE contype = 'f')::int AS f,
        (SELECT count(*)::int FROM pg_indexes WHERE tablename IN ('issues', 'issue_events', 'issue_photos', 'issue_ids')) AS idx
      FROM pg_constraint WHERE conrelid::regclass::text IN ('issues', 'issue_events', 'issue_photos', 'issue_ids')`
    // Keys: (id, month) of issues, (seq, month) of the log, the photo links', the ids'; foreign keys:
    // an issue's reporter and area, a link's photo (migration 0018 dropped those into the months).
    expect(keys).toMatchObject({ p: 4, u: 0, f: 3 })
    expect(keys.idx).toBeGreaterThanOrEqual(20)
    const [ids] = await sql()<{ issues: number; ids: number; misplaced: number }[]>`
      SELECT (SELECT count(*)::int FROM issues) AS issues, (SELECT count(*)::int FROM issue_ids i JOIN issues USING (id, reported_at)) AS ids,
        (SELECT count(*)::int FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE e.reported_at <> i.reported_at) AS misplaced`
    expect(ids.ids).toBe(ids.issues)
    expect(ids.misplaced).toBe(0)
    // The photo links' one foreign key left: the photo.
    await expect(sql()`INSERT INTO issue_photos (issue_id, sha256, event_seq, position) VALUES (gen_random_uuid(), 'x', 1, 0)`).rejects.toThrow(/foreign key|violates/)
    // Every index of the months is built and valid, on every month (not `ON ONLY` the parent).
    const [months] = await sql()<{ parents: number; invalid: number; months: number; monthIndexes: number }[]>`
      SELECT (SELECT count(*)::int FROM pg_indexes WHERE tablename = 'issues') AS parents,
        (SELECT count(*)::int FROM pg_index WHERE NOT indisvalid) AS invalid,
        (SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'issues'::regclass) AS months,
        (SELECT count(*)::int FROM pg_indexes p JOIN pg_inherits h ON h.inhrelid = (p.schemaname || '.' || p.tablename)::regclass
          WHERE h.inhparent = 'issues'::regclass) AS "monthIndexes"`
    expect(months.invalid).toBe(0)
    expect(months.monthIndexes).toBe(months.parents * months.months)
    // The rollup tables, loaded frozen with their keys set aside, have them back (the job's upserts need them).
    const rollupKeys = await sql()<{ table: string }[]>`
      SELECT conrelid::regclass::text AS table FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text IN ${sql()(Object.keys(ROLLUP_COLUMNS))} ORDER BY 1`
    expect(rollupKeys.map((k) => k.table)).toEqual(Object.keys(ROLLUP_COLUMNS).sort())
    // The cell days' key, built after its rows, is still the one the table is clustered on (migration 0015).
    const [cells] = await sql()<{ clustered: string | null }[]>`
      SELECT (SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'issue_cell_days'::regclass AND i.indisclustered) AS clustered`
    expect(cells.clustered).toBe('issue_cell_days_pkey')
  })

  it("writes each issue's photo count, and puts back the trigger that keeps it", async () => {
    const [row] = await sql()<{ wrong: number; counted: number }[]>`
      SELECT count(*) FILTER (WHERE i.photo_count <> (SELECT count(*) FROM issue_photos p WHERE p.issue_id = i.id))::int AS wrong,
        sum(i.photo_count)::int AS counted FROM issues i`
    expect(row.wrong).toBe(0)
    expect(row.counted).toBeGreaterThan(0)
    const [trigger] = await sql()<{ enabled: string }[]>`SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = 'issue_photos_count'`
    expect(trigger.enabled).toBe('O')
  })

  it('keeps snapshots and rooms on the last days only', async () => {
    const cut = new Date(end.getTime() - 2 * 86_400_000)
    const [s] = await sql()<{ old_with: number; new_without: number; new_rooms: number }[]>`
      SELECT count(*) FILTER (WHERE at < ${cut} AND (issue IS NOT NULL OR rooms <> '{}'))::int AS old_with,
        count(*) FILTER (WHERE at >= ${cut} AND issue IS NULL)::int AS new_without,
        count(*) FILTER (WHERE at >= ${cut} AND 'all' = ANY (rooms))::int AS new_rooms
      FROM issue_events`
    expect(s.old_with).toBe(0)
    expect(s.new_without).toBe(0)
    expect(s.new_rooms).toBeGreaterThan(0)
  })

  it("sums the figures' day rows, and a grid's, as the issues give them", async () => {
    const now = new Date()
    const [{ grid }] = await sql()<{ grid: string }[]>`SELECT grid_code AS grid FROM issues WHERE grid_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`
    const [{ rows }] = await sql()<{ rows: number }[]>`SELECT count(*)::int AS rows FROM issue_figure_grid_days WHERE grid_code = ${grid}`
    expect(rows).toBeGreaterThan(0)
    for (const from of [getStartOfDay(new Date(now.getTime() - 10 * 86_400_000), DEFAULT_TIME_ZONE), new Date(now.getTime() - (DAYS + 2) * 86_400_000)]) {
      for (const [scope, area] of [[{}, undefined], [{ gridCode: grid }, grid]] as const) {
        const period = { room: 'all', area, from, to: now, now }
        const fromRollups = await readFromRollups(server.issues, scope, period)
        const fromIssues = await computeFromIssues(server.issues, period)
        const strip = (r: typeof fromIssues) => JSON.parse(JSON.stringify(r, (k, v) => (k.startsWith('median') ? undefined : v)))
        expect(strip(fromRollups)).toEqual(strip(fromIssues))
        expect(fromIssues.total.reported).toBeGreaterThan(0)
        expect(Math.abs(fromRollups.total.medianResolveMinutes! - fromIssues.total.medianResolveMinutes!)).toBeLessThanOrEqual(0.01 * fromIssues.total.medianResolveMinutes!)
      }
    }
  })

  it("counts every issue in the hotspots' cells, once at each level, on its city day", async () => {
    const cells = await server.db.sql<{ level: string; n: number }[]>`
      SELECT level, sum(red + orange + yellow + blue)::int AS n FROM issue_cell_days GROUP BY level ORDER BY level`
    const [issues] = await server.db.sql<{ all: number; in_grid: number }[]>`SELECT count(*)::int AS all, count(grid_code)::int AS in_grid FROM issues`
    expect(cells).toEqual([
      { level: 'grid', n: issues.in_grid },
      { level: 'r10', n: issues.all },
      { level: 'r7', n: issues.all },
      { level: 'r8', n: issues.all },
      { level: 'r9', n: issues.all },
    ])
    const [days] = await server.db.sql<{ wrong: number }[]>`
      SELECT count(*)::int AS wrong FROM issue_cell_days d
      WHERE d.level = 'r8' AND d.red + d.orange + d.yellow + d.blue <> (SELECT count(*) FROM issues i
        WHERE i.h3_r8 = d.key AND (i.reported_at AT TIME ZONE ${DEFAULT_TIME_ZONE})::date = d.day AND coalesce(i.street_code, '') = d.street_code)`
    expect(days.wrong).toBe(0)
  })

  it('refuses a second history on a log that holds events', async () => {
    await expect(writeHistoryInBulk(server.db.sql, { days: 2, perDay: 10, end, timeZone: DEFAULT_TIME_ZONE, limits: server.issues.limits })).rejects.toThrow(/already holds/)
    const [{ n }] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM issue_events`
    expect(n).toBe(written.events)
  })

  it('carries on from it: a report takes the next seq, and a client far behind reloads its snapshot', async () => {
    const worker = await login(server.url, 'worker', 'bulk-pw')
    const operator = await login(server.url, 'operator', 'bulk-pw')
    // A client at the head sees the report live: the relay, which read the bulk-written log after the
    // server started (10,500 of its 13,069 events when a far client once came in), has reached it.
    const current = connectClient(server.url, operator, written.events)
    await current.replayDone
    const res = await postJson(server.url, '/api/issues', worker, newReport())
    expect(res.status).toBe(201)
    expect(res.body.issue.seq).toBe(written.events + 1)
    await current.waitFor(1)
    expect(current.events.map((e) => e.seq)).toEqual([written.events + 1])
    current.close()
    const far = connectClient(server.url, operator, 1)
    expect(await far.replayDone).toMatchObject({ stale: true, lastSeq: written.events + 1 })
    far.close()
  })
})
