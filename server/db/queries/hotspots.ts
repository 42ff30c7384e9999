// Hotspots ranked in SQL. A window (now − windowMs, now] and the one before it are ranked from the
// cells' day counts (migration 0012) for their whole city days, plus, read raw, the issues of their
// edges (the part of a day each window begins or ends in) and the reports the rollups have not
// reached — so a ranking is exact at any lag, as the figures are. A scope narrower than a street
// reads every issue raw (no whole days). The details of the top cells (category mix, sparkline,
// main grid, newest issues) are then aggregated from the issues of those cells alone, by their
// (cell, reported_at) indexes, as core/analysis/rank-hotspots.ts gives them — whose tests stay the
// oracle; tests/server/issue-figures.test.ts checks the two agree at every lag.
// Why: ranking a city's 30 days from the issues read 330,000 rows per request (3.4 s on a year of
// 1.9 million issues, PostgreSQL 15 on this machine); the day counts hold about 60 days × the cells.
// The windows' edges are index ranges: a NOT of the whole days made the planner scan both windows
// (500 ms). The details are aggregated in SQL: shipping the top ten r8 cells' 18,000 issues to
// shape them in JavaScript took 160–270 ms, aggregating them here about 30.
import { COLOUR_WEIGHTS } from '../../../core/analysis/rank-hotspots.js'
import type { HotspotResolution } from '../../../core/domain/issue-cells.js'
import type { TriageColour } from '../../../core/domain/triage.js'
import type { Sql, Tx } from '../client.js'
import { rollupScope, type RollupScope } from './figure-rollups.js'
import { scopeCondition } from './issues.js'

type Db = Sql | Tx

export type HotspotLevel = { kind: 'hex'; resolution: HotspotResolution } | { kind: 'grid' }

/** The level's name in issue_cell_days, and the issues' column it groups by. */
const levelName = (by: HotspotLevel) => (by.kind === 'grid' ? 'grid' : `r${by.resolution}`)
const keyColumn = (by: HotspotLevel) => (by.kind === 'grid' ? 'grid_code' : `h3_r${by.resolution}`)

/** A window's whole city days kept counted: [first, last] inclusive, and the instants [start, end) they span. */
export interface WholeDays {
  first: string
  last: string
  start: Date
  end: Date
}

export interface RankingQuery {
  /** The caller's room (what they may see) and, optionally, an area within it. */
  room: string
  area?: string
  by: HotspotLevel
  /** The window (start, now] and the one before it, (previousStart, start]. */
  previousStart: Date
  start: Date
  now: Date
  /** Read from the day counts, when the scope has them: each window's whole days, the scope's rows, and how far they go. */
  rollup?: { scope: RollupScope; previous?: WholeDays; current?: WholeDays; rolledUpSeq: number }
  limit: number
}

export interface RankedRow {
  key: string
  red: number
  orange: number
  yellow: number
  blue: number
  previous_count: number
  previous_score: number
  /** The mean position of the window's issues. */
  lon: number
  lat: number
  /** Issues reported in the window in scope, all cells together. */
  reported: number
}

/** The top `limit` cells of the window by score, then count, then key. */
export async function selectHotspotRanking(db: Db, q: RankingQuery): Promise<RankedRow[]> {
  const w = COLOUR_WEIGHTS
  const key = db(keyColumn(q.by))
  const inScope = db`${scopeCondition(db, q.room)} AND ${q.area ? scopeCondition(db, `area:${q.area}`) : db`true`}`
  const days = [q.rollup?.previous, q.rollup?.current].filter((d): d is WholeDays => !!d)
  // Each window (from, to] less its whole days [start, end): (from, start) and [end, to], as ranges
  // the reported_at index can seek (a NOT of the days made it scan both windows whole).
  const edges = [
    { from: q.previousStart, to: q.start, days: q.rollup?.previous },
    { from: q.start, to: q.now, days: q.rollup?.current },
  ]
    .flatMap(({ from, to, days: d }) =>
      d
        ? [db`(i.reported_at > ${from} AND i.reported_at < ${d.start})`, db`(i.reported_at >= ${d.end} AND i.reported_at <= ${to})`]
        : [db`(i.reported_at > ${from} AND i.reported_at <= ${to})`],
    )
    .reduce((a, b) => db`${a} OR ${b}`)
  const inDays = days.length ? days.map((d) => db`(i.reported_at >= ${d.start} AND i.reported_at < ${d.end})`).reduce((a, b) => db`${a} OR ${b}`) : db`false`
  const counted = q.rollup && days.length
    ? db`
      UNION ALL
      SELECT key, day > ${q.rollup.previous?.last ?? '0001-01-01'}::date AS current, sum(red)::int, sum(orange)::int, sum(yellow)::int, sum(blue)::int, sum(lon_sum), sum(lat_sum)
      FROM issue_cell_days
      WHERE level = ${levelName(q.by)} AND ${rollupScope(db, q.rollup.scope)}
        AND (${days.map((d) => db`(day BETWEEN ${d.first}::date AND ${d.last}::date)`).reduce((a, b) => db`${a} OR ${b}`)})
      GROUP BY 1, 2
      UNION ALL
      -- Reports on the whole days that the day counts do not hold yet.
      SELECT i.${key}, i.reported_at > ${q.start}, count(*) FILTER (WHERE i.colour = 'red')::int, count(*) FILTER (WHERE i.colour = 'orange')::int,
        count(*) FILTER (WHERE i.colour = 'yellow')::int, count(*) FILTER (WHERE i.colour = 'blue')::int, sum(ST_X(i.geom)), sum(ST_Y(i.geom))
      FROM issue_events e JOIN issues i ON i.id = e.issue_id AND i.reported_at = e.reported_at
      WHERE e.seq > ${q.rollup.rolledUpSeq} AND e.type = 'report' AND i.${key} IS NOT NULL AND ${inScope} AND (${inDays})
      GROUP BY 1, 2`
    : db``
  return db<RankedRow[]>`
    WITH parts (key, current, red, orange, yellow, blue, lon_sum, lat_sum) AS (
      -- The edges, raw.
      SELECT i.${key}, i.reported_at > ${q.start}, count(*) FILTER (WHERE i.colour = 'red')::int, count(*) FILTER (WHERE i.colour = 'orange')::int,
        count(*) FILTER (WHERE i.colour = 'yellow')::int, count(*) FILTER (WHERE i.colour = 'blue')::int, sum(ST_X(i.geom)), sum(ST_Y(i.geom))
      FROM issues i
      WHERE (${edges}) AND i.${key} IS NOT NULL AND ${inScope}
      GROUP BY 1, 2
      ${counted}
    ), cells AS (
      SELECT key,
        sum(red) FILTER (WHERE current)::int AS red, sum(orange) FILTER (WHERE current)::int AS orange,
        sum(yellow) FILTER (WHERE current)::int AS yellow, sum(blue) FILTER (WHERE current)::int AS blue,
        coalesce(sum(red + orange + yellow + blue) FILTER (WHERE NOT current), 0)::int AS previous_count,
        coalesce(sum(${w.red}::int * red + ${w.orange}::int * orange + ${w.yellow}::int * yellow + ${w.blue}::int * blue) FILTER (WHERE NOT current), 0)::int AS previous_score,
        sum(lon_sum) FILTER (WHERE current) AS lon_sum, sum(lat_sum) FILTER (WHERE current) AS lat_sum
      FROM parts GROUP BY key
      HAVING sum(red + orange + yellow + blue) FILTER (WHERE current) > 0
    )
    SELECT key, red, orange, yellow, blue, previous_count, previous_score,
      lon_sum / (red + orange + yellow + blue) AS lon, lat_sum / (red + orange + yellow + blue) AS lat,
      (sum(red + orange + yellow + blue) OVER ())::int AS reported
    FROM cells
    ORDER BY ${w.red}::int * red + ${w.orange}::int * orange + ${w.yellow}::int * yellow + ${w.blue}::int * blue DESC,
      red + orange + yellow + blue DESC, key COLLATE "C"
    LIMIT ${q.limit}::int`
}

export interface CellDetailRow {
  key: string
  categories: { code: string; count: number }[]
  sparkline: number[]
  grid_code: string | null
  issue_ids: string[]
}

/**
 * The details of these cells over the window (start, now], as rank-hotspots.ts gives them: the
 * category mix (most first), the sparkline (`buckets` slices of the window, sliced as JavaScript
 * slices milliseconds), the grid most of the issues lie in and the newest `ids` issue ids (a cell's
 * mean position comes with its ranking, from the same sums as its counts). The counts come from ONE pass over the cells' issues, grouped four ways at once
 * (grouping sets: the cell, its categories, its slices, its grids); the newest ids from each cell's
 * (cell, reported_at) index, walked back `ids` rows. Two statements: call it inside a REPEATABLE
 * READ transaction (read-hotspots.ts does) so that both see the same issues. Measured on the city's
 * year, its ten top r7 cells (68,000 issues in 30 days): the rows materialised once and read four
 * times, spilled to disk, sorted whole for the newest ids and read again per cell for the
 * sparklines took 437 ms on the server and 662 on the embedded engine; this, 250 and 456–480, and
 * less again without each issue's position (two PostGIS calls a row; the ranking has the means)
 * (README, *Hotspots from cell counts*).
 */
export async function selectCellDetails(
  db: Db,
  q: Pick<RankingQuery, 'room' | 'area' | 'by' | 'start' | 'now'> & { keys: string[]; windowMs: number; buckets: number; ids: number },
): Promise<CellDetailRow[]> {
  if (q.keys.length === 0) return []
  const startMs = q.start.getTime()
  const key = db(keyColumn(q.by))
  // Each cell one seek of its (cell, reported_at) index (with the cells as one array the planner took
  // the reported_at index and filtered the whole window: 725 ms for r8), or one scan when they hold
  // most of the window.
  const cellIssues = (k: ReturnType<Db>) => db`
    i.${key} = ${k} AND i.reported_at > ${q.start} AND i.reported_at <= ${q.now}
      AND ${scopeCondition(db, q.room)} AND ${q.area ? scopeCondition(db, `area:${q.area}`) : db`true`}`
  const groups = await db<DetailGroupRow[]>`
    SELECT key, category, bucket, grid_code, GROUPING(category, bucket, grid_code)::int AS grouped,
      count(*)::int AS n
    FROM (
      SELECT k.key, split_part(i.category, '.', 1) AS category, i.grid_code,
        least(${q.buckets - 1}::int, floor((extract(epoch FROM i.reported_at) * 1000 - ${startMs}::float8) / ${q.windowMs}::float8 * ${q.buckets}::int))::int AS bucket
      FROM unnest(${q.keys}::text[]) AS k(key)
        CROSS JOIN LATERAL (SELECT * FROM issues i WHERE ${cellIssues(db`k.key`)}) i
    ) w
    GROUP BY GROUPING SETS ((key), (key, category), (key, bucket), (key, grid_code))`
  const newest = await db<{ key: string; ids: string[] }[]>`
    SELECT k.key, ARRAY(
      SELECT i.id::text FROM issues i WHERE ${cellIssues(db`k.key`)}
      ORDER BY i.reported_at DESC, i.id::text COLLATE "C" LIMIT ${q.ids}::int
    ) AS ids
    FROM unnest(${q.keys}::text[]) AS k(key)`
  return toCellDetails(groups, newest, q.buckets)
}

/** A row of the details' grouping sets: `grouped` says which (GROUPING's bits: category 4, bucket 2, grid 1 left out). */
export interface DetailGroupRow {
  key: string
  category: string | null
  bucket: number | null
  grid_code: string | null
  grouped: number
  n: number
}

const CELL_ONLY = 7
const BY_CATEGORY = 3
const BY_BUCKET = 5
const BY_GRID = 6
/** "C" collation: code-unit order. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The cells' details from their grouped counts: categories most first (then by code), the sparkline in slice order, the grid with most issues (then the first code). */
export function toCellDetails(groups: DetailGroupRow[], newest: { key: string; ids: string[] }[], buckets: number): CellDetailRow[] {
  const cells = new Map<string, CellDetailRow>()
  const grids = new Map<string, { code: string; n: number }[]>()
  for (const g of groups) {
    if (g.grouped !== CELL_ONLY) continue
    cells.set(g.key, { key: g.key, categories: [], sparkline: new Array<number>(buckets).fill(0), grid_code: null, issue_ids: [] })
    grids.set(g.key, [])
  }
  for (const g of groups) {
    const cell = cells.get(g.key)
    if (!cell) continue
    if (g.grouped === BY_CATEGORY) cell.categories.push({ code: g.category!, count: g.n })
    else if (g.grouped === BY_BUCKET) cell.sparkline[g.bucket!] = g.n
    else if (g.grouped === BY_GRID && g.grid_code !== null) grids.get(g.key)!.push({ code: g.grid_code, n: g.n })
  }
  for (const [key, cell] of cells) {
    cell.categories.sort((a, b) => b.count - a.count || byCode(a.code, b.code))
    cell.grid_code = grids.get(key)!.sort((a, b) => b.n - a.n || byCode(a.code, b.code))[0]?.code ?? null
  }
  for (const { key, ids } of newest) {
    const cell = cells.get(key)
    if (cell) cell.issue_ids = ids
  }
  return [...cells.values()]
}

/**
 * Adds reports to the cells' day counts, dated in `timeZone`: those among the events (after, upTo],
 * or 'all' the issues into an empty table (a history just written in bulk, every report of it in
 * the log: plain rows, so that the bulk writer can add them before the table's key is built).
 */
export async function addCellDays(tx: Tx, reports: { after: number; upTo: number } | 'all', timeZone: string): Promise<void> {
  const source =
    reports === 'all'
      ? tx`issues i`
      : tx`issue_events e JOIN issues i ON i.id = e.issue_id AND i.reported_at = e.reported_at AND e.seq > ${reports.after} AND e.seq <= ${reports.upTo} AND e.type = 'report'`
  await tx`
    INSERT INTO issue_cell_days AS d (day, level, key, district_code, street_code, red, orange, yellow, blue, lon_sum, lat_sum)
    SELECT (i.reported_at AT TIME ZONE ${timeZone})::date, c.level, c.key, coalesce(i.district_code, ''), coalesce(i.street_code, ''),
      count(*) FILTER (WHERE i.colour = 'red'), count(*) FILTER (WHERE i.colour = 'orange'),
      count(*) FILTER (WHERE i.colour = 'yellow'), count(*) FILTER (WHERE i.colour = 'blue'),
      sum(ST_X(i.geom)), sum(ST_Y(i.geom))
    FROM ${source}
      CROSS JOIN LATERAL (VALUES ('r7', i.h3_r7), ('r8', i.h3_r8), ('r9', i.h3_r9), ('r10', i.h3_r10), ('grid', i.grid_code)) AS c(level, key)
    WHERE c.key IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    -- Written in the primary key's order, so that a level's days lie on few pages: in the hash
    -- aggregate's order a city's 60 days of r8 cells were 28,000 rows on about as many pages (the
    -- city's r8 ranking on the year: 166 ms warm; 33 ms with the table in this order).
    ORDER BY 2, 1, 3
    ${reports === 'all' ? tx`` : tx`ON CONFLICT (level, day, key, street_code, district_code) DO UPDATE SET
      red = d.red + EXCLUDED.red, orange = d.orange + EXCLUDED.orange, yellow = d.yellow + EXCLUDED.yellow, blue = d.blue + EXCLUDED.blue,
      lon_sum = d.lon_sum + EXCLUDED.lon_sum, lat_sum = d.lat_sum + EXCLUDED.lat_sum`}`
}
