// An operator marks an open issue as blocking passage, or takes the mark off
// (core/domain/passage-closures.ts): the row is locked as for a transition, the mark and a `passage`
// event written in one statement (the seq taken last), and the event goes out on the feed like any
// other — the closures feed sees it and measures the walk again (server/realtime/closure-feed.ts).
// The status, the stage and its deadline stay as they were.
import { canSeeIssue, getIssueRooms } from '../../core/domain/issue-scope.js'
import { checkPassageMark, PASSAGE_EVENT } from '../../core/domain/passage-closures.js'
import type { IssueEventMessage, IssueEventRecord, IssueSummary, PassageMarkRequest, SessionUser } from '../../core/wire/issues.js'
import { selectIssue, updatePassageWithEvent } from '../db/queries/issues.js'
import { IssueError } from './issue-errors.js'
import { getRowScope, toIssueSummary } from './issue-summary.js'
import type { IssueContext } from './report-issue.js'

export async function markPassage(ctx: IssueContext, session: SessionUser, id: string, req: PassageMarkRequest): Promise<IssueSummary> {
  if (session.role === 'wall') throw new IssueError('forbidden', 'a wall token is read-only')
  const role = session.role
  const committed = await ctx.sql.begin(async (tx) => {
    const row = await selectIssue(tx, id, { forUpdate: true })
    if (!row || !canSeeIssue(session, getRowScope(row))) throw new IssueError('not-found', `issue ${id} not found`, 'id')
    const before = toIssueSummary(row, ctx.limits)
    const refusal = checkPassageMark({ subcategory: row.category, status: row.status, blocksPassage: row.blocks_passage }, role, req.blocksPassage)
    if (refusal) throw new IssueError(refusal.status, refusal.message, refusal.status === 'conflict' ? 'blocksPassage' : undefined)
    const at = (ctx.clock?.() ?? new Date()).toISOString()
    const { seq: _seq, blocksPassage: _mark, ...unchanged } = before
    const issue: Omit<IssueSummary, 'seq'> = { ...unchanged, updatedAt: at, ...(req.blocksPassage ? { blocksPassage: true as const } : {}) }
    const event: Omit<IssueEventRecord, 'seq'> = {
      issueId: id,
      type: PASSAGE_EVENT,
      fromStatus: row.status,
      toStatus: row.status,
      actor: session.username,
      actorRole: role,
      note: req.note?.trim() || null,
      data: { blocksPassage: req.blocksPassage },
      at,
    }
    const rooms = getIssueRooms(issue)
    const seq = await updatePassageWithEvent(tx, id, req.blocksPassage, at, { event, issue, rooms, photoHashes: [] })
    return { message: { seq, event: { seq, ...event }, issue: { ...issue, seq } } satisfies IssueEventMessage, rooms }
  })
  ctx.onCommitted(committed.message, committed.rooms)
  return committed.message.issue
}
