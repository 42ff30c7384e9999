// Hotspots ranked in SQL: the issues reported in a window and the one before it, grouped by their
// stored H3 cell (or their grid), with the weights, the emerging rule, the sparkline, the category
// mix, the main grid and the issues newest first of core/analysis/rank-hotspots.ts — whose tests
// stay the oracle; tests/server/living-demo.test.ts checks the two agree on the demo's history.
import { COLOUR_WEIGHTS } from '../../../core/analysis/rank-hotspots.js'
import type { HotspotResolution } from '../../../core/domain/issue-cells.js'
import type { Sql } from '../client.js'
import { scopeCondition } from './issues.js'

export interface HotspotRow {
  key: string
  count: number
  score: number
  red: number
  orange: number
  yellow: number
  blue: number
  previous_count: number
  previous_score: number
  lon: number
  lat: number
  categories: { code: string; count: number }[]
  sparkline: number[]
  grid_code: string | null
  issue_ids: string[]
}

export interface HotspotQuery {
  /** The caller's room (what they may see) and, optionally, an area within it. */
  room: string
  area?: string
  /** The window (now − windowMs, now]; the one before it sets the previous figures. */
  now: Date
  windowMs: number
  by: { kind: 'hex'; resolution: HotspotResolution } | { kind: 'grid' }
  buckets: number
  limit: number
}

/** The top `limit` hotspots of the window, ranked by score, then count, then key. */
export async function selectHotspots(sql: Sql, q: HotspotQuery): Promise<HotspotRow[]> {
  const nowMs = q.now.getTime()
  const start = new Date(nowMs - q.windowMs)
  const previousStart = new Date(nowMs - 2 * q.windowMs)
  const key = q.by.kind === 'grid' ? sql`i.grid_code` : sql(`h3_r${q.by.resolution}`)
  const weight = sql`CASE i.colour WHEN 'red' THEN ${COLOUR_WEIGHTS.red}::int WHEN 'orange' THEN ${COLOUR_WEIGHTS.orange}::int
    WHEN 'yellow' THEN ${COLOUR_WEIGHTS.yellow}::int ELSE ${COLOUR_WEIGHTS.blue}::int END`
  return sql<HotspotRow[]>`
    WITH w AS (
      SELECT i.id, i.colour, split_part(i.category, '.', 1) AS category, i.reported_at, i.grid_code,
        ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, ${key} AS key, ${weight} AS weight, i.reported_at > ${start} AS current,
        -- The sparkline's slice, as JavaScript computes it from milliseconds.
        least(${q.buckets - 1}::int, floor((extract(epoch FROM i.reported_at) * 1000 - ${start.getTime()}::float8) / ${q.windowMs}::float8 * ${q.buckets}::int))::int AS bucket
      FROM issues i
      WHERE i.reported_at > ${previousStart} AND i.reported_at <= ${q.now}
        AND ${scopeCondition(sql, q.room)} AND ${q.area ? scopeCondition(sql, `area:${q.area}`) : sql`true`}
        AND ${key} IS NOT NULL
    ), ranked AS (
      SELECT key,
        count(*) FILTER (WHERE current)::int AS count,
        coalesce(sum(weight) FILTER (WHERE current), 0)::int AS score,
        count(*) FILTER (WHERE current AND colour = 'red')::int AS red,
        count(*) FILTER (WHERE current AND colour = 'orange')::int AS orange,
        count(*) FILTER (WHERE current AND colour = 'yellow')::int AS yellow,
        count(*) FILTER (WHERE current AND colour = 'blue')::int AS blue,
        count(*) FILTER (WHERE NOT current)::int AS previous_count,
        coalesce(sum(weight) FILTER (WHERE NOT current), 0)::int AS previous_score,
        avg(lon) FILTER (WHERE current) AS lon, avg(lat) FILTER (WHERE current) AS lat
      FROM w GROUP BY key
      HAVING count(*) FILTER (WHERE current) > 0
      ORDER BY score DESC, count DESC, key COLLATE "C"
      LIMIT ${q.limit}::int
    )
    SELECT r.*,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('code', c.category, 'count', c.n) ORDER BY c.n DESC, c.category COLLATE "C"), '[]')
        FROM (SELECT category, count(*)::int AS n FROM w WHERE w.key = r.key AND current GROUP BY category) c) AS categories,
      (SELECT array_agg(coalesce(s.n, 0) ORDER BY b.b)
        FROM generate_series(0, ${q.buckets - 1}::int) AS b(b)
        LEFT JOIN (SELECT bucket, count(*)::int AS n FROM w WHERE w.key = r.key AND current GROUP BY bucket) s ON s.bucket = b.b) AS sparkline,
      (SELECT grid_code FROM w WHERE w.key = r.key AND current AND grid_code IS NOT NULL
        GROUP BY grid_code ORDER BY count(*) DESC, grid_code COLLATE "C" LIMIT 1) AS grid_code,
      (SELECT array_agg(id::text ORDER BY reported_at DESC, id::text COLLATE "C") FROM w WHERE w.key = r.key AND current) AS issue_ids
    FROM ranked r
    ORDER BY r.score DESC, r.count DESC, r.key COLLATE "C"`
}
