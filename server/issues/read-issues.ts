// Every read of issues, in the caller's scope: lists, the live snapshot a console starts from,
// one issue's detail and its photos (the figures: read-figures.ts). Scope comes from the
// session's room (core/domain/issue-scope.ts); what the caller may not see does not exist (not-found).
import { getAllowedActions } from '../../core/domain/issue-lifecycle.js'
import { canSeeIssue, getSessionRoom, HANDLER_ROLES, maskPhoneFor, mayBeAssigned, PERSONAL_DATA_ROLES } from '../../core/domain/issue-scope.js'
import type { IssueDetail, IssueListResponse, LiveIssuesResponse, SessionUser } from '../../core/wire/issues.js'
import { selectIssueEvents } from '../db/queries/issue-events.js'
import { selectIssue, selectIssues, selectLiveIssues, type IssueFilter } from '../db/queries/issues.js'
import { selectAreaLevel } from '../db/queries/areas.js'
import { selectIssuePhotos, selectPhotoData, selectPhotoIssueIds } from '../db/queries/photos.js'
import { IssueError } from './issue-errors.js'
import { getRowScope, toIssueSummary } from './issue-summary.js'
import type { IssueContext } from './report-issue.js'
import { selectHandlers } from '../db/queries/users.js'
import type { AssigneesResponse } from '../../core/wire/issues.js'
import { listDepartmentsFor } from '../../core/domain/departments.js'


/** Issues a console holds at most (the newest when more match). */
export const MAX_LIVE_ISSUES = 20_000

/** One page of issues, newest first; `nextCursor` continues after it. */
export async function listIssues(
  ctx: IssueContext,
  session: SessionUser,
  q: Omit<IssueFilter, 'room' | 'reporter' | 'limit'> & { mine?: boolean; limit: number },
): Promise<IssueListResponse> {
  const { mine, limit, ...filter } = q
  const areaLevel = filter.area ? await selectAreaLevel(ctx.sql, filter.area) : undefined
  const rows = await selectIssues(ctx.sql, { ...filter, areaLevel, room: getSessionRoom(session), reporter: mine ? session.username : undefined, limit: limit + 1 })
  const page = rows.slice(0, limit)
  return { issues: page.map((r) => toIssueSummary(r, ctx.limits)), nextCursor: rows.length > limit ? page[page.length - 1].number : null }
}

/**
 * Open issues and those changed in the last `days`, with the seq the snapshot includes; with
 * `finishedBefore`, only the finished ones changed between the window's start and then (the rest of
 * a longer window, after a snapshot of a shorter one).
 */
export async function getLiveIssues(
  ctx: IssueContext,
  session: SessionUser,
  days: number,
  page: { limit?: number; before?: bigint; activeSince?: Date; finishedBefore?: Date } = {},
): Promise<LiveIssuesResponse> {
  const now = ctx.clock?.() ?? new Date()
  const limit = page.limit ?? MAX_LIVE_ISSUES
  // Later pages keep the first page's window, so an issue at its edge is neither skipped nor doubled.
  const activeSince = page.activeSince ?? new Date(now.getTime() - days * 86_400_000)
  const room = getSessionRoom(session)
  const read = { activeSince, limit: limit + 1, beforeNumber: page.before, finishedBefore: page.finishedBefore }
  const held = await ctx.liveSnapshot?.read(room, read)
  const { found, lastSeq } = held
    ? { found: held.entries.map((e) => ({ number: String(e.number), summary: e.summary })), lastSeq: held.lastSeq }
    : await selectLiveIssues(ctx.sql, { room, ...read }).then(({ rows, lastSeq }) => ({
        found: rows.map((r) => ({ number: r.number, summary: toIssueSummary(r, ctx.limits) })),
        lastSeq,
      }))
  const more = found.length > limit
  const issues = found.slice(0, limit)
  // Nothing is cut silently: a larger snapshot comes in pages, each after the last issue number of the one before.
  return {
    issues: issues.map((i) => i.summary),
    lastSeq,
    truncated: more,
    next: more ? issues[issues.length - 1].number : null,
    activeSince: activeSince.toISOString(),
  }
}


/** One issue with its timeline, photos, phones as the caller may see them, and the actions open to the caller. */
export async function getIssueDetail(ctx: IssueContext, session: SessionUser, id: string): Promise<IssueDetail> {
  const row = await selectIssue(ctx.sql, id)
  if (!row || !canSeeIssue(session, getRowScope(row))) throw new IssueError('not-found', `issue ${id} not found`, 'id')
  const [events, photos] = await Promise.all([selectIssueEvents(ctx.sql, id), selectIssuePhotos(ctx.sql, id)])
  const lastResolve = events.filter((e) => e.type === 'resolve').at(-1)
  const actor = { isReporter: row.reporter === session.username, isAssignee: row.assignee === session.username, isResolver: lastResolve?.actor === session.username }
  return {
    issue: toIssueSummary(row, ctx.limits),
    events,
    photos: photos.map((p) => ({ url: `/api/photos/${p.sha256}`, sha256: p.sha256, mime: p.mime, bytes: p.bytes, eventSeq: Number(p.event_seq) })),
    reporterPhone: maskPhoneFor(session.role, row.reporter_phone),
    callerName: row.caller_name,
    callerPhone: maskPhoneFor(session.role, row.caller_phone),
    callerEmail: PERSONAL_DATA_ROLES.includes(session.role) ? row.caller_email : null,
    mediaUrl: row.media_url,
    allowedActions: session.role === 'wall' ? [] : getAllowedActions(row.status, session.role, actor),
  }
}

/** A photo, only for a caller who may see an issue it belongs to. */
export async function getPhoto(ctx: IssueContext, session: SessionUser, sha256: string): Promise<{ mime: string; data: Buffer }> {
  for (const id of await selectPhotoIssueIds(ctx.sql, sha256)) {
    const row = await selectIssue(ctx.sql, id)
    if (row && canSeeIssue(session, getRowScope(row))) return (await selectPhotoData(ctx.sql, sha256))!
  }
  throw new IssueError('not-found', `photo ${sha256} not found`, 'sha256')
}

/**
 * Who the issue may be dispatched to (mayBeAssigned): the grid's workers first, then the
 * community's and the street's leaders, then the district-wide handlers; and the departments,
 * those competent for its category first (core/domain/departments.ts).
 */
export async function getAssignees(ctx: IssueContext, session: SessionUser, id: string): Promise<AssigneesResponse> {
  const row = await selectIssue(ctx.sql, id)
  if (!row || !canSeeIssue(session, getRowScope(row))) throw new IssueError('not-found', `issue ${id} not found`, 'id')
  const scope = getRowScope(row)
  const order: Record<string, number> = { grid_worker: 0, community_leader: 1, street_leader: 2, operator: 3, admin: 4 }
  const assignees = (await selectHandlers(ctx.sql, HANDLER_ROLES))
    .filter((u) => mayBeAssigned({ username: u.username, role: u.role, area: u.area_code }, scope))
    .sort((a, b) => order[a.role] - order[b.role] || a.username.localeCompare(b.username))
    .map((u) => ({ username: u.username, displayName: u.display_name, role: u.role, area: u.area_code }))
  return { assignees, departments: listDepartmentsFor(row.category, row.department) }
}
