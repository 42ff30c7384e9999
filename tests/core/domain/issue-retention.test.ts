import { describe, expect, it } from 'vitest'
import { judgeMonth, monthsBefore, type MonthState } from '../../../core/domain/issue-retention.js'

const now = new Date('2027-03-15T10:00:00Z')
const month = (o: Partial<MonthState> = {}): MonthState => ({
  month: '2026-01',
  to: new Date('2026-02-01T00:00:00Z'),
  issues: 100,
  unfinished: 0,
  lastUpdatedAt: new Date('2026-01-20T00:00:00Z'),
  lastSeq: 500,
  ...o,
})
const rule = { keepMonths: 13, now, rolledUpSeq: 1000 }

describe('monthsBefore', () => {
  it('goes back calendar months in UTC, to the month-end when the day is missing', () => {
    expect(monthsBefore(now, 13).toISOString()).toBe('2026-02-15T10:00:00.000Z')
    expect(monthsBefore(new Date('2027-03-31T00:00:00Z'), 1).toISOString()).toBe('2027-02-28T00:00:00.000Z')
    expect(monthsBefore(new Date('2024-03-31T00:00:00Z'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z')
    expect(monthsBefore(new Date('2027-01-10T00:00:00Z'), 2).toISOString()).toBe('2026-11-10T00:00:00.000Z')
  })
})

describe('judgeMonth', () => {
  it('lets a month go once it ended keepMonths ago, all finished, untouched since and rolled up', () => {
    expect(judgeMonth(month(), rule)).toEqual({ archivable: true })
  })

  it('keeps a month that ended less than keepMonths ago', () => {
    expect(judgeMonth(month({ month: '2026-02', to: new Date('2026-03-01T00:00:00Z'), lastUpdatedAt: new Date('2026-02-10T00:00:00Z') }), rule)).toEqual({
      archivable: false,
      reason: 'ended less than 13 months ago',
    })
  })

  it('keeps a month with an unfinished issue, or one changed within keepMonths', () => {
    expect(judgeMonth(month({ unfinished: 1 }), rule)).toEqual({ archivable: false, reason: '1 of its issues are not finished' })
    const recent = judgeMonth(month({ lastUpdatedAt: new Date('2026-03-01T00:00:00Z') }), rule)
    expect(recent).toMatchObject({ archivable: false, reason: expect.stringMatching(/^an issue changed 2026-03-01/) })
  })

  it('keeps a month whose last events are not in the rollups yet', () => {
    expect(judgeMonth(month({ lastSeq: 1001 }), rule)).toEqual({ archivable: false, reason: "its events after seq 1000 are not in the figures' rollups yet" })
  })

  it('refuses a keepMonths that is not a whole number of months', () => {
    expect(() => judgeMonth(month(), { ...rule, keepMonths: 0 })).toThrow(RangeError)
    expect(() => judgeMonth(month(), { ...rule, keepMonths: 1.5 })).toThrow(RangeError)
  })
})
