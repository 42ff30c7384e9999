// One step of an issue's lifecycle: the state machine and the caller's role decide, the row is
// locked so two operators cannot both move it, the issue as it will stand is built here once, and
// one statement updates the row and writes the event, taking the seq last (see report-issue.ts).
import { canSeeIssue, getIssueRooms, mayBeAssigned } from '../../core/domain/issue-scope.js'
import { checkActionInput, decideTransition, getAllowedActions, getDeadline, type Role } from '../../core/domain/issue-lifecycle.js'
import type { IssueEventMessage, IssueEventRecord, IssueSummary, SessionUser, TransitionRequest } from '../../core/wire/issues.js'
import { selectIssue, updateIssueWithEvent, type IssuePatch } from '../db/queries/issues.js'
import { deleteUnlinkedPhotos, selectIssuePhotos, upsertPhotos, type PhotoUpload } from '../db/queries/photos.js'
import { selectUser } from '../db/queries/users.js'
import { IssueError } from './issue-errors.js'
import { getRowScope, toIssueSummary } from './issue-summary.js'
import type { IssueContext } from './report-issue.js'
import { selectLastResolver } from '../db/queries/issue-events.js'

export async function transitionIssue(
  ctx: IssueContext,
  session: SessionUser,
  id: string,
  req: TransitionRequest,
  photos: PhotoUpload[] = [],
): Promise<IssueSummary> {
  if (session.role === 'wall') throw new IssueError('forbidden', 'a wall token is read-only')
  const role = session.role
  const inputError = checkActionInput(req.action, req)
  if (inputError) throw new IssueError('invalid', `${inputError.field}: ${inputError.message}`, inputError.field)
  if (req.action === 'verify' && photos.length === 0) {
    throw new IssueError('invalid', 'photos: the on-site check needs a photo of the fix', 'photos')
  }
  const assignee = req.assignee ? await selectUser(ctx.sql, req.assignee) : undefined
  if (req.assignee && (!assignee || assignee.disabled)) throw new IssueError('invalid', `assignee: unknown user ${req.assignee}`, 'assignee')
  const resolver = req.action === 'verify' ? await selectLastResolver(ctx.sql, id) : undefined
  const stored = await upsertPhotos(ctx.sql, photos)

  // A refused or failed transition leaves none of the photos it stored behind.
  const committed = await ctx.sql.begin(async (tx) => {
    const row = await selectIssue(tx, id, { forUpdate: true })
    if (!row || !canSeeIssue(session, getRowScope(row))) throw new IssueError('not-found', `issue ${id} not found`, 'id')
    const actorCtx = { isReporter: row.reporter === session.username, isAssignee: row.assignee === session.username, isResolver: resolver === session.username }
    if (req.action === 'verify' && actorCtx.isResolver) {
      throw new IssueError('conflict', 'action: the on-site check (核查) must be done by someone other than who resolved the issue', 'action', {
        status: row.status,
        allowed: getAllowedActions(row.status, role, actorCtx),
      })
    }
    // Dispatch only to someone whose role handles issues and whose area holds this one.
    if (assignee && !mayBeAssigned({ username: assignee.username, role: assignee.role, area: assignee.area_code }, getRowScope(row))) {
      throw new IssueError('invalid', `assignee: ${assignee.username} (${assignee.role}, ${assignee.area_code}) may not handle an issue here`, 'assignee')
    }
    const decision = decideTransition(row.status, role, req.action, actorCtx)
    if (!decision.ok) {
      throw new IssueError('conflict', `action: ${decision.reason}`, 'action', {
        status: row.status,
        allowed: getAllowedActions(row.status, role, actorCtx),
      })
    }
    if (req.action === 'merge') {
      const target = req.duplicateOf === id ? undefined : await selectIssue(tx, req.duplicateOf!)
      if (!target || !canSeeIssue(session, getRowScope(target))) {
        throw new IssueError('invalid', `duplicateOf: no other issue ${req.duplicateOf} to merge into`, 'duplicateOf')
      }
    }
    const now = ctx.clock?.() ?? new Date()
    const at = now.toISOString()
    const before = toIssueSummary(row, ctx.limits)
    const patch: IssuePatch = {
      status: decision.to,
      assignee: req.action === 'dispatch' ? (req.assignee ?? null) : before.assignee,
      department: req.action === 'dispatch' ? (req.department ?? null) : req.action === 'escalate' ? req.department! : before.department,
      rating: req.action === 'rate' ? req.rating! : before.rating,
      duplicateOf: req.action === 'merge' ? req.duplicateOf! : before.duplicateOf,
      updatedAt: at,
      stageStartedAt: at,
    }
    const { seq: _seq, ...unchanged } = before
    // A photo the issue already has, or one sent twice, is one link (issue_photos' key).
    const linked = photos.length ? new Set((await selectIssuePhotos(tx, id)).map((p) => p.sha256)) : new Set<string>()
    const issue: Omit<IssueSummary, 'seq'> = {
      ...unchanged,
      ...patch,
      photoCount: before.photoCount + new Set(photos.map((p) => p.sha256).filter((h) => !linked.has(h))).size,
      dueAt: getDeadline({ status: patch.status, colour: before.colour, stageStartedAt: now }, ctx.limits)?.toISOString() ?? null,
    }
    const data: Record<string, unknown> = {}
    for (const key of ['assignee', 'department', 'rating', 'duplicateOf'] as const) if (req[key] !== undefined) data[key] = req[key]
    if (photos.length) data.photos = photos.map((p) => p.sha256)
    const event: Omit<IssueEventRecord, 'seq'> = {
      issueId: id,
      type: req.action,
      fromStatus: row.status,
      toStatus: decision.to,
      actor: session.username,
      actorRole: role as Role,
      note: req.note ?? null,
      data,
      at,
    }
    // The rooms of before and after: a re-dispatch tells the previous assignee too.
    const rooms = [...new Set([...getIssueRooms(before), ...getIssueRooms(issue)])]
    const seq = await updateIssueWithEvent(tx, id, patch, { event, issue, rooms, photoHashes: photos.map((p) => p.sha256) })
    return { message: { seq, event: { seq, ...event }, issue: { ...issue, seq } } satisfies IssueEventMessage, rooms }
  }).catch(async (err: unknown) => {
    await deleteUnlinkedPhotos(ctx.sql, stored)
    throw err
  })
  ctx.onCommitted(committed.message, committed.rooms)
  return committed.message.issue
}
