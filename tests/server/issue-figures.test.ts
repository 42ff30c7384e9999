// The figures from the day rows (server/issues/figure-rollups.ts, read-figures.ts) against the same
// figures computed from every issue and event (core/domain/issue-figures.ts, the oracle), on the
// demo's history and live changes, on this run's engine: periods with and without whole days and
// edges, the city, a district, a street; rollups that lag (none at all, half the log) or are
// current; a department moved and an issue sent back after its day was rolled up. The hotspots
// ranked from the cells' day counts (read-hotspots.ts) against core/analysis/rank-hotspots.ts over
// every issue, at the same lags.
import pino from 'pino'
import { createScratchDatabase } from './test-db.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeIssueFigures, type FigureIssue, type IssueFiguresReport, type IssueFigures } from '../../core/domain/issue-figures.js'
import { getDeadline } from '../../core/domain/issue-lifecycle.js'
import { startServer, type RunningServer } from '../../server/index.js'
import { computeFromIssues, getIssueFigures, getNarrowerArea, getRollupScope, readFromRollups, type Period } from '../../server/issues/read-figures.js'
import { rollUpFigures } from '../../server/issues/figure-rollups.js'
import { fillGridRollups } from '../../server/issues/fill-grid-rollups.js'
import { transitionIssue } from '../../server/issues/transition-issue.js'
import { DEFAULT_TIME_ZONE, getStartOfDay } from '../../core/domain/city-time.js'
import type { RollupScope } from '../../server/db/queries/figure-rollups.js'
import { rankHotspots, type Hotspot, type HotspotIssue } from '../../core/analysis/rank-hotspots.js'
import { getHotspots, HOTSPOT_ISSUE_IDS } from '../../server/issues/read-hotspots.js'
import { groupByReportMonth } from '../../server/db/queries/issues.js'
import { ensureIssueMonths } from '../../server/db/queries/issue-months.js'
import { reportIssue } from '../../server/issues/report-issue.js'
import { randomUUID } from 'node:crypto'
import type { SessionUser } from '../../core/wire/issues.js'
import ExcelJS from 'exceljs'
import type { AreaIndicators } from '../../core/domain/evaluation-indicators.js'
import type { EvaluationResponse } from '../../core/wire/evaluation.js'
import { getCityDay, getStartOfCityDay } from '../../core/domain/city-time.js'

const DAYS = 12
let server: RunningServer
let cleanup = async () => {}

beforeAll(async () => {
  const scratch = await createScratchDatabase('figures')
  const where = scratch.where
  cleanup = scratch.cleanup
  server = await startServer(
    { ...where, redisUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: true, demoUsers: true, demoPassword: 'figures-pw', demoHistoryDays: DAYS, demoActivity: false, basemap: { kind: 'none' } },
    pino({ level: 'silent' }),
    // The test rolls up itself, to see the figures at every lag.
    { figureRollupPeriodMs: 0 },
  )
}, 300_000)

afterAll(async () => {
  await server?.close()
  await cleanup()
})

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The medians within the buckets' 1 % (or a second); everything else exactly. */
function expectSameFigures(actual: IssueFiguresReport, expected: IssueFiguresReport, label: string) {
  const medians = (f: IssueFigures) => [f.medianAcceptMinutes, f.medianResolveMinutes]
  const rows = (r: IssueFiguresReport) => [r.total, ...r.byStreet, ...(r.outOfArea ? [r.outOfArea] : []), ...r.byDepartment]
  const strip = (r: IssueFiguresReport) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'medianAcceptMinutes' || k === 'medianResolveMinutes' ? undefined : v)))
  expect(strip(actual), label).toEqual(strip(expected))
  const a = rows(actual).flatMap(medians)
  const e = rows(expected).flatMap(medians)
  expect(a.length, label).toBe(e.length)
  a.forEach((m, k) => {
    if (e[k] === null) return expect(m, label).toBeNull()
    expect(Math.abs(m! - e[k]!), `${label}: median ${k}: ${m} against ${e[k]}`).toBeLessThanOrEqual(Math.max(0.01 * e[k]!, 1 / 60) + 1e-9)
  })
}

async function streetAndDistrict() {
  const [street] = await server.db.sql<{ code: string; parent_code: string }[]>`
    SELECT a.code, a.parent_code FROM areas a WHERE a.level = 'street'
    ORDER BY (SELECT count(*) FROM issues i WHERE i.street_code = a.code) DESC LIMIT 1`
  // The busiest grid: the most issues, and so the most items on the periods' edges.
  const [grid] = await server.db.sql<{ code: string }[]>`SELECT grid_code AS code FROM issues WHERE grid_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`
  return { street: street.code, district: street.parent_code, grid: grid.code }
}

async function compareAll(label: string) {
  const now = new Date()
  const { street, district, grid } = await streetAndDistrict()
  const periods = [
    { name: 'the last 90 minutes', from: new Date(now.getTime() - 1.5 * HOUR), to: now },
    { name: 'today from its midnight', from: startOfCityDay(now), to: now },
    { name: 'seven days to now', from: startOfCityDay(new Date(now.getTime() - 7 * DAY)), to: now },
    { name: 'odd hours at both ends', from: new Date(now.getTime() - 9 * DAY - 5.3 * HOUR), to: new Date(now.getTime() - 2 * DAY + 1.7 * HOUR) },
    { name: 'from ten past a midnight (a day of whole hours)', from: new Date(startOfCityDay(new Date(now.getTime() - 6 * DAY)).getTime() + 10 * 60_000), to: now },
    { name: 'the whole history', from: new Date(now.getTime() - (DAYS + 3) * DAY), to: now },
    // Ends near the hour before them (read raw) and near the hour after them (an hour row less the rest, read raw).
    { name: 'fifty past an hour to a quarter past', from: new Date(Math.floor((now.getTime() - 8 * DAY) / HOUR) * HOUR + 50 * 60_000), to: new Date(Math.floor((now.getTime() - 3 * DAY) / HOUR) * HOUR + 15 * 60_000) },
    { name: 'ten past an hour to a quarter to', from: new Date(Math.floor((now.getTime() - 9 * DAY) / HOUR) * HOUR + 10 * 60_000), to: new Date(Math.floor((now.getTime() - 2 * DAY) / HOUR) * HOUR + 45 * 60_000) },
  ]
  const scopes: { name: string; scope: RollupScope; room: string; area?: string }[] = [
    { name: 'the city', scope: {}, room: 'all' },
    { name: 'a district', scope: { districtCode: district }, room: `area:${district}` },
    { name: 'a street', scope: { streetCode: street }, room: 'all', area: street },
    { name: "a street leader's street", scope: { streetCode: street }, room: `area:${street}` },
    { name: 'a grid', scope: { gridCode: grid }, room: 'all', area: grid },
  ]
  for (const p of periods) {
    for (const s of scopes) {
      const period: Period = { room: s.room, area: s.area, from: p.from, to: p.to, now }
      const [fromRollups, fromIssues] = [await readFromRollups(server.issues, s.scope, period), await computeFromIssues(server.issues, period)]
      expectSameFigures(fromRollups, fromIssues, `${label}: ${p.name}, ${s.name}`)
      if (p.name === 'the whole history' && s.name === 'the city') expect(fromIssues.total.reported).toBeGreaterThan(DAYS * 50)
    }
  }
}

/** Every case of getHotspots against rankHotspots over all issues: windows, levels, scopes, `now` on and off the hour. */
async function compareHotspots(label: string) {
  const { street, district } = await streetAndDistrict()
  // The grid and the community with the most issues of the last day among those with issues in the
  // week that ends two days and 5.3 hours ago as well (the cases below): any one may have none in a window,
  // and the busiest of the last day alone had none in that week on one day's demo history (CI, 2026-12-06).
  const busiest = (column: 'grid_code' | 'community_code') => server.db.sql<{ code: string }[]>`
    SELECT ${server.db.sql(column)} AS code FROM issues WHERE ${server.db.sql(column)} IS NOT NULL
    GROUP BY ${server.db.sql(column)}
    ORDER BY count(*) FILTER (WHERE reported_at BETWEEN now() - interval '9 days' AND now() - interval '2 days 6 hours') > 0 DESC,
      count(*) FILTER (WHERE reported_at BETWEEN now() - interval '1 day' AND now()) DESC, count(*) DESC LIMIT 1`
  const [{ code: grid }] = await busiest('grid_code')
  const [{ code: community }] = await busiest('community_code')
  const rows = await server.db.sql<{ id: string; lon: number; lat: number; colour: HotspotIssue['colour']; category: string; reported_at: Date; grid_code: string | null; district_code: string | null; street_code: string | null; community_code: string | null }[]>`
    SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, colour, category, reported_at, grid_code, district_code, street_code, community_code FROM issues`
  const user = (area: string): SessionUser => ({ username: 'u', displayName: '', role: area ? 'street_leader' : 'admin', area })
  const scopes = [
    { name: 'the city', session: user(''), area: undefined, keep: () => true },
    { name: 'a district', session: user(district), area: undefined, keep: (r: (typeof rows)[number]) => r.district_code === district },
    { name: 'a street within the city', session: user(''), area: street, keep: (r: (typeof rows)[number]) => r.street_code === street },
    { name: 'a community (no rollup)', session: user(''), area: community, keep: (r: (typeof rows)[number]) => r.community_code === community },
    // A grid has figure rows of its own (migration 0027) but no cell counts: its hotspots come from its issues.
    { name: 'a grid (no cell counts)', session: user(''), area: grid, keep: (r: (typeof rows)[number]) => r.grid_code === grid },
  ]
  const now = Date.now()
  const cases = [
    { windowMs: DAY, by: { kind: 'hex', resolution: 9 }, buckets: 24, now },
    { windowMs: 7 * DAY, by: { kind: 'hex', resolution: 8 }, buckets: 14, now },
    { windowMs: 7 * DAY, by: { kind: 'hex', resolution: 10 }, buckets: 14, now: now - 2 * DAY - 5.3 * HOUR },
    { windowMs: 7 * DAY, by: { kind: 'grid' }, buckets: 14, now },
    { windowMs: 30 * DAY, by: { kind: 'hex', resolution: 7 }, buckets: 30, now: startOfCityDay(new Date(now)).getTime() },
  ] as const
  for (const s of scopes) {
    const issues: HotspotIssue[] = rows.filter(s.keep).map((r) => ({ id: r.id, lon: r.lon, lat: r.lat, colour: r.colour, category: r.category.split('.')[0], reportedAt: r.reported_at.getTime(), gridCode: r.grid_code }))
    for (const c of cases) {
      const what = `${label}: ${s.name}, ${JSON.stringify(c)}`
      const fromSql = await getHotspots(ctx(), s.session, { area: s.area, now: new Date(c.now), windowMs: c.windowMs, by: c.by, buckets: c.buckets, limit: 500, detail: 10 })
      const all = rankHotspots(issues, { now: c.now, windowMs: c.windowMs, by: c.by, sparkBuckets: c.buckets })
      expect(all.length, what).toBeGreaterThan(0)
      const strip = (h: Hotspot, k: number) => ({
        ...h,
        center: [] as number[],
        issueIds: h.issueIds.slice(0, HOTSPOT_ISSUE_IDS),
        ...(k < 10 ? {} : { categories: [], sparkline: [], issueIds: [], gridCode: c.by.kind === 'grid' ? h.key : null }),
      })
      expect(fromSql.hotspots.map(strip), what).toEqual(all.slice(0, 500).map(strip))
      // A grid's centre is a mean of coordinates: the sums are taken in another order in SQL, so the last digit may differ.
      fromSql.hotspots.forEach((h, k) => h.center.forEach((x, i) => expect(Math.abs(x - all[k].center[i]), `${what}: centre of ${h.key}`).toBeLessThan(1e-8)))
      expect(fromSql.reported, what).toBe(all.reduce((n, h) => n + h.count, 0))
    }
  }
}

const startOfCityDay = (at: Date) => getStartOfDay(at, DEFAULT_TIME_ZONE)

/** Empties the rollups (as a database from before them), under their lock. */
async function resetRollups() {
  await server.db.sql.begin(async (tx) => {
    await tx`SELECT 1 FROM issue_figure_rollup FOR UPDATE`
    await tx`DELETE FROM issue_figure_days`
    await tx`DELETE FROM issue_figure_minutes`
    await tx`DELETE FROM issue_figure_hours`
    await tx`DELETE FROM issue_figure_hour_minutes`
    await tx`DELETE FROM issue_figure_weeks`
    await tx`DELETE FROM issue_figure_week_minutes`
    await tx`DELETE FROM issue_figure_grid_days`
    await tx`DELETE FROM issue_figure_grid_minutes`
    await tx`DELETE FROM issue_cell_days`
    await tx`UPDATE issue_figure_rollup SET rolled_up_seq = 0, hours_from = '-infinity', grids_from = '-infinity'`
  })
}

const ctx = () => server.issues

/** computeFromIssues (the rows selectFigureRows keeps) gives what every issue and event of the database gives. */
async function expectFromIssuesAsFromEverything(period: Period): Promise<void> {
  const issues = await server.db.sql<{ id: string; status: FigureIssue['status']; colour: FigureIssue['colour']; reported_at: Date; street_code: string | null; department: string | null; stage_started_at: Date }[]>`
    SELECT id, status, colour, reported_at, street_code, department, stage_started_at FROM issues`
  const events = await server.db.sql<{ issue_id: string; type: string; from_status: FigureIssue['status'] | null; to_status: FigureIssue['status']; at: Date; rating: number | null }[]>`
    SELECT issue_id, type, from_status, to_status, at, (data ->> 'rating')::int AS rating FROM issue_events ORDER BY seq`
  const everything = computeIssueFigures({
    issues: issues.map((r) => ({
      id: r.id, status: r.status, colour: r.colour, reportedAt: r.reported_at, streetCode: r.street_code, department: r.department,
      dueAt: getDeadline({ status: r.status, colour: r.colour, stageStartedAt: r.stage_started_at }, server.issues.limits) ?? null,
    })),
    events: events.map((e) => ({ issueId: e.issue_id, type: e.type, fromStatus: e.from_status, toStatus: e.to_status, at: e.at, rating: e.rating })),
    ...period,
    limits: server.issues.limits,
  })
  expect(await computeFromIssues(ctx(), period), period.from.toISOString()).toEqual(everything)
}
const limits = () => ({ timeZone: DEFAULT_TIME_ZONE, limits: server.issues.limits })

describe("the issues' logs read by the month of their report", () => {
  it('group the issues by the UTC month (the partitions), each group bounded by its earliest report and a millisecond past its latest', () => {
    const at = (iso: string) => new Date(iso)
    const groups = groupByReportMonth([
      { id: 'a', reported_at: at('2026-11-30T23:59:59.999Z') },
      { id: 'b', reported_at: at('2026-12-01T00:00:00.000Z') },
      { id: 'c', reported_at: at('2026-11-02T08:00:00.000Z') },
      { id: 'd', reported_at: at('2025-11-15T00:00:00.000Z') },
      { id: 'e', reported_at: at('2026-12-01T00:00:00.000Z') },
    ])
    expect(groups.map((g) => ({ ids: g.ids, from: g.from.toISOString(), to: g.to.toISOString() }))).toEqual([
      { ids: ['a', 'c'], from: '2026-11-02T08:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      { ids: ['b', 'e'], from: '2026-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.001Z' },
      { ids: ['d'], from: '2025-11-15T00:00:00.000Z', to: '2025-11-15T00:00:00.001Z' },
    ])
    expect(groupByReportMonth([])).toEqual([])
  })
})

describe('figures from the day rows', () => {
  it('merge two rows\' lists of buckets in SQL as the rollup job\'s upserts do: counts added, zeros dropped, in the bucket\'s order', async () => {
    const add = async (a: number[], b: number[]) => (await server.db.sql<{ r: number[] }[]>`SELECT figure_minutes_add(${a}::int[], ${b}::int[]) AS r`)[0].r
    expect(await add([1, 2, 5, 1], [1, -2, 3, 4, 9, 1])).toEqual([3, 4, 5, 1, 9, 1])
    expect(await add([], [7, 1])).toEqual([7, 1])
    expect(await add([7, 1], [7, -1])).toEqual([])
  })

  it('equal the figures computed from every issue, with no rollup, half the log and all of it', { timeout: 300_000 }, async () => {
    await resetRollups()
    await compareAll('no rollups')
    const [{ head }] = await server.db.sql<{ head: number }[]>`SELECT max(seq)::int AS head FROM issue_events`
    expect(await rollUpFigures(server.db.sql, { ...limits(), batch: 500, upTo: Math.floor(head / 2) })).toBe(Math.floor(head / 2))
    await compareAll('half the log rolled up')
    await rollUpFigures(server.db.sql, limits())
    const [{ seq }] = await server.db.sql<{ seq: number }[]>`SELECT rolled_up_seq::int AS seq FROM issue_figure_rollup`
    expect(seq).toBe(head)
    await compareAll('all rolled up')
    // A database rolled up before the hour rows: they begin at a later hour, and the edges before it are read raw.
    const hoursFrom = new Date(Math.floor((Date.now() - 4 * DAY) / HOUR) * HOUR)
    await server.db.sql`DELETE FROM issue_figure_hours WHERE hour < ${hoursFrom}`
    await server.db.sql`DELETE FROM issue_figure_hour_minutes WHERE hour < ${hoursFrom}`
    await server.db.sql`UPDATE issue_figure_rollup SET hours_from = ${hoursFrom}`
    await compareAll('hour rows from four days ago on')
  })

  it("fill a grid's day rows from the log for a database that had events before them: the rows the job keeps, exactly", { timeout: 300_000 }, async () => {
    await rollUpFigures(server.db.sql, limits())
    // The rows with anything in them: the job's upserts leave a row emptied by a later change (a department moved) at zero.
    const gridRows = async () => ({
      days: await server.db.sql`
        SELECT * FROM issue_figure_grid_days
        WHERE (reported, closed, stage_ends, on_time, checks, reworks, ratings, rating_sum, satisfied) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY grid_code, day, department`,
      minutes: await server.db.sql`SELECT * FROM issue_figure_grid_minutes WHERE cardinality(buckets) > 0 ORDER BY grid_code, day, department, kind`,
    })
    const kept = await gridRows()
    expect(kept.days.length).toBeGreaterThan(DAYS)
    // As migration 0027 leaves a database with events: no grid rows, whole only from the next hour on.
    await server.db.sql`DELETE FROM issue_figure_grid_days`
    await server.db.sql`DELETE FROM issue_figure_grid_minutes`
    await server.db.sql`UPDATE issue_figure_rollup SET grids_from = ${new Date(Math.ceil(Date.now() / HOUR) * HOUR)}`
    await compareAll('no grid rows before the next hour')
    const filled = await fillGridRollups(server.db.sql, limits())
    expect(filled.issues).toBeGreaterThan(DAYS * 50)
    expect(await gridRows()).toEqual(kept)
    const [state] = await server.db.sql<{ whole: boolean }[]>`SELECT grids_from = '-infinity' AS whole FROM issue_figure_rollup`
    expect(state.whole).toBe(true)
    await compareAll('grid rows filled')
    // Whole from three days ago only: the periods that begin after it read the rows, the others the grid's issues.
    await server.db.sql`UPDATE issue_figure_rollup SET grids_from = ${new Date(Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR)}`
    await compareAll('grid rows from three days ago on')
    await server.db.sql`UPDATE issue_figure_rollup SET grids_from = '-infinity'`
  })

  it('read from issues, leave out no issue the period needs: the same as from every issue and event of the database', async () => {
    // selectFigureRows keeps the issues reported in the period, the open ones and those with an
    // event in it (probing the log only for those changed since its start): what it leaves out
    // must change nothing.
    const now = new Date()
    for (const [from, to] of [[now.getTime() - 3 * DAY, now.getTime()], [now.getTime() - 9 * DAY - 7 * HOUR, now.getTime() - 5 * DAY], [now.getTime() - 2 * HOUR, now.getTime()]]) {
      await expectFromIssuesAsFromEverything({ room: 'all', from: new Date(from), to: new Date(to), now })
    }
  })

  it('rank hotspots as core/analysis/rank-hotspots.ts does over every issue, with no rollup, half the log and all of it', { timeout: 300_000 }, async () => {
    await resetRollups()
    await compareHotspots('no rollups')
    const [{ head }] = await server.db.sql<{ head: number }[]>`SELECT max(seq)::int AS head FROM issue_events`
    await rollUpFigures(server.db.sql, { ...limits(), upTo: Math.floor(head / 2) })
    await compareHotspots('half the log rolled up')
    await rollUpFigures(server.db.sql, limits())
    const [{ days }] = await server.db.sql<{ days: number }[]>`SELECT count(DISTINCT day)::int AS days FROM issue_cell_days`
    // A history of DAYS days ending now covers DAYS or DAYS − 1 whole city days, and the day it begins on.
    expect(days).toBeGreaterThanOrEqual(DAYS - 1)
    await compareHotspots('all rolled up')
  })

  it('are added once when three runs of the job race over the same events (as every process runs it)', { timeout: 300_000 }, async () => {
    await resetRollups()
    const [{ head }] = await server.db.sql<{ head: number }[]>`SELECT max(seq)::int AS head FROM issue_events`
    // Small batches, so the runs read the same batches and claim them in turn.
    const runs = await Promise.all([1, 2, 3].map(() => rollUpFigures(server.db.sql, { ...limits(), batch: 97 })))
    expect(runs.reduce((a, b) => a + b, 0)).toBe(head)
    const [{ seq }] = await server.db.sql<{ seq: number }[]>`SELECT rolled_up_seq::int AS seq FROM issue_figure_rollup`
    expect(seq).toBe(head)
    await compareAll('three racing runs')
    await compareHotspots('three racing runs')
  })

  it('follow a department moved and work sent back on an issue whose days are rolled up', { timeout: 120_000 }, async () => {
    await rollUpFigures(server.db.sql, limits())
    const admin = { username: 'admin', displayName: '', role: 'admin' as const, area: '' }
    // An issue reported days ago, now being handled: escalate it to another department, then resolve and send it back.
    const [issue] = await server.db.sql<{ id: string }[]>`
      SELECT id FROM issues WHERE status = 'dispatched' AND reported_at < now() - interval '2 days' AND street_code IS NOT NULL ORDER BY reported_at LIMIT 1`
    expect(issue).toBeDefined()
    await transitionIssue(ctx(), admin, issue.id, { action: 'escalate', department: '市场监管局', note: 'figures test' })
    await compareAll('escalated, not rolled up')
    await rollUpFigures(server.db.sql, limits())
    await compareAll('escalated, rolled up')
    // Resolved and sent back by the on-site check: a check and a rework today, and its resolution minutes on the day it was reported.
    const operator = { username: 'operator', displayName: '', role: 'operator' as const, area: '' }
    await transitionIssue(ctx(), operator, issue.id, { action: 'resolve', note: 'figures test' })
    await rollUpFigures(server.db.sql, limits())
    await transitionIssue(ctx(), admin, issue.id, { action: 'rework', note: 'still broken' })
    await compareAll('sent back, not rolled up')
    await rollUpFigures(server.db.sql, limits())
    await compareAll('sent back, rolled up')
    const byDepartment = (await getIssueFigures(ctx(), admin, { from: new Date(Date.now() - (DAYS + 3) * DAY) })).byDepartment
    expect(byDepartment.find((d) => d.department === '市场监管局')?.reported).toBeGreaterThanOrEqual(1)
  })

  it("are read from the day rows for the city, a district, a street and a grid, and computed from the issues of a community", async () => {
    await rollUpFigures(server.db.sql, limits())
    const { grid } = await streetAndDistrict()
    const admin = { username: 'admin', displayName: '', role: 'admin' as const, area: '' }
    const from = new Date(Date.now() - 5 * DAY)
    // A grid's figures from its day rows (migration 0027): what its issues give (the medians within their buckets' 1 %).
    const gridFigures = await getIssueFigures(ctx(), admin, { from, area: grid })
    const period: Period = { room: 'all', area: grid, from: new Date(gridFigures.from), to: new Date(gridFigures.to), now: new Date(gridFigures.at) }
    const { from: _f, to: _t, at: _a, ...report } = gridFigures
    expectSameFigures(report, await computeFromIssues(ctx(), period), 'a grid')
    expect(await getRollupScope(ctx(), 'all', grid)).toEqual({ gridCode: grid })
    // Read from its rows: a row of a whole day in the period, changed, changes the answer by as much.
    const [row] = await server.db.sql<{ day: string; department: string }[]>`
      SELECT day::text, department FROM issue_figure_grid_days WHERE grid_code = ${grid} AND day > ${getCityDay(from, DEFAULT_TIME_ZONE)}::date AND reported > 0 ORDER BY day LIMIT 1`
    expect(row).toBeDefined()
    const bump = (n: number) => server.db.sql`UPDATE issue_figure_grid_days SET reported = reported + ${n} WHERE grid_code = ${grid} AND day = ${row.day}::date AND department = ${row.department}`
    await bump(1000)
    const bumped = await getIssueFigures(ctx(), admin, { from: period.from, to: period.to, area: grid })
    await bump(-1000)
    expect(bumped.total.reported).toBe(report.total.reported + 1000)
    // What it counts is what the four area columns say.
    const [counted] = await server.db.sql<{ reported: number; open: number }[]>`
      SELECT count(*) FILTER (WHERE reported_at >= ${period.from} AND reported_at < ${period.to})::int AS reported,
        count(*) FILTER (WHERE status NOT IN ('closed', 'rejected', 'merged'))::int AS open
      FROM issues WHERE ${grid} IN (grid_code, community_code, street_code, district_code)`
    expect(counted.reported + counted.open).toBeGreaterThan(0)
    expect({ reported: report.total.reported, open: report.total.open }).toEqual(counted)
    // A community's are its issues' (no rollup keeps communities).
    const [community] = await server.db.sql<{ code: string }[]>`SELECT community_code AS code FROM issues WHERE grid_code = ${grid} LIMIT 1`
    expect(await getRollupScope(ctx(), 'all', community.code)).toBeUndefined()
    const communityFigures = await getIssueFigures(ctx(), admin, { from, area: community.code })
    const { from: _cf, to: _ct, at: _ca, ...communityReport } = communityFigures
    expect(communityReport).toEqual(await computeFromIssues(ctx(), { room: 'all', area: community.code, from: new Date(communityFigures.from), to: new Date(communityFigures.to), now: new Date(communityFigures.at) }))
    await expect(getIssueFigures(ctx(), admin, { from: new Date(), to: new Date(Date.now() - 1) })).rejects.toThrow(/before/)
  })

  it("give a street leader nothing of another street, and the leader's own street when asked for the district around it", async () => {
    const { street, district } = await streetAndDistrict()
    const [other] = await server.db.sql<{ code: string }[]>`
      SELECT street_code AS code FROM issues WHERE street_code <> ${street} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`
    const admin: SessionUser = { username: 'admin', displayName: '', role: 'admin', area: '' }
    const leader: SessionUser = { username: 'l', displayName: '', role: 'street_leader', area: street }
    // Rolled up: the answers below come from the day rows, where the scope is all that keeps a street apart.
    await rollUpFigures(server.db.sql, limits())
    const from = new Date(Date.now() - (DAYS + 3) * DAY)
    const to = new Date()
    const theirs = await getIssueFigures(ctx(), admin, { from, to, area: other.code })
    expect(theirs.total.reported).toBeGreaterThan(0)
    // Read from the rollups by level alone, the other street's reports, closures and medians came back (stop 37).
    const { from: _f, to: _t, at: _a, ...asked } = await getIssueFigures(ctx(), leader, { from, to, area: other.code })
    expect(asked.total.reported).toBe(0)
    expect(asked.total.open).toBe(0)
    expect(asked.byStreet.every((r) => r.reported === 0 && r.open === 0)).toBe(true)
    const hot = await getHotspots(ctx(), leader, { area: other.code, now: to, windowMs: (DAYS + 3) * DAY, by: { kind: 'grid' }, buckets: 10, limit: 50, detail: 5 })
    expect(hot.hotspots).toEqual([])
    expect((await getHotspots(ctx(), admin, { area: other.code, now: to, windowMs: (DAYS + 3) * DAY, by: { kind: 'grid' }, buckets: 10, limit: 50, detail: 5 })).hotspots.length).toBeGreaterThan(0)
    // The district around the leader's street is the street.
    const own = await getIssueFigures(ctx(), leader, { from, to })
    expect((await getIssueFigures(ctx(), leader, { from, to, area: district })).total).toEqual(own.total)
    expect(own.total.reported).toBeGreaterThan(0)
    expect(getNarrowerArea(undefined, street)).toBe(street)
    expect(getNarrowerArea(district, street)).toBe(street)
    expect(getNarrowerArea(street, district)).toBe(street)
    expect(getNarrowerArea(street, other.code)).toBeNull()
    expect(getNarrowerArea(undefined, undefined)).toBeUndefined()
  })
})

describe('the evaluation pack', () => {
  const get = async (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } })
  const operatorToken = async () => {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'figures-pw' }) })
    return ((await res.json()) as { token: string }).token
  }
  // A calendar month in the city's time zone, the one six days ago fell in (the demo's 12 days of
  // history reach into it whatever today's date): last month early in a month, else this one to date.
  const month = getCityDay(new Date(Date.now() - 6 * DAY), DEFAULT_TIME_ZONE).slice(0, 7)
  const monthStart = getStartOfCityDay(`${month}-01`, DEFAULT_TIME_ZONE)
  const nextMonth = getStartOfCityDay(`${getCityDay(new Date(monthStart.getTime() + 32 * DAY), DEFAULT_TIME_ZONE).slice(0, 7)}-01`, DEFAULT_TIME_ZONE)
  const monthEnd = new Date(Math.min(nextMonth.getTime(), Date.now()))
  const period = `from=${encodeURIComponent(monthStart.toISOString())}&to=${encodeURIComponent(monthEnd.toISOString())}`

  it("gives the figures API's numbers where both give one, for the city, each street and each department", async () => {
    const token = await operatorToken()
    for (const q of [period, `from=${encodeURIComponent(new Date(Date.now() - 7 * DAY).toISOString())}`]) {
      const evaluation = (await (await get(`/api/issues/evaluation?${q}`, token)).json()) as EvaluationResponse
      const figures = (await (await get(`/api/issues/figures?from=${encodeURIComponent(evaluation.from)}&to=${encodeURIComponent(evaluation.to)}`, token)).json()) as IssueFiguresReport
      expect(evaluation.total.reported, q).toBeGreaterThan(0)
      const same = (e: AreaIndicators, f: IssueFigures, label: string) => {
        expect([e.reported, e.open, e.overdue, e.onTimeClosureRatePct, e.reworkRatePct, e.satisfactionPct], label).toEqual([f.reported, f.open, f.overdue, f.onTimeRatePct, f.reworkRatePct, f.satisfactionPct])
        expect(e.closed, label).toBe(Math.round(((f.closureRatePct ?? 0) * f.reported) / 100))
      }
      same(evaluation.total, figures.total, 'total')
      expect(evaluation.byStreet.map((s) => s.code)).toEqual(figures.byStreet.map((s) => s.street))
      for (const s of evaluation.byStreet) same(s, figures.byStreet.find((x) => x.street === s.code)!, s.code)
      for (const d of evaluation.byDepartment) same(d, figures.byDepartment.find((x) => x.department === d.department)!, d.department)
      // The grids add up to the streets' reports, and every row is named.
      expect(evaluation.byGrid.reduce((n, g) => n + g.reported, 0)).toBe(evaluation.byStreet.reduce((n, s) => n + s.reported, 0))
      expect(evaluation.byGrid.every((g) => evaluation.areaNames[g.code]?.name)).toBe(true)
      expect(evaluation.byPerson.some((p) => p.role === 'grid_worker' && p.reported > 0)).toBe(true)
      expect(evaluation.total.filed).toBeLessThanOrEqual(evaluation.total.reported)
    }
  })

  it("writes a month's workbook: a sheet per view, Chinese headers frozen, numbers as numbers — and each view as CSV", async () => {
    const token = await operatorToken()
    const evaluation = (await (await get(`/api/issues/evaluation?${period}`, token)).json()) as EvaluationResponse
    const res = await get(`/api/issues/evaluation?${period}&format=xlsx`, token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    expect(res.headers.get('content-disposition')).toMatch(/gridpulse-evaluation-.*\.xlsx/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '街道', '社区', '网格', '部门', '岗位'])
    const streets = book.getWorksheet('街道')!
    expect(streets.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = (streets.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(['区域', '代码', '上报数', '立案数', '结案数', '结案率', '按期结案率', '及时签收率', '按时办结率', '返工率', '在办数', '超期数', '延期率', '回访数', '回访满意率', '综合指标值'])
    const col = (name: string) => header.indexOf(name) + 1
    for (const [k, s] of evaluation.byStreet.entries()) {
      const row = streets.getRow(k + 2)
      expect(row.getCell(col('代码')).value).toBe(s.code)
      expect(row.getCell(col('上报数')).value).toBe(s.reported)
      expect(row.getCell(col('立案数')).value).toBe(s.filed)
      const rate = row.getCell(col('结案率')).value
      if (s.closureRatePct === null) expect(rate).toBeNull()
      else expect(rate).toBeCloseTo(s.closureRatePct, 9)
    }
    expect(book.getWorksheet('网格')!.rowCount).toBe(evaluation.byGrid.length + 1)
    expect(book.getWorksheet('岗位')!.rowCount).toBe(evaluation.byPerson.length + 1)
    const summary = book.getWorksheet('汇总')!
    const summaryRows = summary.getSheetValues().slice(1).map((r) => (r as unknown[] | undefined)?.slice(1) ?? [])
    expect(summaryRows.find((r) => r[0] === '立案数')?.[1]).toBe(evaluation.total.filed)
    expect(summaryRows.some((r) => r[0] === '结案率' && String(r[1]).includes('立案数'))).toBe(true)

    const csv = await get(`/api/issues/evaluation?${period}&format=csv&view=grid`, token)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    // UTF-8 with a byte-order mark (fetch's text() drops it: read the bytes).
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
    expect(lines[0].split(',').slice(0, 5)).toEqual(['区域', '代码', '上报数', '立案数', '结案数'])
    expect(lines.length).toBe(evaluation.byGrid.length + 1)
    const bad = await get(`/api/issues/evaluation?${period}&format=pdf`, token)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/json, xlsx or csv/)
  })
})

describe("the figures of issues whose logs lie in several months", () => {
  it("read each issue's log in the month of its report: the same as from every issue and event, across a month's last millisecond", async () => {
    // Two issues still open, reported at the last millisecond of the month before last and the first
    // of last month (UTC, the log's partitions), one of them moved on a day later: every period holds
    // them, so its rows span at least three months whatever the date the test runs on.
    const now = new Date()
    const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)
    const admin: SessionUser = { username: 'admin', displayName: '', role: 'admin', area: '' }
    const [place] = await server.db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE area_code IS NOT NULL LIMIT 1`
    await ensureIssueMonths(server.db.sql, new Date(lastMonth - DAY), new Date(lastMonth))
    const ids: string[] = []
    for (const at of [lastMonth - 1, lastMonth]) {
      const { issue } = await reportIssue({ ...ctx(), clock: () => new Date(at) }, admin, { id: randomUUID(), category: 'sanitation.garbage', description: '月末最后一毫秒', lon: place.lon, lat: place.lat }, [])
      ids.push(issue.id)
    }
    await transitionIssue({ ...ctx(), clock: () => new Date(lastMonth + DAY) }, admin, ids[0], { action: 'accept' })
    const months = await server.db.sql<{ month: string }[]>`SELECT DISTINCT to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM issue_events WHERE issue_id = ANY(${ids}::uuid[])`
    expect(months).toHaveLength(2)
    for (const days of [3, 40]) await expectFromIssuesAsFromEverything({ room: 'all', from: new Date(now.getTime() - days * DAY), to: now, now })
  })
})
