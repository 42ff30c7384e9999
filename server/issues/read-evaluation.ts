// The evaluation pack of a period (core/domain/evaluation-indicators.ts), computed from the period's
// issues and their logs as a community's figures are (read-figures.ts: the same rows, the same
// snapshot), with the names its rows need. A month of the demo district is a few thousand issues; a
// month of a whole city's year (170,000 issues, 850,000 events) is read and computed in seconds —
// an export, not a live figure.
import { computeEvaluation, DEFAULT_EVALUATION_SETTINGS } from '../../core/domain/evaluation-indicators.js'
import { getDeadline } from '../../core/domain/issue-lifecycle.js'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import type { EvaluationResponse } from '../../core/wire/evaluation.js'
import type { SessionUser } from '../../core/wire/issues.js'
import { selectAreaLevel } from '../db/queries/areas.js'
import { selectArchivedMonthsWithin } from '../db/queries/issue-months.js'
import { selectFigureRows } from '../db/queries/issues.js'
import { IssueError } from './issue-errors.js'
import { resolvePeriod } from './read-figures.js'
import type { IssueContext } from './report-issue.js'

export async function getEvaluation(ctx: IssueContext, session: SessionUser, q: { from?: Date; to?: Date; area?: string }): Promise<EvaluationResponse> {
  const { now, timeZone, from, to } = resolvePeriod(ctx, q)
  const archived = await selectArchivedMonthsWithin(ctx.sql, from, to)
  if (archived.length) throw new IssueError('archived', `the issues of ${archived.join(', ')} are archived: their evaluation can no longer be computed`, 'from')
  const areaLevel = q.area && (await selectAreaLevel(ctx.sql, q.area)) === 'grid' ? 'grid' : undefined
  const rows = await selectFigureRows(ctx.sql, { room: getSessionRoom(session), from, to, area: q.area, areaLevel })
  const report = computeEvaluation({
    issues: rows.issues.map((r) => ({
      id: r.id,
      status: r.status,
      colour: r.colour,
      reportedAt: r.reported_at,
      streetCode: r.street_code,
      communityCode: r.community_code,
      gridCode: r.grid_code,
      department: r.department,
      reporter: r.reporter,
      stageStartedAt: r.stage_started_at,
      dueAt: getDeadline({ status: r.status, colour: r.colour, stageStartedAt: r.stage_started_at }, ctx.limits) ?? null,
    })),
    events: rows.events.map((e) => ({ issueId: e.issue_id, type: e.type, fromStatus: e.from_status, toStatus: e.to_status, at: e.at, rating: e.rating, actor: e.actor, actorRole: e.actor_role })),
    from,
    to,
    now,
    limits: ctx.limits,
    settings: ctx.evaluation ?? DEFAULT_EVALUATION_SETTINGS,
    timeZone,
  })
  const codes = [...report.byStreet, ...report.byCommunity, ...report.byGrid].map((r) => r.code)
  const [areas, users] = await Promise.all([
    codes.length ? ctx.sql<{ code: string; name: string; name_en: string | null }[]>`SELECT code, name, name_en FROM areas WHERE code = ANY(${codes})` : [],
    report.byPerson.length ? ctx.sql<{ username: string; display_name: string }[]>`SELECT username, display_name FROM users WHERE username = ANY(${report.byPerson.map((p) => p.username)})` : [],
  ])
  return {
    ...report,
    from: from.toISOString(),
    to: to.toISOString(),
    at: now.toISOString(),
    areaNames: Object.fromEntries(areas.map((a) => [a.code, { name: a.name, nameEn: a.name_en }])),
    people: Object.fromEntries(users.map((u) => [u.username, u.display_name])),
  }
}
