// The evaluation pack on the day worked by hand (a-day-of-issues.ts): every indicator's count, the
// ones the figures API also gives equal to it, the views by area, department and person, the
// working-day clock and the combined score.
import { describe, expect, it } from 'vitest'
import { computeEvaluation, countClockMinutes, DEFAULT_EVALUATION_SETTINGS, scoreOf, type EvaluationSettings } from '../../../core/domain/evaluation-indicators.js'
import { computeIssueFigures } from '../../../core/domain/issue-figures.js'
import { DEFAULT_TIME_LIMITS_MINUTES } from '../../../core/domain/issue-lifecycle.js'
import { events, from, issues, now, t, to } from './a-day-of-issues.js'

const limits = DEFAULT_TIME_LIMITS_MINUTES
const evaluate = (settings: EvaluationSettings = DEFAULT_EVALUATION_SETTINGS, input = { issues, events }) => computeEvaluation({ ...input, from, to, now, limits, settings })

describe('computeEvaluation', () => {
  const report = evaluate()

  it('counts reports, filed and closed cases, and rates them', () => {
    // a, b, c reported; a and b accepted (立案), c not yet; a resolved or further (结案).
    expect(report.total).toMatchObject({ reported: 3, filed: 2, closed: 1, closureRatePct: 50 })
    // Stage ends: a's five in time, b's accept late and dispatch, resolve, verify (sent back) in time: 8 of 9.
    expect(report.total.onTimeClosureRatePct).toBeCloseTo((100 * 8) / 9, 10)
    // 及时签收: a in 10 min of 30, b in 3 h of 2 h. 按时办结: a in 2 h, b in 2.5 h (limits 24 h and 5 days).
    expect(report.total).toMatchObject({ acceptOnTimeRatePct: 50, resolveOnTimeRatePct: 100, reworkRatePct: 50, satisfactionPct: 50, ratings: 2 })
    // Open now: b (due in days) and c (due 10:30): one of two past its deadline.
    expect(report.total).toMatchObject({ open: 2, overdue: 1, overdueRatePct: 50 })
  })

  it('gives the same numbers as the figures where both give one', () => {
    const figures = computeIssueFigures({ issues, events, from, to, now, limits })
    const same = (e: (typeof report)['total'], f: (typeof figures)['total']) => {
      expect(e.reported).toBe(f.reported)
      expect(e.onTimeClosureRatePct).toBe(f.onTimeRatePct)
      expect(e.reworkRatePct).toBe(f.reworkRatePct)
      expect(e.satisfactionPct).toBe(f.satisfactionPct)
      expect([e.open, e.overdue]).toEqual([f.open, f.overdue])
      expect(e.closed).toBe(Math.round(((f.closureRatePct ?? 0) * f.reported) / 100))
    }
    same(report.total, figures.total)
    for (const s of report.byStreet) same(s, figures.byStreet.find((x) => x.street === s.code)!)
    for (const d of report.byDepartment) same(d, figures.byDepartment.find((x) => x.department === d.department)!)
  })

  it('breaks them down by street, community, grid and department', () => {
    expect(report.byStreet.map((s) => [s.code, s.reported, s.filed, s.closed])).toEqual([
      ['S1', 2, 2, 1],
      ['S2', 1, 0, 0],
    ])
    expect(report.byCommunity.map((c) => c.code)).toEqual(['S1C1', 'S2C1'])
    expect(report.byGrid.map((g) => [g.code, g.reported])).toEqual([
      ['S1C1G1', 1],
      ['S1C1G2', 1],
      ['S2C1G1', 1],
    ])
    expect(report.byDepartment).toEqual([expect.objectContaining({ department: '城管局', reported: 1, filed: 1, reworkRatePct: 100 })])
    expect(report.outOfArea).toBeNull()
  })

  it("gives each person's work: reports made, resolutions in time, work sent back, checks", () => {
    const person = (u: string) => report.byPerson.find((p) => p.username === u)
    expect(person('w1')).toMatchObject({ role: 'grid_worker', reported: 2, checks: 2, resolved: 0 })
    expect(person('w2')).toMatchObject({ reported: 1 })
    expect(person('h1')).toMatchObject({ role: 'street_leader', resolved: 1, resolvedOnTime: 1, resolveOnTimeRatePct: 100, reworked: 0 })
    expect(person('h2')).toMatchObject({ role: 'community_leader', resolved: 1, resolvedOnTime: 1, reworked: 1 })
  })

  it('times stages on working days when asked: a Friday night report accepted on Monday is in time', () => {
    // Friday 4 December 23:30, yellow (accept within 120 min): accepted Monday 01:00 — 49.5 hours
    // on the calendar, 90 working minutes (30 on Friday, 60 on Monday).
    expect(countClockMinutes(t('23:30', '2026-12-04'), t('01:00', '2026-12-07'), 'working')).toBe(90)
    expect(countClockMinutes(t('17:00', '2026-12-04'), t('09:00', '2026-12-07'), 'working')).toBe(960)
    expect(countClockMinutes(t('17:00', '2026-12-04'), t('09:00', '2026-12-07'), 'calendar')).toBe(64 * 60)
    const friday = {
      issues: [{ ...issues[2], id: 'f', status: 'accepted' as const, colour: 'yellow' as const, reportedAt: t('23:30', '2026-12-04'), stageStartedAt: t('01:00', '2026-12-07') }],
      events: [
        { issueId: 'f', type: 'report', fromStatus: null, toStatus: 'reported' as const, at: t('23:30', '2026-12-04'), actor: 'w2', actorRole: 'grid_worker' },
        { issueId: 'f', type: 'accept', fromStatus: 'reported' as const, toStatus: 'accepted' as const, at: t('01:00', '2026-12-07'), actor: 'op', actorRole: 'operator' },
      ],
    }
    const week = (settings: EvaluationSettings) => computeEvaluation({ ...friday, from: t('00:00', '2026-12-04'), to: t('00:00', '2026-12-08'), now: t('02:00', '2026-12-07'), limits, settings }).total
    expect(week(DEFAULT_EVALUATION_SETTINGS).acceptOnTimeRatePct).toBe(0)
    expect(week({ ...DEFAULT_EVALUATION_SETTINGS, clock: 'working' }).acceptOnTimeRatePct).toBe(100)
  })

  it('scores the weighted mean of the rates that have a value, less-is-better rates turned round', () => {
    const rates = { closureRatePct: 50, onTimeClosureRatePct: 80, acceptOnTimeRatePct: null, resolveOnTimeRatePct: null, reworkRatePct: 20, overdueRatePct: null, satisfactionPct: null }
    const weights = { ...DEFAULT_EVALUATION_SETTINGS.weights, closureRatePct: 1, onTimeClosureRatePct: 1, reworkRatePct: 2 }
    // (50 + 80 + 2 × (100 − 20)) ÷ 4
    expect(scoreOf(rates, weights)).toBe(72.5)
    expect(scoreOf({ ...rates, closureRatePct: null, onTimeClosureRatePct: null, reworkRatePct: null }, weights)).toBeNull()
    expect(report.total.score).toBeGreaterThan(0)
  })
})
