// One step of an issue's lifecycle: the state machine and the caller's role decide, the row is
// locked so two operators cannot both move it, and the change and its event commit together.
import { canSeeIssue, getIssueRooms } from '../../core/domain/issue-scope.js'
import { checkActionInput, decideTransition, getAllowedActions, type Role } from '../../core/domain/issue-lifecycle.js'
import type { IssueEventRecord, IssueSummary, SessionUser, TransitionRequest } from '../../core/wire/issues.js'
import { allocateSeq, insertEvent } from '../db/queries/issue-events.js'
import { selectIssue, setIssueSeq, updateIssue, type IssuePatch } from '../db/queries/issues.js'
import { insertIssuePhotos, type PhotoUpload } from '../db/queries/photos.js'
import { selectUser } from '../db/queries/users.js'
import { HttpError } from '../routes/http-error.js'
import { getRowScope, toIssueSummary } from './issue-summary.js'
import type { IssueContext } from './report-issue.js'

/** A transition the lifecycle or the role does not allow: 409 with what is allowed. */
export class TransitionRefused extends HttpError {
  constructor(
    message: string,
    readonly currentStatus: string,
    readonly allowed: string[],
  ) {
    super(409, message, 'action')
  }
}

export async function transitionIssue(
  ctx: IssueContext,
  session: SessionUser,
  id: string,
  req: TransitionRequest,
  photos: PhotoUpload[] = [],
): Promise<IssueSummary> {
  if (session.role === 'wall') throw new HttpError(403, 'a wall token is read-only')
  const role = session.role
  const inputError = checkActionInput(req.action, req)
  if (inputError) throw new HttpError(400, `${inputError.field}: ${inputError.message}`, inputError.field)
  if (req.action === 'verify' && photos.length === 0) {
    throw new HttpError(400, 'photos: the on-site check needs a photo of the fix', 'photos')
  }
  if (req.assignee) {
    const assignee = await selectUser(ctx.sql, req.assignee)
    if (!assignee) throw new HttpError(400, `assignee: unknown user ${req.assignee}`, 'assignee')
  }

  const committed = await ctx.sql.begin(async (tx) => {
    const row = await selectIssue(tx, id, { forUpdate: true })
    if (!row || !canSeeIssue(session, getRowScope(row))) throw new HttpError(404, `issue ${id} not found`, 'id')
    const actorCtx = { isReporter: row.reporter === session.username, isAssignee: row.assignee === session.username }
    const decision = decideTransition(row.status, role, req.action, actorCtx)
    if (!decision.ok) {
      throw new TransitionRefused(`action: ${decision.reason}`, row.status, getAllowedActions(row.status, role, actorCtx))
    }
    if (req.action === 'merge') {
      const target = req.duplicateOf === id ? undefined : await selectIssue(tx, req.duplicateOf!)
      if (!target || !canSeeIssue(session, getRowScope(target))) {
        throw new HttpError(400, `duplicateOf: no other issue ${req.duplicateOf} to merge into`, 'duplicateOf')
      }
    }
    const patch: IssuePatch = { status: decision.to, stageChanged: true }
    if (req.action === 'dispatch') {
      patch.assignee = req.assignee ?? null
      patch.department = req.department ?? null
    }
    if (req.action === 'escalate') patch.department = req.department!
    if (req.action === 'rate') patch.rating = req.rating!
    if (req.action === 'merge') patch.duplicateOf = req.duplicateOf!
    await updateIssue(tx, id, patch)
    const seq = await allocateSeq(tx)
    const updated = (await selectIssue(tx, id))!
    const summary = toIssueSummary(updated, ctx.limits, { seq, photoCount: updated.photo_count + photos.length })
    const data: Record<string, unknown> = {}
    for (const key of ['assignee', 'department', 'rating', 'duplicateOf'] as const) if (req[key] !== undefined) data[key] = req[key]
    if (photos.length) data.photos = photos.map((p) => p.sha256)
    // The rooms of before and after: a re-dispatch tells the previous assignee too.
    const rooms = [...new Set([...getIssueRooms(getRowScope(row)), ...getIssueRooms(summary)])]
    const event: IssueEventRecord = {
      seq,
      issueId: id,
      type: req.action,
      fromStatus: row.status,
      toStatus: decision.to,
      actor: session.username,
      actorRole: role as Role,
      note: req.note ?? null,
      data,
      at: '',
    }
    event.at = await insertEvent(tx, { ...event, issue: summary, rooms })
    await insertIssuePhotos(tx, id, seq, photos)
    await setIssueSeq(tx, id, seq)
    return { message: { seq, event, issue: summary }, rooms }
  })
  ctx.onCommitted(committed.message, committed.rooms)
  return committed.message.issue
}
