// Hotspots of a window for the caller's scope: ranked in SQL (db/queries/hotspots.ts) from the
// cells' day counts plus the window's edges read raw, then the top ones' details aggregated from
// their own issues — so a client gets what the wall used to compute with
// core/analysis/rank-hotspots.ts over every issue it held, without holding them.
import { cellToLatLng } from 'h3-js'
import { COLOUR_WEIGHTS, isEmerging, type Hotspot } from '../../core/analysis/rank-hotspots.js'
import { addCityDays, DEFAULT_TIME_ZONE, getCityDay, getStartOfCityDay } from '../../core/domain/city-time.js'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import { TRIAGE_COLOURS, type TriageColour } from '../../core/domain/triage.js'
import type { SessionUser } from '../../core/wire/issues.js'
import { selectRollupState } from '../db/queries/figure-rollups.js'
import { selectCellDetails, selectHotspotRanking, type HotspotLevel, type RankingQuery, type WholeDays } from '../db/queries/hotspots.js'
import { getRollupScope } from './read-figures.js'
import type { IssueContext } from './report-issue.js'

/** Newest issues listed per detailed hotspot (the wall shows three). */
export const HOTSPOT_ISSUE_IDS = 20

export interface HotspotsQuery {
  area?: string
  now?: Date
  windowMs: number
  by: HotspotLevel
  /** Points of each sparkline. */
  buckets: number
  /** Hotspots ranked. */
  limit: number
  /** The first `detail` of them carry their category mix, sparkline, main grid and newest issues (the others: empty, null). */
  detail?: number
}

export interface HotspotsResult {
  hotspots: Hotspot[]
  /** Issues reported in the window in scope (with a cell at this level), all cells together. */
  reported: number
}

export async function getHotspots(ctx: IssueContext, session: SessionUser, q: HotspotsQuery): Promise<HotspotsResult> {
  const now = q.now ?? ctx.clock?.() ?? new Date()
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE
  const start = new Date(now.getTime() - q.windowMs)
  const previousStart = new Date(start.getTime() - q.windowMs)
  const room = getSessionRoom(session)
  // The cells' day counts are kept per street (migration 0012): a grid's hotspots come from its issues.
  const figureScope = await getRollupScope(ctx, room, q.area)
  const scope = figureScope?.gridCode ? undefined : figureScope
  // One snapshot: the day counts and how far they go are read together.
  return ctx.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const state = scope ? await selectRollupState(tx) : undefined
    const rollup: RankingQuery['rollup'] =
      scope && state && state.timeZone === timeZone && state.rolledUpSeq > 0
        ? { scope, previous: getWholeDays(previousStart, start, timeZone), current: getWholeDays(start, now, timeZone), rolledUpSeq: state.rolledUpSeq }
        : undefined
    const ranked = await selectHotspotRanking(tx, { room, area: q.area, by: q.by, previousStart, start, now, rollup, limit: q.limit })
    const keys = ranked.slice(0, q.detail ?? q.limit).map((r) => r.key)
    const details = new Map(
      (await selectCellDetails(tx, { room, area: q.area, by: q.by, start, now, keys, windowMs: q.windowMs, buckets: q.buckets, ids: HOTSPOT_ISSUE_IDS })).map((d) => [d.key, d]),
    )
    const hotspots = ranked.map((r): Hotspot => {
      const count = r.red + r.orange + r.yellow + r.blue
      const score = rankScore(r)
      const d = details.get(r.key)
      const center: [number, number] = q.by.kind === 'hex' ? [cellToLatLng(r.key)[1], cellToLatLng(r.key)[0]] : [r.lon, r.lat]
      return {
        key: r.key,
        count,
        score,
        byColour: { red: r.red, orange: r.orange, yellow: r.yellow, blue: r.blue },
        previousCount: r.previous_count,
        previousScore: r.previous_score,
        emerging: isEmerging(score, r.previous_score),
        categories: d?.categories ?? [],
        sparkline: d?.sparkline ?? [],
        center,
        gridCode: d ? d.grid_code : q.by.kind === 'grid' ? r.key : null,
        issueIds: d?.issue_ids ?? [],
      }
    })
    return { hotspots, reported: ranked[0]?.reported ?? 0 }
  })
}

const rankScore = (r: Record<TriageColour, number>) => TRIAGE_COLOURS.reduce((sum, c) => sum + COLOUR_WEIGHTS[c] * r[c], 0)

/** The whole city days inside the window (from, to] — a day that holds `from` is an edge, since `from` itself is not in the window. */
export function getWholeDays(from: Date, to: Date, timeZone: string): WholeDays | undefined {
  let first = getCityDay(from, timeZone)
  if (getStartOfCityDay(first, timeZone) <= from) first = addCityDays(first, 1)
  const end = getCityDay(to, timeZone)
  if (first >= end) return undefined
  return { first, last: addCityDays(end, -1), start: getStartOfCityDay(first, timeZone), end: getStartOfCityDay(end, timeZone) }
}
