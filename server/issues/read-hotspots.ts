// Hotspots of a window for the caller's scope, ranked in SQL (db/queries/hotspots.ts) and shaped as
// core/analysis/rank-hotspots.ts shapes them, so a client can take either.
import { cellToLatLng } from 'h3-js'
import { DEFAULT_EMERGING, type Hotspot } from '../../core/analysis/rank-hotspots.js'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import type { SessionUser } from '../../core/wire/issues.js'
import { selectHotspots, type HotspotQuery } from '../db/queries/hotspots.js'
import type { IssueContext } from './report-issue.js'

export async function getHotspots(ctx: IssueContext, session: SessionUser, q: Omit<HotspotQuery, 'room' | 'now'> & { now?: Date }): Promise<Hotspot[]> {
  const rows = await selectHotspots(ctx.sql, { ...q, room: getSessionRoom(session), now: q.now ?? ctx.clock?.() ?? new Date() })
  return rows.map((r) => {
    const center: [number, number] = q.by.kind === 'hex' ? [cellToLatLng(r.key)[1], cellToLatLng(r.key)[0]] : [r.lon, r.lat]
    return {
      key: r.key,
      count: r.count,
      score: r.score,
      byColour: { red: r.red, orange: r.orange, yellow: r.yellow, blue: r.blue },
      previousCount: r.previous_count,
      previousScore: r.previous_score,
      emerging: r.score >= DEFAULT_EMERGING.minScore && r.score >= DEFAULT_EMERGING.ratio * r.previous_score,
      categories: r.categories,
      sparkline: r.sparkline,
      center,
      gridCode: r.grid_code,
      issueIds: r.issue_ids,
    }
  })
}
