// The evaluation figures on cases worked by hand: three issues of a day (one closed in time with a
// good rating, one reworked and late, one still open and overdue) and one from the day before.
import { describe, expect, it } from 'vitest'
import { computeIssueFigures, type FigureEvent, type FigureIssue } from '../../../core/domain/issue-figures.js'
import { DEFAULT_TIME_LIMITS_MINUTES } from '../../../core/domain/issue-lifecycle.js'
import { getCityDay, getStartOfCityDay, getStartOfDay } from '../../../core/domain/city-time.js'

const t = (hhmm: string, day = '2026-12-01') => new Date(`${day}T${hhmm}:00+08:00`)
const from = t('00:00')
const to = t('23:59')
const now = t('18:00')

const issues: FigureIssue[] = [
  { id: 'a', status: 'closed', colour: 'red', reportedAt: t('08:00'), streetCode: 'S1', department: null, dueAt: null },
  { id: 'b', status: 'dispatched', colour: 'yellow', reportedAt: t('09:00'), streetCode: 'S1', department: '城管局', dueAt: t('23:00', '2026-12-06') },
  { id: 'c', status: 'reported', colour: 'red', reportedAt: t('10:00'), streetCode: 'S2', department: null, dueAt: t('10:30') },
  { id: 'old', status: 'closed', colour: 'blue', reportedAt: t('10:00', '2026-11-30'), streetCode: 'S2', department: null, dueAt: null },
]
const ev = (issueId: string, type: string, fromStatus: FigureEvent['fromStatus'], toStatus: FigureEvent['toStatus'], at: Date, rating?: number): FigureEvent => ({ issueId, type, fromStatus, toStatus, at, rating })
const events: FigureEvent[] = [
  // a: accepted in 10 min (limit 30), dispatched in 20 (60), resolved in 2 h (24 h), verified, replied, rated 5, closed.
  ev('a', 'report', null, 'reported', t('08:00')),
  ev('a', 'accept', 'reported', 'accepted', t('08:10')),
  ev('a', 'dispatch', 'accepted', 'dispatched', t('08:30')),
  ev('a', 'resolve', 'dispatched', 'resolved', t('10:30')),
  ev('a', 'verify', 'resolved', 'verified', t('11:00')),
  ev('a', 'reply', 'verified', 'replied', t('11:30')),
  ev('a', 'rate', 'replied', 'rated', t('12:00'), 5),
  ev('a', 'close', 'rated', 'closed', t('12:05')),
  // b (yellow): accepted after 3 h (limit 2 h: late), dispatched, resolved, sent back (rework), dispatched again.
  ev('b', 'report', null, 'reported', t('09:00')),
  ev('b', 'accept', 'reported', 'accepted', t('12:00')),
  ev('b', 'dispatch', 'accepted', 'dispatched', t('12:30')),
  ev('b', 'resolve', 'dispatched', 'resolved', t('15:00')),
  ev('b', 'rework', 'resolved', 'dispatched', t('16:00')),
  // c: reported, nothing since (overdue at 10:30).
  ev('c', 'report', null, 'reported', t('10:00')),
  // old: rated 2 today.
  ev('old', 'report', null, 'reported', t('10:00', '2026-11-30')),
  ev('old', 'rate', 'replied', 'rated', t('09:00'), 2),
]

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
