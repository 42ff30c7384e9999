// The lifecycle state machine, exhaustively: every status × action × role against a table
// written out here, the input each action needs, and the stage clocks at their boundaries.
import { describe, expect, it } from 'vitest'
import {
  checkActionInput,
  decideTransition,
  DEFAULT_TIME_LIMITS_MINUTES,
  getAllowedActions,
  getDeadline,
  getNextStatus,
  getStageOfStatus,
  isOpenStatus,
  isOverdue,
  ISSUE_ACTIONS,
  ISSUE_ACTION_NAMES,
  ISSUE_STATUSES,
  ISSUE_STATUS_NAMES,
  ROLES,
  type IssueAction,
  type IssueStatus,
  type Role,
} from '../../../core/domain/issue-lifecycle.js'

// status: "action→status" pairs, the lifecycle drawn in the issue.
const EXPECTED_TRANSITIONS: Record<IssueStatus, string> = {
  reported: 'accept→accepted reject→rejected merge→merged',
  accepted: 'dispatch→dispatched escalate→escalated resolve→resolved reject→rejected merge→merged',
  dispatched: 'dispatch→dispatched escalate→escalated resolve→resolved',
  escalated: 'dispatch→dispatched resolve→resolved',
  resolved: 'verify→verified rework→dispatched',
  verified: 'reply→replied',
  replied: 'rate→rated close→closed',
  rated: 'close→closed',
  closed: '',
  rejected: '',
  merged: '',
}

// role: the actions it may take when the lifecycle allows them (grid workers: see below).
const EXPECTED_ROLE_ACTIONS: Record<Role, string> = {
  admin: 'accept reject dispatch escalate resolve verify rework reply rate close merge',
  operator: 'accept reject dispatch escalate resolve reply rate close merge',
  planner: '',
  street_leader: 'accept dispatch escalate resolve reply close',
  community_leader: 'accept dispatch escalate resolve reply close',
  grid_worker: 'resolve verify rework',
}

const CONTEXTS = [{}, { isReporter: true }, { isAssignee: true }, { isReporter: true, isAssignee: true }]

describe('the state machine', () => {
  it('leads from every status by exactly the drawn actions', () => {
    for (const status of ISSUE_STATUSES) {
      const pairs = ISSUE_ACTIONS.flatMap((a) => {
        const to = getNextStatus(status, a)
        return to ? [`${a}→${to}`] : []
      })
      expect(pairs.sort(), status).toEqual(EXPECTED_TRANSITIONS[status].split(' ').filter(Boolean).sort())
    }
  })

  it('decides every status × action × role × context as the tables say', () => {
    let cases = 0
    for (const status of ISSUE_STATUSES)
      for (const action of ISSUE_ACTIONS)
        for (const role of ROLES)
          for (const ctx of CONTEXTS) {
            cases++
            const lifecycleAllows = EXPECTED_TRANSITIONS[status].split(' ').some((p) => p.startsWith(`${action}→`))
            let roleAllows = EXPECTED_ROLE_ACTIONS[role].split(' ').includes(action)
            if (role === 'grid_worker') roleAllows &&= action === 'resolve' ? !!ctx.isAssignee : !!ctx.isReporter
            const decision = decideTransition(status, role, action, ctx)
            expect(decision.ok, `${role} ${action} from ${status} ${JSON.stringify(ctx)}`).toBe(lifecycleAllows && roleAllows)
            if (decision.ok) expect(decision.to).toBe(getNextStatus(status, action))
            else {
              expect(decision.allowed).toEqual(getAllowedActions(status, role, ctx))
              expect(decision.reason).toMatch(lifecycleAllows ? new RegExp(`${role} may not ${action}`) : /is not possible from/)
            }
          }
    expect(cases).toBe(11 * 11 * 6 * 4)
  })

  it('lists allowed actions in a stable order', () => {
    expect(getAllowedActions('accepted', 'operator')).toEqual(['reject', 'dispatch', 'escalate', 'resolve', 'merge'])
    expect(getAllowedActions('resolved', 'grid_worker', { isReporter: true })).toEqual(['verify', 'rework'])
    expect(getAllowedActions('resolved', 'grid_worker')).toEqual([])
    expect(getAllowedActions('dispatched', 'grid_worker', { isAssignee: true })).toEqual(['resolve'])
    expect(getAllowedActions('closed', 'admin')).toEqual([])
  })

  it("knows which statuses are open (the live snapshot's and the open figures' SQL and the partial indexes of migrations 0014 and 0017 spell out the other three)", () => {
    expect(ISSUE_STATUSES.filter((s) => !isOpenStatus(s))).toEqual(['closed', 'rejected', 'merged'])
  })

  it('names every status and action in both languages', () => {
    for (const s of ISSUE_STATUSES) expect(ISSUE_STATUS_NAMES[s].name && ISSUE_STATUS_NAMES[s].nameEn).toBeTruthy()
    for (const a of ISSUE_ACTIONS) expect(ISSUE_ACTION_NAMES[a].name && ISSUE_ACTION_NAMES[a].nameEn).toBeTruthy()
  })
})

describe('checkActionInput', () => {
  it.each<[IssueAction, object, string | undefined]>([
    ['accept', {}, undefined],
    ['reject', {}, 'note'],
    ['reject', { note: '  ' }, 'note'],
    ['reject', { note: '不属于受理范围' }, undefined],
    ['dispatch', {}, 'assignee'],
    ['dispatch', { assignee: 'worker' }, undefined],
    ['dispatch', { department: '区城管局' }, undefined],
    ['escalate', { assignee: 'worker' }, 'department'],
    ['escalate', { department: '区城管局' }, undefined],
    ['verify', {}, 'note'],
    ['rework', { note: '仍未清理' }, undefined],
    ['rate', {}, 'rating'],
    ['rate', { rating: 0 }, 'rating'],
    ['rate', { rating: 6 }, 'rating'],
    ['rate', { rating: 4.5 }, 'rating'],
    ['rate', { rating: 5 }, undefined],
    ['merge', {}, 'duplicateOf'],
    ['merge', { duplicateOf: '7b8c6a7e-8f0e-4c55-9a4c-0e4b5b0d8a11' }, undefined],
    ['close', {}, undefined],
  ])('%s with %j → %s', (action, input, field) => {
    expect(checkActionInput(action, input)?.field).toBe(field)
  })
})

describe('stage clocks', () => {
  const start = new Date('2026-11-22T08:00:00Z')

  it('runs a stage in each working status and none in the others', () => {
    expect(ISSUE_STATUSES.map((s) => [s, getStageOfStatus(s) ?? '-'])).toEqual([
      ['reported', 'accept'],
      ['accepted', 'dispatch'],
      ['dispatched', 'resolve'],
      ['escalated', 'resolve'],
      ['resolved', 'verify'],
      ['verified', 'reply'],
      ['replied', '-'],
      ['rated', '-'],
      ['closed', '-'],
      ['rejected', '-'],
      ['merged', '-'],
    ])
  })

  it('gives red less time than blue in every stage', () => {
    for (const stage of ['accept', 'dispatch', 'resolve', 'verify', 'reply'] as const) {
      const { red, orange, yellow, blue } = DEFAULT_TIME_LIMITS_MINUTES
      expect(red[stage]).toBeLessThan(orange[stage])
      expect(orange[stage]).toBeLessThan(yellow[stage])
      expect(yellow[stage]).toBeLessThan(blue[stage])
    }
  })

  it('is due at start + limit, overdue one millisecond after and not at it', () => {
    const issue = { status: 'reported' as const, colour: 'red' as const, stageStartedAt: start }
    const due = getDeadline(issue)!
    expect(due.toISOString()).toBe('2026-11-22T08:30:00.000Z')
    expect(isOverdue(issue, due)).toBe(false)
    expect(isOverdue(issue, new Date(due.getTime() + 1))).toBe(true)
    expect(isOverdue(issue, new Date(due.getTime() - 1))).toBe(false)
  })

  it('uses the limits it is given', () => {
    const limits = structuredClone(DEFAULT_TIME_LIMITS_MINUTES)
    limits.blue.resolve = 10
    const issue = { status: 'dispatched' as const, colour: 'blue' as const, stageStartedAt: start }
    expect(getDeadline(issue, limits)!.toISOString()).toBe('2026-11-22T08:10:00.000Z')
    expect(getDeadline(issue)!.toISOString()).toBe('2026-12-02T08:00:00.000Z')
  })

  it('has no deadline once no stage runs', () => {
    const issue = { status: 'closed' as const, colour: 'red' as const, stageStartedAt: start }
    expect(getDeadline(issue)).toBeUndefined()
    expect(isOverdue(issue, new Date('2030-01-01'))).toBe(false)
  })
})
