// The console's pure parts: the filters the map and the feed share, the view in the URL, and how
// live events, answers and refusals reconcile an issue the operator acted on optimistically.
import { describe, expect, it } from 'vitest'
import type { IssueSummary } from '../../core/wire/issues'
import { DEFAULT_FILTERS, isIssueOverdue, matchesFilters, readConsoleUrl, writeConsoleUrl } from '../../client/live/issue-filters'
import { create } from 'zustand'
import { createLiveIssuesSlice, type LiveIssuesSlice } from '../../client/store/live-issues-slice'
import { createThrottle } from '../../client/live/throttle'
import { holdNewRows } from '../../client/live/feed-hold'

const NOW = Date.parse('2026-12-01T10:00:00Z')
const issue = (over: Partial<IssueSummary> = {}): IssueSummary =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    code: 'E20261201000001',
    seq: 10,
    status: 'reported',
    colour: 'red',
    category: 'sanitation.garbage',
    description: '垃圾满溢',
    address: '锦江路 12 号',
    gridCode: '520602007001-G01',
    communityCode: '520602007001',
    streetCode: '520602007',
    districtCode: '520602',
    reportedAt: '2026-12-01T09:30:00Z',
    dueAt: '2026-12-01T10:00:00Z',
    ...over,
  }) as IssueSummary

describe('matchesFilters', () => {
  it('keeps open issues whatever their age, and closed ones only in the window when asked for all', () => {
    const old = issue({ reportedAt: '2026-11-01T00:00:00Z' })
    expect(matchesFilters(old, DEFAULT_FILTERS, null, NOW)).toBe(true)
    const closed = issue({ status: 'closed' })
    expect(matchesFilters(closed, DEFAULT_FILTERS, null, NOW)).toBe(false)
    expect(matchesFilters(closed, { ...DEFAULT_FILTERS, scope: 'all', window: '1h' }, null, NOW)).toBe(true)
    expect(matchesFilters(issue({ status: 'closed', reportedAt: '2026-12-01T08:00:00Z' }), { ...DEFAULT_FILTERS, scope: 'all', window: '1h' }, null, NOW)).toBe(false)
  })

  it('filters by colour, status, category, area and text', () => {
    const i = issue()
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, colours: ['blue'] }, null, NOW)).toBe(false)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, statuses: ['accepted'] }, null, NOW)).toBe(false)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, categories: ['sanitation'] }, null, NOW)).toBe(true)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, categories: ['municipal'] }, null, NOW)).toBe(false)
    expect(matchesFilters(i, DEFAULT_FILTERS, '520602007001', NOW)).toBe(true)
    expect(matchesFilters(i, DEFAULT_FILTERS, '520602002', NOW)).toBe(false)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, q: 'e20261201000001' }, null, NOW)).toBe(true)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, q: '锦江路' }, null, NOW)).toBe(true)
    expect(matchesFilters(i, { ...DEFAULT_FILTERS, q: '路灯' }, null, NOW)).toBe(false)
  })
})

describe('isIssueOverdue (its deadline parsed once per summary)', () => {
  it('answers each summary by its own deadline, at any time asked', () => {
    const now = Date.parse('2026-12-01T12:00:00Z')
    const due = issue({ dueAt: '2026-12-01T11:59:59.999Z' })
    expect(isIssueOverdue(due, now)).toBe(true)
    expect(isIssueOverdue(due, Date.parse('2026-12-01T11:59:59.999Z'))).toBe(false)
    // The issue changed: a new summary with a later deadline, the old one still answers by its own.
    const moved = { ...due, dueAt: '2026-12-02T00:00:00Z' }
    expect(isIssueOverdue(moved, now)).toBe(false)
    expect(isIssueOverdue(due, now)).toBe(true)
    expect(isIssueOverdue(issue({ dueAt: null }), Number.MAX_SAFE_INTEGER)).toBe(false)
  })
})

describe('console URL', () => {
  it('round-trips the view and drops what it cannot read', () => {
    const view = { filters: { ...DEFAULT_FILTERS, colours: ['red', 'orange'] as const, statuses: ['reported'] as const, window: '24h' as const, q: 'E2026' }, area: '520602007', issue: '00000000-0000-4000-8000-000000000001' }
    const url = writeConsoleUrl({ ...view, filters: { ...view.filters, colours: [...view.filters.colours], statuses: [...view.filters.statuses] } })
    expect(readConsoleUrl(url)).toEqual({ ...view, filters: { ...view.filters, colours: ['red', 'orange'], statuses: ['reported'] } })
    expect(readConsoleUrl('?colour=purple,red&window=9y&area=<script>&issue=x')).toEqual({ filters: { ...DEFAULT_FILTERS, colours: ['red'] }, area: null, issue: null })
    expect(writeConsoleUrl({ filters: DEFAULT_FILTERS, area: null, issue: null })).toBe('')
  })
})

describe('live issues slice', () => {
  const store = () => create<LiveIssuesSlice>()((...a) => createLiveIssuesSlice(...(a as unknown as Parameters<typeof createLiveIssuesSlice>)))

  it('applies newer states only, and counts live ones towards the seq', () => {
    const s = store()
    s.getState().loadSnapshot([issue()], 10)
    s.getState().applyIssue(issue({ seq: 9, status: 'closed' }), 9, true)
    expect(s.getState().issues.get(issue().id)!.status).toBe('reported')
    s.getState().applyIssue(issue({ seq: 12, status: 'accepted' }), 12, true)
    expect(s.getState().issues.get(issue().id)!.status).toBe('accepted')
    expect(s.getState().lastSeq).toBe(12)
    s.getState().applyIssue(issue({ id: '00000000-0000-4000-8000-000000000002', seq: 13 }), 13, true)
    expect(s.getState().freshIds.has('00000000-0000-4000-8000-000000000002')).toBe(true)
  })

  it('shows an action at once, keeps the answer, and restores the issue when refused', () => {
    const s = store()
    s.getState().loadSnapshot([issue()], 10)
    s.getState().beginAction(issue({ status: 'accepted' }))
    expect(s.getState().issues.get(issue().id)!.status).toBe('accepted')
    expect(s.getState().pending.has(issue().id)).toBe(true)
    s.getState().endAction(issue().id, { refused: true })
    expect(s.getState().issues.get(issue().id)!.status).toBe('reported')
    expect(s.getState().pending.size).toBe(0)

    s.getState().beginAction(issue({ status: 'accepted' }))
    // The event comes back before the answer: it ends the optimism.
    s.getState().applyIssue(issue({ seq: 11, status: 'accepted' }), 11, true)
    expect(s.getState().pending.size).toBe(0)
    s.getState().endAction(issue().id, { issue: issue({ seq: 11, status: 'accepted' }) })
    expect(s.getState().issues.get(issue().id)).toMatchObject({ seq: 11, status: 'accepted' })
  })
})

describe('createThrottle (the top bar figures under a stream of events, issue 16)', () => {
  /** A clock the test moves by hand. */
  const manualClock = () => {
    let now = 0
    let timers: { at: number; fn: () => void; id: number }[] = []
    let next = 1
    return {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => (timers.push({ at: now + ms, fn, id: next }), next++),
      clearTimeout: (h: unknown) => (timers = timers.filter((t) => t.id !== h)),
      advance(ms: number) {
        const end = now + ms
        for (;;) {
          const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
          if (!due) break
          timers = timers.filter((t) => t !== due)
          now = due.at
          due.fn()
        }
        now = end
      },
    }
  }

  it('runs under a steady stream (5 events/s) once per interval, never starved', () => {
    const clock = manualClock()
    const runs: number[] = []
    const refresh = createThrottle(() => runs.push(clock.now()), 3000, clock)
    for (let t = 0; t < 20_000; t += 200) {
      refresh()
      clock.advance(200)
    }
    // The first at once, then every 3 s while events keep coming.
    expect(runs[0]).toBe(0)
    expect(runs.length).toBeGreaterThanOrEqual(6)
    for (let k = 1; k < runs.length; k++) expect(runs[k] - runs[k - 1]).toBeGreaterThanOrEqual(3000)
    for (let k = 1; k < runs.length; k++) expect(runs[k] - runs[k - 1]).toBeLessThanOrEqual(3200)
  })

  it('keeps the last call for the end of the interval, once', () => {
    const clock = manualClock()
    let runs = 0
    const refresh = createThrottle(() => runs++, 3000, clock)
    refresh()
    refresh()
    refresh()
    expect(runs).toBe(1)
    clock.advance(2999)
    expect(runs).toBe(1)
    clock.advance(1)
    expect(runs).toBe(2)
    clock.advance(10_000)
    expect(runs).toBe(2)
    refresh.cancel()
    refresh()
    expect(runs).toBe(3)
    refresh()
    refresh.cancel()
    clock.advance(10_000)
    expect(runs).toBe(3)
  })
})

describe('holdNewRows (the feed under the pointer, issue 16)', () => {
  const rows = (...ids: string[]) => ids.map((id) => ({ id }))
  it('shows only the rows there when the pointer came, and counts the rest', () => {
    const held = holdNewRows(rows('d', 'c', 'b', 'a'), new Set(['a', 'b']))
    expect(held.shown.map((r) => r.id)).toEqual(['b', 'a'])
    expect(held.waiting).toBe(2)
  })
  it('shows everything when nothing is held', () => {
    const held = holdNewRows(rows('b', 'a'), null)
    expect(held.shown.map((r) => r.id)).toEqual(['b', 'a'])
    expect(held.waiting).toBe(0)
  })
})
