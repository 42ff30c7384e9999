// The issues and their log by month (migration 0018) and the archive of old months
// (server/issues/archive-months.ts), on this run's engine, on a bulk history of four months:
// every row in its month's partition and an issue's whole log in its month; the months ahead made
// by the server; a repeated report id still a repeat; a month that the rule keeps refused; a month
// archived to files, taken out whole, the figures of its days unchanged; and restored as it was.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TIME_ZONE, getStartOfDay } from '../../core/domain/city-time.js'
import { startServer, type RunningServer } from '../../server/index.js'
import { writeHistoryInBulk } from '../../server/demo/bulk-write-history.js'
import { selectIssueMonths } from '../../server/db/queries/issue-months.js'
import { makeMonthsAhead } from '../../server/issues/issue-months.js'
import { ArchiveRefused, archiveMonth, judgeMonths, restoreMonth } from '../../server/issues/archive-months.js'
import { createScratchDatabase } from './test-db.js'
import { getJson, login, newReport, postJson } from './live-helpers.js'

const DAYS = 120
let server: RunningServer
let cleanup = async () => {}
let dir = ''
// The history ends three weeks ago, and the rule is asked as if a year had passed since.
const end = new Date(Date.now() - 21 * 86_400_000)
const later = new Date(end.getTime() + 365 * 86_400_000)
const sql = () => server.db.sql

beforeAll(async () => {
  const scratch = await createScratchDatabase('issue_months')
  cleanup = scratch.cleanup
  server = await startServer(
    { ...scratch.where, redisUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: true, demoUsers: true, demoPassword: 'months-pw', demoHistoryDays: 0, demoActivity: false, basemap: { kind: 'none' } },
    pino({ level: 'silent' }),
  )
  await writeHistoryInBulk(server.db.sql, { days: DAYS, perDay: 40, end, timeZone: DEFAULT_TIME_ZONE, limits: server.issues.limits, snapshotDays: 2 })
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-archive-'))
}, 300_000)

afterAll(async () => {
  await server?.close()
  await cleanup()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** Every row of the three tables, in key order, as text: what "as it was" compares. */
async function dump() {
  const [r] = await sql()<{ issues: string; events: string; links: string; ids: string; photos: string }[]>`
    SELECT (SELECT md5(string_agg(i::text, '|' ORDER BY i.id)) FROM issues i) AS issues,
      (SELECT md5(string_agg(e::text, '|' ORDER BY e.seq)) FROM issue_events e) AS events,
      (SELECT md5(string_agg(l::text, '|' ORDER BY l.issue_id, l.sha256)) FROM issue_photos l) AS links,
      (SELECT md5(string_agg(d::text, '|' ORDER BY d.id)) FROM issue_ids d) AS ids,
      (SELECT md5(string_agg(p.sha256, '|' ORDER BY p.sha256)) FROM photos p) AS photos`
  return r
}

describe('the issues by month', () => {
  it('keeps each issue in the partition of the month it was reported in, and its whole log beside it', async () => {
    const rows = await sql()<{ part: string; month: string; n: number }[]>`
      SELECT tableoid::regclass::text AS part, to_char(reported_at AT TIME ZONE 'UTC', 'YYYY_MM') AS month, count(*)::int AS n
      FROM issues GROUP BY 1, 2`
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const r of rows) expect(r.part).toBe(`issues_${r.month}`)
    const [split] = await sql()<{ n: number; events: number }[]>`
      SELECT count(*) FILTER (WHERE e.tableoid::regclass::text <> 'issue_events_' || to_char(i.reported_at AT TIME ZONE 'UTC', 'YYYY_MM'))::int AS n,
        count(*)::int AS events
      FROM issue_events e JOIN issues i ON i.id = e.issue_id`
    expect(split.events).toBeGreaterThan(1000)
    expect(split.n).toBe(0)
  })

  it('makes this month and the next two ahead, and a month once only', async () => {
    const inTwoYears = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 4, 15))
    expect(await makeMonthsAhead(sql(), inTwoYears)).toBe(3)
    expect(await makeMonthsAhead(sql(), inTwoYears)).toBe(0)
    const names = (await selectIssueMonths(sql())).map((m) => m.month)
    const y = inTwoYears.getUTCFullYear()
    expect(names).toEqual(expect.arrayContaining([`${y}-05`, `${y}-06`, `${y}-07`]))
  })

  it('still takes a report, and a repeated id is a repeat, not a second issue', async () => {
    const token = await login(server.url, 'operator', 'months-pw')
    const report = newReport()
    const first = await postJson(server.url, '/api/issues', token, report)
    expect(first.status).toBe(201)
    const again = await postJson(server.url, '/api/issues', token, report)
    expect(again.status).toBe(200)
    expect(again.body.issue.id).toBe(first.body.issue.id)
    const [n] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM issues WHERE id = ${report.id}`
    expect(n.n).toBe(1)
  })
})

describe('the archive of old months', () => {
  it('keeps the months the rule keeps, and says why', async () => {
    // Today, with the default 13 months, the history (four months, ending three weeks ago) is all kept.
    const judged = await judgeMonths(sql(), { keepMonths: 13 })
    expect(judged.every((m) => !m.verdict.archivable)).toBe(true)
    expect(judged.filter((m) => m.month.issues > 0).map((m) => m.verdict)).toContainEqual({ archivable: false, reason: 'ended less than 13 months ago' })
    const current = judged.find((m) => m.month.unfinished > 0)!
    const verdict = (await judgeMonths(sql(), { keepMonths: 1, now: later })).find((m) => m.month.month === current.month.month)!.verdict
    expect(verdict).toEqual({ archivable: false, reason: expect.stringMatching(/not finished/) })
    await expect(archiveMonth(sql(), current.month.month, dir, { keepMonths: 1, now: later })).rejects.toThrow(ArchiveRefused)
    await expect(archiveMonth(sql(), '2001-01', dir, { keepMonths: 1, now: later })).rejects.toThrow(/no month 2001-01/)
  })

  it('writes a month to files, takes it out whole, leaves its figures as they were, and restores it as it was', async () => {
    const judged = await judgeMonths(sql(), { keepMonths: 1, now: later })
    const chosen = judged.find((m) => m.verdict.archivable && m.month.issues > 0)
    expect(chosen, JSON.stringify(judged.map((m) => [m.month.month, m.month.issues, m.verdict]))).toBeDefined()
    const month = chosen!.month
    const token = await login(server.url, 'operator', 'months-pw')
    const period = `/api/issues/figures?from=${month.from.toISOString()}&to=${month.to.toISOString()}`
    const figuresBefore = await getJson(server.url, period, token)
    expect(figuresBefore.status).toBe(200)
    const before = await dump()
    const [someIssue] = await sql()<{ id: string; grid_code: string }[]>`
      SELECT id, grid_code FROM issues WHERE reported_at >= ${month.from} AND reported_at < ${month.to} AND grid_code IS NOT NULL LIMIT 1`
    const gridPeriod = `${period}&area=${someIssue.grid_code}`
    const gridBefore = await getJson(server.url, gridPeriod, token)
    expect(gridBefore.status).toBe(200)
    expect(gridBefore.body.total.reported).toBeGreaterThan(0)
    // The grid's whole city days within the month: read from its day rows (migration 0027).
    const cityDays = { from: getStartOfDay(new Date(month.from.getTime() + 86_400_000), DEFAULT_TIME_ZONE), to: getStartOfDay(month.to, DEFAULT_TIME_ZONE) }
    const gridDays = `/api/issues/figures?from=${cityDays.from.toISOString()}&to=${cityDays.to.toISOString()}&area=${someIssue.grid_code}`
    const gridDaysBefore = await getJson(server.url, gridDays, token)
    expect(gridDaysBefore.status).toBe(200)
    expect(gridDaysBefore.body.total.reported).toBeGreaterThan(0)

    const manifest = await archiveMonth(sql(), month.month, dir, { keepMonths: 1, now: later })
    expect(manifest.tables.issues.rows).toBe(month.issues)
    expect(manifest.tables.events.rows).toBe(month.events)
    for (const t of Object.values(manifest.tables)) expect(fs.existsSync(path.join(dir, month.month, t.file))).toBe(true)

    const [gone] = await sql()<{ issues: number; events: number; ids: number; part: string | null }[]>`
      SELECT (SELECT count(*)::int FROM issues WHERE reported_at >= ${month.from} AND reported_at < ${month.to}) AS issues,
        (SELECT count(*)::int FROM issue_events WHERE reported_at >= ${month.from} AND reported_at < ${month.to}) AS events,
        (SELECT count(*)::int FROM issue_ids WHERE id = ${someIssue.id}) AS ids,
        to_regclass(${`issues_${month.month.replace('-', '_')}`})::text AS part`
    expect(gone).toEqual({ issues: 0, events: 0, ids: 0, part: null })
    expect((await selectIssueMonths(sql())).map((m) => m.month)).not.toContain(month.month)
    const figuresAfter = await getJson(server.url, period, token)
    // The same figures but for the instant they were computed at.
    expect({ ...figuresAfter.body, at: undefined }).toEqual({ ...figuresBefore.body, at: undefined })
    // A period whose start is not on a whole hour reads raw rows there: refused, not counted short.
    const midHour = new Date(month.from.getTime() + 10 * 86_400_000 + 30 * 60_000).toISOString()
    const ragged = await getJson(server.url, `/api/issues/figures?from=${midHour}&to=${month.to.toISOString()}`, token)
    expect(ragged.status).toBe(410)
    // A grid's period that starts or ends off a city midnight inside it reads its issues there: refused, not wrong.
    const gridAfter = await getJson(server.url, gridPeriod, token)
    expect(gridAfter.status).toBe(410)
    expect(gridAfter.body.error.message).toContain(month.month)
    // Its whole days stay, from its day rows.
    const gridDaysAfter = await getJson(server.url, gridDays, token)
    expect({ ...gridDaysAfter.body, at: undefined }).toEqual({ ...gridDaysBefore.body, at: undefined })
    // An archived issue is not found (rather than an error).
    expect((await getJson(server.url, `/api/issues/${someIssue.id}`, token)).status).toBe(404)
    // Archived once: a second run finds no such month.
    await expect(archiveMonth(sql(), month.month, dir, { keepMonths: 1, now: later })).rejects.toThrow(/no month/)

    await restoreMonth(sql(), month.month, dir)
    expect(await dump()).toEqual(before)
    const gridRestored = await getJson(server.url, gridPeriod, token)
    expect({ ...gridRestored.body, at: undefined }).toEqual({ ...gridBefore.body, at: undefined })
    await expect(restoreMonth(sql(), month.month, dir)).rejects.toThrow(/holds \d+ issues already/)
  })

  it('refuses a restore whose file does not hold what its manifest says, and restores nothing', async () => {
    const judged = await judgeMonths(sql(), { keepMonths: 1, now: later })
    const chosen = judged.find((m) => m.verdict.archivable && m.month.issues > 0)!.month
    const before = await dump()
    await archiveMonth(sql(), chosen.month, dir, { keepMonths: 1, now: later })
    const manifestFile = path.join(dir, chosen.month, 'manifest.json')
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'))
    const original = manifest.tables.events.sha256
    manifest.tables.events.sha256 = '0'.repeat(64)
    fs.writeFileSync(manifestFile, JSON.stringify(manifest))
    await expect(restoreMonth(sql(), chosen.month, dir)).rejects.toThrow(/does not hold what its manifest says/)
    const [n] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM issues WHERE reported_at >= ${chosen.from} AND reported_at < ${chosen.to}`
    expect(n.n).toBe(0)
    manifest.tables.events.sha256 = original
    fs.writeFileSync(manifestFile, JSON.stringify(manifest))
    await restoreMonth(sql(), chosen.month, dir)
    expect(await dump()).toEqual(before)
  })
})
