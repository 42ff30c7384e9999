// The evaluation figures on cases worked by hand (a-day-of-issues.ts): three issues of a day (one
// closed in time with a good rating, one reworked and late, one still open and overdue) and one from
// the day before.
import { describe, expect, it } from 'vitest'
import { computeIssueFigures, type FigureEvent, type FigureIssue } from '../../../core/domain/issue-figures.js'
import { DEFAULT_TIME_LIMITS_MINUTES } from '../../../core/domain/issue-lifecycle.js'
import { getCityDay, getStartOfCityDay, getStartOfDay } from '../../../core/domain/city-time.js'
import { events, from, issues, now, t, to } from './a-day-of-issues.js'

const ev = (issueId: string, type: string, fromStatus: FigureEvent['fromStatus'], toStatus: FigureEvent['toStatus'], at: Date): FigureEvent => ({ issueId, type, fromStatus, toStatus, at })

describe('computeIssueFigures', () => {
  const report = computeIssueFigures({ issues, events, from, to, now, limits: DEFAULT_TIME_LIMITS_MINUTES })

  it('counts no passage mark: a mark set and taken off mid-stage leaves every figure as it was', () => {
    // b's acceptance (late) and a's dispatch (in time) each had a mark set or taken off inside the stage.
    const marked = [
      ...events,
      ev('b', 'passage', 'reported', 'reported', t('11:59')),
      ev('a', 'passage', 'accepted', 'accepted', t('08:29')),
      ev('a', 'passage', 'accepted', 'accepted', t('08:29')),
    ]
    expect(computeIssueFigures({ issues, events: marked, from, to, now, limits: DEFAULT_TIME_LIMITS_MINUTES })).toEqual(report)
  })

  it('counts the day: reported, open, overdue, by colour', () => {
    expect(report.total).toMatchObject({ reported: 3, open: 2, overdue: 1, openByColour: { red: 1, orange: 0, yellow: 1, blue: 0 } })
  })

  it('takes the medians from report to acceptance and to resolution', () => {
    // Accepted after 10 and 180 minutes; resolved after 150 and 360.
    expect(report.total.medianAcceptMinutes).toBe(95)
    expect(report.total.medianResolveMinutes).toBe(255)
  })

  it('rates closure, on-time handling, rework and satisfaction', () => {
    // Of the 3 reported today, a is resolved or later: 1/3.
    expect(report.total.closureRatePct).toBeCloseTo(100 / 3, 10)
    // Stage ends today with a limit: a's accept, dispatch, resolve, verify and reply (all in time; its
    // rate and close end no timed stage); b's accept (late), dispatch, resolve and rework (the verify
    // stage); old's rating ends no timed stage. 8 of 9 in time.
    expect(report.total.onTimeRatePct).toBeCloseTo((100 * 8) / 9, 10)
    // On-site checks today: a's passed, b's sent the work back (返工率 = reworks ÷ checks).
    expect(report.total.reworkRatePct).toBe(50)
    // Ratings given today: 5 and 2.
    expect(report.total).toMatchObject({ meanRating: 3.5, satisfactionPct: 50 })
  })

  it('breaks the figures down by street and by department', () => {
    expect(report.byStreet.map((s) => [s.street, s.reported, s.open, s.overdue])).toEqual([
      ['S1', 2, 1, 0],
      ['S2', 1, 1, 1],
    ])
    expect(report.byDepartment).toEqual([expect.objectContaining({ department: '城管局', reported: 1, reworkRatePct: 100 })])
  })

  it('gives the reports outside every street a row of their own, so the streets and it add up to the total', () => {
    expect(report.outOfArea).toBeNull()
    const outside: FigureIssue = { id: 'x', status: 'reported', colour: 'blue', reportedAt: t('11:00'), streetCode: null, department: null, dueAt: t('15:00') }
    const withOutside = computeIssueFigures({ issues: [...issues, outside], events: [...events, ev('x', 'report', null, 'reported', t('11:00'))], from, to, now, limits: DEFAULT_TIME_LIMITS_MINUTES })
    expect(withOutside.outOfArea).toMatchObject({ reported: 1, open: 1, overdue: 1 })
    for (const key of ['reported', 'open', 'overdue'] as const) {
      const parts = withOutside.byStreet.reduce((n, s) => n + s[key], 0) + withOutside.outOfArea![key]
      expect(parts, key).toBe(withOutside.total[key])
    }
  })

  it('gives no rate where there is nothing to rate', () => {
    const empty = computeIssueFigures({ issues: [], events: [], from, to, now, limits: DEFAULT_TIME_LIMITS_MINUTES }).total
    expect(empty).toMatchObject({ reported: 0, open: 0, medianAcceptMinutes: null, closureRatePct: null, onTimeRatePct: null, satisfactionPct: null })
  })
})

describe('getStartOfDay', () => {
  it("is the city's midnight, not the server's", () => {
    expect(getStartOfDay(new Date('2026-12-01T20:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-12-01T16:00:00.000Z')
    expect(getStartOfDay(new Date('2026-12-01T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(getStartOfDay(new Date('2026-12-01T10:00:00Z'), 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z')
  })
})

describe('getCityDay and getStartOfCityDay', () => {
  it('name the calendar day in the city and find its midnight', () => {
    expect(getCityDay(new Date('2026-12-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-12-01')
    expect(getCityDay(new Date('2026-12-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-02')
    expect(getStartOfCityDay('2026-12-02', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T16:00:00.000Z')
    expect(getStartOfCityDay('2026-12-02', 'UTC').toISOString()).toBe('2026-12-02T00:00:00.000Z')
    expect(getStartOfCityDay('2026-12-02', 'America/Los_Angeles').toISOString()).toBe('2026-12-02T08:00:00.000Z')
  })
})
