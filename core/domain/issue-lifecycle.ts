// The lifecycle of an issue (收集→受理→处置→核查→答复→评价→结案) as a state machine: which
// action leads from which state to which, which role may take it, what it must carry, and the
// time limit of each stage per triage colour.
import type { TriageColour } from './triage.js'

export const ISSUE_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'escalated',
  'resolved',
  'verified',
  'replied',
  'rated',
  'closed',
  'rejected',
  'merged',
] as const
export type IssueStatus = (typeof ISSUE_STATUSES)[number]

export const TERMINAL_STATUSES: readonly IssueStatus[] = ['closed', 'rejected', 'merged']

/** True while the issue still needs work. */
export function isOpenStatus(status: IssueStatus): boolean {
  return !TERMINAL_STATUSES.includes(status)
}

export const OPEN_STATUSES: readonly IssueStatus[] = ISSUE_STATUSES.filter(isOpenStatus)

export const ROLES = ['admin', 'operator', 'planner', 'street_leader', 'community_leader', 'grid_worker'] as const
export type Role = (typeof ROLES)[number]

/** Each role's name as the practice calls it. */
export const ROLE_NAMES: Record<Role, { name: string; nameEn: string }> = {
  admin: { name: '系统管理员', nameEn: 'Administrator' },
  operator: { name: '指挥中心值班员', nameEn: 'Operator' },
  planner: { name: '规划员', nameEn: 'Planner' },
  street_leader: { name: '街道负责人', nameEn: 'Street leader' },
  community_leader: { name: '社区负责人', nameEn: 'Community leader' },
  grid_worker: { name: '网格员', nameEn: 'Grid worker' },
}

export const ISSUE_ACTIONS = ['accept', 'reject', 'dispatch', 'escalate', 'resolve', 'verify', 'rework', 'reply', 'rate', 'close', 'merge'] as const
export type IssueAction = (typeof ISSUE_ACTIONS)[number]

export const ISSUE_STATUS_NAMES: Record<IssueStatus, { name: string; nameEn: string }> = {
  reported: { name: '待受理', nameEn: 'Reported' },
  accepted: { name: '已受理', nameEn: 'Accepted' },
  dispatched: { name: '处置中', nameEn: 'Dispatched' },
  escalated: { name: '已上报部门', nameEn: 'Escalated' },
  resolved: { name: '待核查', nameEn: 'Resolved' },
  verified: { name: '待答复', nameEn: 'Verified' },
  replied: { name: '待评价', nameEn: 'Replied' },
  rated: { name: '已评价', nameEn: 'Rated' },
  closed: { name: '已结案', nameEn: 'Closed' },
  rejected: { name: '不予受理', nameEn: 'Rejected' },
  merged: { name: '已合并', nameEn: 'Merged' },
}

export const ISSUE_ACTION_NAMES: Record<IssueAction, { name: string; nameEn: string }> = {
  accept: { name: '受理', nameEn: 'Accept' },
  reject: { name: '不予受理', nameEn: 'Reject' },
  dispatch: { name: '派遣', nameEn: 'Dispatch' },
  escalate: { name: '吹哨上报', nameEn: 'Escalate' },
  resolve: { name: '办结', nameEn: 'Resolve' },
  verify: { name: '核查通过', nameEn: 'Verify' },
  rework: { name: '返工', nameEn: 'Send back' },
  reply: { name: '答复', nameEn: 'Reply' },
  rate: { name: '评价', nameEn: 'Rate' },
  close: { name: '结案', nameEn: 'Close' },
  merge: { name: '合并', nameEn: 'Merge' },
}

/** From each status, the actions it allows and where they lead. */
const TRANSITIONS: Record<IssueStatus, Partial<Record<IssueAction, IssueStatus>>> = {
  reported: { accept: 'accepted', reject: 'rejected', merge: 'merged' },
  accepted: { dispatch: 'dispatched', escalate: 'escalated', resolve: 'resolved', reject: 'rejected', merge: 'merged' },
  dispatched: { resolve: 'resolved', escalate: 'escalated', dispatch: 'dispatched' },
  escalated: { resolve: 'resolved', dispatch: 'dispatched' },
  resolved: { verify: 'verified', rework: 'dispatched' },
  verified: { reply: 'replied' },
  replied: { rate: 'rated', close: 'closed' },
  rated: { close: 'closed' },
  closed: {},
  rejected: {},
  merged: {},
}

/** What each role may do (within its scope, which the server checks). */
const ROLE_ACTIONS: Record<Role, readonly IssueAction[]> = {
  admin: ISSUE_ACTIONS,
  operator: ['accept', 'reject', 'dispatch', 'escalate', 'resolve', 'reply', 'rate', 'close', 'merge'],
  planner: [],
  street_leader: ['accept', 'dispatch', 'escalate', 'resolve', 'reply', 'close'],
  community_leader: ['accept', 'dispatch', 'escalate', 'resolve', 'reply', 'close'],
  grid_worker: ['resolve', 'verify', 'rework'],
}

export interface ActorContext {
  /** The caller reported this issue. */
  isReporter?: boolean
  /** The issue was dispatched to the caller. */
  isAssignee?: boolean
  /** The caller resolved it (last): they may not also pass their own fix on the on-site check. */
  isResolver?: boolean
}

function mayAct(role: Role, action: IssueAction, ctx: ActorContext): boolean {
  if (!ROLE_ACTIONS[role].includes(action)) return false
  // Duties apart, as in digital city management: the on-site check (核查) is not the handler's own.
  if (action === 'verify' && ctx.isResolver) return false
  if (role !== 'grid_worker') return true
  // A grid worker resolves only what was dispatched to them, and checks only their own reports.
  return action === 'resolve' ? !!ctx.isAssignee : !!ctx.isReporter
}

/** Where the action leads from the status, or undefined when the lifecycle does not allow it. */
export function getNextStatus(status: IssueStatus, action: IssueAction): IssueStatus | undefined {
  return TRANSITIONS[status][action]
}

/**
 * The actions the role may take now, in ISSUE_ACTIONS order.
 * @example getAllowedActions('reported', 'operator') // ['accept', 'reject', 'merge']
 */
export function getAllowedActions(status: IssueStatus, role: Role, ctx: ActorContext = {}): IssueAction[] {
  return ISSUE_ACTIONS.filter((a) => getNextStatus(status, a) !== undefined && mayAct(role, a, ctx))
}

/** Who may report, and through which channel: a yes, or the reason why not. */
export type ReportPermission = { ok: true } | { ok: false; reason: string; field?: 'source' }

/**
 * Decides whether a role may report an issue from a source: wall tokens and planners read only,
 * and only an operator (or an admin) records a hotline (12345) call.
 * @example canReport('grid_worker', 'field') // { ok: true }
 */
export function canReport(role: Role | 'wall', source: 'field' | 'hotline' | 'open311'): ReportPermission {
  if (role === 'wall' || role === 'planner') return { ok: false, reason: `a ${role} may not report issues` }
  // An Open311 integration reports as an operator of its own (server/open311/).
  if ((source === 'hotline' || source === 'open311') && role !== 'operator' && role !== 'admin') {
    return { ok: false, reason: 'source: only an operator records hotline calls', field: 'source' }
  }
  return { ok: true }
}

export type TransitionDecision = { ok: true; to: IssueStatus } | { ok: false; allowed: IssueAction[]; reason: string }

/** Decides one action: where it leads, or why not and what is allowed instead. */
export function decideTransition(status: IssueStatus, role: Role, action: IssueAction, ctx: ActorContext = {}): TransitionDecision {
  const allowed = getAllowedActions(status, role, ctx)
  const to = getNextStatus(status, action)
  if (to === undefined) return { ok: false, allowed, reason: `${action} is not possible from ${status}` }
  if (!mayAct(role, action, ctx)) return { ok: false, allowed, reason: `a ${role} may not ${action} this issue` }
  return { ok: true, to }
}

export interface ActionInput {
  note?: string
  assignee?: string
  department?: string
  rating?: number
  duplicateOf?: string
}

/** What each action must carry. */
export const ACTION_REQUIREMENTS: Record<IssueAction, string> = {
  accept: '',
  reject: 'note (the reason)',
  dispatch: 'assignee (a username) or department',
  escalate: 'department',
  resolve: '',
  verify: 'note (what the check found) and a photo',
  rework: 'note (what is still wrong)',
  reply: '',
  rate: 'rating (1–5)',
  close: '',
  merge: 'duplicateOf (the issue it repeats)',
}

/** The first missing or bad field of an action's input, or undefined when it is complete. */
export function checkActionInput(action: IssueAction, input: ActionInput): { field: string; message: string } | undefined {
  const blank = (s: string | undefined) => !s || s.trim() === ''
  switch (action) {
    case 'reject':
      return blank(input.note) ? { field: 'note', message: 'a rejection needs a reason' } : undefined
    case 'dispatch':
      return blank(input.assignee) && blank(input.department)
        ? { field: 'assignee', message: 'dispatch to an assignee (a username) or a department' }
        : undefined
    case 'escalate':
      return blank(input.department) ? { field: 'department', message: 'escalate to a department' } : undefined
    case 'verify':
    case 'rework':
      return blank(input.note) ? { field: 'note', message: `${action} needs a note of what the check found` } : undefined
    case 'rate':
      return input.rating === undefined || !Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5
        ? { field: 'rating', message: 'a rating is an integer 1…5' }
        : undefined
    case 'merge':
      return blank(input.duplicateOf) ? { field: 'duplicateOf', message: 'merge needs the issue it duplicates' } : undefined
    default:
      return undefined
  }
}

/** Stages with a time limit, each the time spent in one status. */
export const STAGES = ['accept', 'dispatch', 'resolve', 'verify', 'reply'] as const
export type Stage = (typeof STAGES)[number]

const STAGE_OF_STATUS: Partial<Record<IssueStatus, Stage>> = {
  reported: 'accept',
  accepted: 'dispatch',
  dispatched: 'resolve',
  escalated: 'resolve',
  resolved: 'verify',
  verified: 'reply',
}

/** The stage whose clock runs in this status, if any. */
export function getStageOfStatus(status: IssueStatus): Stage | undefined {
  return STAGE_OF_STATUS[status]
}

/** Minutes per stage per colour (the defaults of the issue_time_limits table). */
export const DEFAULT_TIME_LIMITS_MINUTES: Record<TriageColour, Record<Stage, number>> = {
  red: { accept: 30, dispatch: 60, resolve: 1440, verify: 240, reply: 1440 },
  orange: { accept: 60, dispatch: 120, resolve: 4320, verify: 480, reply: 2880 },
  yellow: { accept: 120, dispatch: 240, resolve: 7200, verify: 1440, reply: 4320 },
  blue: { accept: 240, dispatch: 480, resolve: 14400, verify: 2880, reply: 7200 },
}

export interface StageClock {
  status: IssueStatus
  colour: TriageColour
  stageStartedAt: Date
}

/**
 * When the current stage runs out, or undefined when no stage runs.
 * @example getDeadline({ status: 'reported', colour: 'red', stageStartedAt: new Date('2026-01-01T00:00Z') }) // 00:30Z
 */
export function getDeadline(issue: StageClock, limits: Record<TriageColour, Record<Stage, number>> = DEFAULT_TIME_LIMITS_MINUTES): Date | undefined {
  const stage = getStageOfStatus(issue.status)
  if (!stage) return undefined
  return new Date(issue.stageStartedAt.getTime() + limits[issue.colour][stage] * 60_000)
}

/** Past the deadline (exactly at it is still on time). */
export function isOverdue(issue: StageClock, now: Date, limits?: Record<TriageColour, Record<Stage, number>>): boolean {
  const deadline = getDeadline(issue, limits)
  return deadline !== undefined && now.getTime() > deadline.getTime()
}
