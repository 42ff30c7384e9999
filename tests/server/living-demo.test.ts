// The living demo on a fresh database of this run's engine (a new embedded folder, or a scratch
// database on the PostgreSQL server): the first start writes days of history with a gapless,
// time-ordered event log; the activity then reports and moves issues through the real intake, so
// a socket client sees events without anyone posting; the figures' parts add up with an
// out-of-area row; a restart writes no second history; real areas stop the activity.
import pino from 'pino'
import { createScratchDatabase } from './test-db.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getNextStatus, type IssueAction, type IssueStatus } from '../../core/domain/issue-lifecycle.js'
import { startServer, type RunningServer } from '../../server/index.js'
import type { ServerConfig } from '../../server/config.js'
import { rankHotspots, type Hotspot, type HotspotIssue } from '../../core/analysis/rank-hotspots.js'
import { getHotspots, HOTSPOT_ISSUE_IDS } from '../../server/issues/read-hotspots.js'
import { connectClient, getJson, login, type RecordingClient } from './live-helpers.js'

const PASSWORD = 'living-demo-pw'
const DAYS = 5
let where: Partial<ServerConfig>
let cleanup = async () => {}
let server: RunningServer | undefined
const clients: RecordingClient[] = []

beforeAll(async () => {
  // The history is written only into an empty event log: a database of this file's own.
  const scratch = await createScratchDatabase('living_demo')
  where = scratch.where
  cleanup = scratch.cleanup
})

afterAll(async () => {
  for (const c of clients) c.close()
  await server?.close()
  await cleanup()
})

const start = (overrides: Partial<ServerConfig> = {}) =>
  startServer(
    // No Redis (CI sets REDIS_URL for the scale-out tests): closing a server in-process on the Redis
    // Streams adapter makes the adapter's own read client reject unhandled ("Disconnects client").
    { ...where, redisUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: true, demoUsers: true, demoPassword: PASSWORD, demoHistoryDays: DAYS, demoActivity: true, basemap: { kind: 'none' }, ...overrides },
    pino({ level: 'silent' }),
    { demoActivityPeriodMs: 150 },
  )

describe('the living demo', () => {
  it('writes the history on the first start: whole lifecycles, a gapless log in time order, a small out-of-area share', { timeout: 300_000 }, async () => {
    // A first start that stopped after the demo data but before its history (as an interrupted one
    // would): the next start still writes the history, since the log is empty.
    const interrupted = await start({ demoHistoryDays: 0, demoActivity: false })
    expect(interrupted.demoHistory).toBeUndefined()
    await interrupted.close()
    server = await start()
    const history = server.demoHistory!
    // About 100 a day (fewer at weekends, the hotspots' own on top), over DAYS days ending now.
    expect(history.issues).toBeGreaterThan(DAYS * 50)
    expect(history.issues).toBeLessThan(DAYS * 160)
    const sql = server.db.sql
    const [log] = await sql<{ n: number; max: number; ordered: boolean }[]>`
      SELECT count(*)::int AS n, max(seq)::int AS max,
        bool_and(at >= prev_at OR prev_at IS NULL) AS ordered
      FROM (SELECT seq, at, lag(at) OVER (ORDER BY seq) AS prev_at FROM issue_events WHERE seq <= ${history.events}) e`
    expect(log).toEqual({ n: history.events, max: history.events, ordered: true })
    // Every step is one the lifecycle allows, and each issue stands where its last event left it.
    const steps = await sql<{ type: string; from_status: IssueStatus | null; to_status: IssueStatus }[]>`
      SELECT DISTINCT type, from_status, to_status FROM issue_events WHERE seq <= ${history.events}`
    for (const s of steps) {
      if (s.type === 'report') expect(s.to_status).toBe('reported')
      else expect(getNextStatus(s.from_status!, s.type as IssueAction), `${s.type} from ${s.from_status}`).toBe(s.to_status)
    }
    expect(new Set(steps.map((s) => s.type))).toEqual(new Set(['report', 'accept', 'reject', 'dispatch', 'escalate', 'resolve', 'verify', 'rework', 'reply', 'rate', 'close']))
    const [mismatch] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM issues i
      WHERE i.seq <> (SELECT max(seq) FROM issue_events e WHERE e.issue_id = i.id)
         OR i.status <> (SELECT to_status FROM issue_events e WHERE e.seq = i.seq)`
    expect(mismatch.n).toBe(0)
    const [mix] = await sql<{ outside: number; open: number; overdue: number; hotline: number; texts: number }[]>`
      SELECT count(*) FILTER (WHERE out_of_area)::int AS outside,
        count(*) FILTER (WHERE status NOT IN ('closed', 'rejected', 'merged'))::int AS open,
        count(*) FILTER (WHERE status IN ('reported', 'accepted', 'dispatched', 'escalated', 'resolved', 'verified')
          AND stage_started_at < now() - interval '1 day' AND colour = 'red')::int AS overdue,
        count(*) FILTER (WHERE source = 'hotline')::int AS hotline,
        count(DISTINCT description)::int AS texts
      FROM issues WHERE seq <= ${history.events}`
    // 2 % expected (about 10 of DAYS × 100): at least one, and a small share.
    expect(mix.outside).toBeGreaterThan(0)
    expect(mix.outside / history.issues).toBeLessThan(0.06)
    expect(mix.hotline / history.issues).toBeGreaterThan(0.1)
    expect(mix.open).toBeGreaterThan(0)
    expect(mix.texts).toBeGreaterThan(history.issues / 4)
    // Every on-site check carries its photo, as the intake requires of a person.
    const [checks] = await sql<{ verifies: number; unlinked: number }[]>`
      SELECT count(*)::int AS verifies,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM issue_photos p WHERE p.issue_id = e.issue_id))::int AS unlinked
      FROM issue_events e WHERE e.type = 'verify' AND e.seq <= ${history.events}`
    expect(checks.verifies).toBeGreaterThan(0)
    expect(checks.unlinked).toBe(0)
    // Reports outside the district carry no area and are not placed in one.
    const [misplaced] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM issues i WHERE out_of_area AND EXISTS (SELECT 1 FROM areas a WHERE ST_Intersects(a.geom, i.geom))`
    expect(misplaced.n).toBe(0)
  })

  it('moves by itself: a socket sees reports and steps of work nobody posted', { timeout: 120_000 }, async () => {
    const token = await login(server!.url, 'operator', PASSWORD)
    const head = (await server!.db.sql<{ seq: string }[]>`SELECT seq::text FROM issue_event_head`)[0].seq
    const client = connectClient(server!.url, token, Number(head))
    clients.push(client)
    await client.replayDone
    // Each step is a report (40 %) or a move: wait, event by event, until both kinds have come.
    const types = () => new Set(client.events.map((e) => e.type))
    const both = () => types().has('report') && [...types()].some((t) => t !== 'report')
    for (let n = 1; !both() && n <= 200; n++) await client.waitFor(n, 90_000)
    expect(types().has('report')).toBe(true)
    expect([...types()].some((t) => t !== 'report')).toBe(true)
    const config = await (await fetch(`${server!.url}/api/config`)).json()
    expect(config.demo).toEqual({ synthetic: true, activity: true })
  })

  it('gives the figures an out-of-area row, so the streets and it add up to the district', { timeout: 60_000 }, async () => {
    const token = await login(server!.url, 'operator', PASSWORD)
    const from = new Date(Date.now() - DAYS * 86_400_000).toISOString()
    const { status, body } = await getJson(server!.url, `/api/issues/figures?from=${encodeURIComponent(from)}`, token)
    expect(status).toBe(200)
    expect(body.outOfArea?.reported).toBeGreaterThan(0)
    const sum = body.byStreet.reduce((n: number, s: { reported: number }) => n + s.reported, 0) + body.outOfArea.reported
    expect(sum).toBe(body.total.reported)
  })

  it('ranks hotspots in SQL exactly as core/analysis/rank-hotspots.ts does in JavaScript (issue 17)', { timeout: 120_000 }, async () => {
    // Still data: the comparison reads the same issues twice.
    await server!.demoActivity?.stop()
    const now = new Date()
    const sql = server!.db.sql
    const rows = await sql<{ id: string; lon: number; lat: number; colour: HotspotIssue['colour']; category: string; reported_at: Date; grid_code: string | null }[]>`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, colour, category, reported_at, grid_code FROM issues
      WHERE reported_at > ${new Date(now.getTime() - 14 * 86_400_000)}`
    const issues: HotspotIssue[] = rows.map((r) => ({ id: r.id, lon: r.lon, lat: r.lat, colour: r.colour, category: r.category.split('.')[0], reportedAt: r.reported_at.getTime(), gridCode: r.grid_code }))
    const operator = { username: 'operator', displayName: '', role: 'operator' as const, area: '520602' }
    const cases = [
      { windowMs: 86_400_000, by: { kind: 'hex', resolution: 9 }, buckets: 24 },
      { windowMs: 7 * 86_400_000, by: { kind: 'hex', resolution: 8 }, buckets: 14 },
      { windowMs: 7 * 86_400_000, by: { kind: 'grid' }, buckets: 14 },
    ] as const
    for (const c of cases) {
      const fromSql = (await getHotspots(server!.issues, operator, { now, windowMs: c.windowMs, by: c.by, buckets: c.buckets, limit: 10 })).hotspots
      const fromJs = rankHotspots(issues, { now: now.getTime(), windowMs: c.windowMs, by: c.by, sparkBuckets: c.buckets }).slice(0, 10)
      expect(fromSql.length, JSON.stringify(c)).toBe(10)
      const strip = (h: Hotspot) => ({ ...h, center: h.center.map((x) => Math.round(x * 1e9) / 1e9), issueIds: h.issueIds.slice(0, HOTSPOT_ISSUE_IDS) })
      expect(fromSql.map(strip), JSON.stringify(c)).toEqual(fromJs.map(strip))
    }
    // Over HTTP, with its checks.
    const token = await login(server!.url, 'operator', PASSWORD)
    const ok = await getJson(server!.url, '/api/issues/hotspots?window=7d&by=hex&resolution=8&limit=5', token)
    expect(ok.status).toBe(200)
    expect(ok.body.hotspots).toHaveLength(5)
    const bad = await getJson(server!.url, '/api/issues/hotspots?resolution=12', token)
    expect(bad.status).toBe(400)
  })

  it('writes no second history on a restart, and stops the activity once real areas are in the database', { timeout: 300_000 }, async () => {
    const before = (await server!.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issue_events WHERE type = 'report'`)[0].n
    for (const c of clients.splice(0)) c.close()
    await server!.close()
    server = await start()
    expect(server.demoHistory).toBeUndefined()
    const after = (await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issue_events WHERE type = 'report'`)[0].n
    expect(after).toBeLessThan(before + 50)
    // An imported, real area: the activity notices at its next step and stops.
    await server.db.sql`UPDATE areas SET synthetic = false WHERE code = (SELECT code FROM areas WHERE level = 'grid' ORDER BY code LIMIT 1)`
    const activity = server.demoActivity!
    for (let i = 0; i < 300 && !activity.isStopped(); i++) await new Promise((r) => setTimeout(r, 100))
    expect(activity.isStopped()).toBe(true)
    const steps = activity.counts.reports + activity.counts.moves
    await new Promise((r) => setTimeout(r, 1000))
    expect(activity.counts.reports + activity.counts.moves).toBe(steps)
    const config = await (await fetch(`${server.url}/api/config`)).json()
    expect(config.demo).toEqual({ synthetic: false, activity: false })
  })
})
