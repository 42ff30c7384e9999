// Hotspots ranked in SQL. A window (now − windowMs, now] and the one before it are ranked from the
// cells' day counts (migration 0012) for their whole city days, plus, read raw, the issues of their
// edges (the part of a day each window begins or ends in) and the reports the rollups have not
// reached — so a ranking is exact at any lag, as the figures are. A scope narrower than a street
// reads every issue raw (no whole days). The details of the top cells (category mix, sparkline,
// main grid, newest issues) are then read from the issues of those cells alone, by their
// (cell, reported_at) indexes, and shaped by core/analysis/rank-hotspots.ts itself — whose tests
// stay the oracle; tests/server/living-demo.test.ts checks the two agree on the demo's history.
// Why: ranking a city's 30 days from the issues read 330,000 rows per request (3.4 s on a year of
// 1.9 million issues, PostgreSQL 15 on this machine); the day counts hold about 60 days × the cells.
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
  const outsideDays = days.map((d) => db`AND NOT (i.reported_at >= ${d.start} AND i.reported_at < ${d.end})`).reduce((a, b) => db`${a} ${b}`, db``)
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
      FROM issue_events e JOIN issues i ON i.id = e.issue_id
      WHERE e.seq > ${q.rollup.rolledUpSeq} AND e.type = 'report' AND i.${key} IS NOT NULL AND ${inScope} AND (${inDays})
      GROUP BY 1, 2`
    : db``
  return db<RankedRow[]>`
    WITH parts (key, current, red, orange, yellow, blue, lon_sum, lat_sum) AS (
      -- The edges, raw.
      SELECT i.${key}, i.reported_at > ${q.start}, count(*) FILTER (WHERE i.colour = 'red')::int, count(*) FILTER (WHERE i.colour = 'orange')::int,
        count(*) FILTER (WHERE i.colour = 'yellow')::int, count(*) FILTER (WHERE i.colour = 'blue')::int, sum(ST_X(i.geom)), sum(ST_Y(i.geom))
      FROM issues i
      WHERE i.reported_at > ${q.previousStart} AND i.reported_at <= ${q.now} ${outsideDays} AND i.${key} IS NOT NULL AND ${inScope}
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

export interface CellIssueRow {
  id: string
  lon: number
  lat: number
  colour: TriageColour
  category: string
  reported_at: Date
  grid_code: string | null
}

/** The issues of these cells reported in (start, now], in scope. */
export async function selectCellIssues(db: Db, q: Pick<RankingQuery, 'room' | 'area' | 'by' | 'start' | 'now'> & { keys: string[] }): Promise<CellIssueRow[]> {
  if (q.keys.length === 0) return []
  return db<CellIssueRow[]>`
    SELECT i.id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.colour, split_part(i.category, '.', 1) AS category, i.reported_at, i.grid_code
    FROM issues i
    WHERE i.${db(keyColumn(q.by))} = ANY(${q.keys}::text[]) AND i.reported_at > ${q.start} AND i.reported_at <= ${q.now}
      AND ${scopeCondition(db, q.room)} AND ${q.area ? scopeCondition(db, `area:${q.area}`) : db`true`}`
}

/**
 * Adds reports to the cells' day counts, dated in `timeZone`: those among the events (after, upTo],
 * or 'all' the issues (a history just written in bulk, every report of it in the log).
 */
export async function addCellDays(tx: Tx, reports: { after: number; upTo: number } | 'all', timeZone: string): Promise<void> {
  const source =
    reports === 'all'
      ? tx`issues i`
      : tx`issue_events e JOIN issues i ON i.id = e.issue_id AND e.seq > ${reports.after} AND e.seq <= ${reports.upTo} AND e.type = 'report'`
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
    ON CONFLICT (level, day, key, street_code, district_code) DO UPDATE SET
      red = d.red + EXCLUDED.red, orange = d.orange + EXCLUDED.orange, yellow = d.yellow + EXCLUDED.yellow, blue = d.blue + EXCLUDED.blue,
      lon_sum = d.lon_sum + EXCLUDED.lon_sum, lat_sum = d.lat_sum + EXCLUDED.lat_sum`
}
