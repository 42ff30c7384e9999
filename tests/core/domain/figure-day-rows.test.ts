// The figures' rows by slot: a period's whole days as whole weeks and the days around them, and the
// day rows summed by week (what the week rows of migration 0025 hold), worked by hand.
import { describe, expect, it } from 'vitest'
import { FigureDayRows, getCityWeek, splitIntoWeeks, weekRowsOf } from '../../../core/domain/figure-day-rows.js'

const TZ = 'Asia/Shanghai'

describe('getCityWeek', () => {
  it('gives the Monday of the day\'s week, a Sunday belonging to the week before', () => {
    expect(getCityWeek('2026-12-03')).toBe('2026-11-30') // a Thursday
    expect(getCityWeek('2026-11-30')).toBe('2026-11-30') // a Monday
    expect(getCityWeek('2026-12-06')).toBe('2026-11-30') // a Sunday
    expect(getCityWeek('2027-01-01')).toBe('2026-12-28') // across a year
  })
})

describe('splitIntoWeeks', () => {
  it('takes every whole week and leaves the days before the first Monday and after the last Sunday', () => {
    expect(splitIntoWeeks('2026-11-03', '2026-12-02')).toEqual({
      weeks: { first: '2026-11-09', last: '2026-11-23' },
      days: [
        { first: '2026-11-03', last: '2026-11-08' },
        { first: '2026-11-30', last: '2026-12-02' },
      ],
    })
  })
  it('is one week exactly, or no week when none is whole', () => {
    expect(splitIntoWeeks('2026-11-30', '2026-12-06')).toEqual({ weeks: { first: '2026-11-30', last: '2026-11-30' }, days: [] })
    expect(splitIntoWeeks('2026-12-01', '2026-12-07')).toEqual({ days: [{ first: '2026-12-01', last: '2026-12-07' }] })
    expect(splitIntoWeeks('2026-12-03', '2026-12-03')).toEqual({ days: [{ first: '2026-12-03', last: '2026-12-03' }] })
  })
  it('covers every day once', () => {
    for (let a = 0; a < 20; a++) {
      for (let n = 0; n < 40; n++) {
        const day = (k: number) => new Date(Date.UTC(2026, 10, 1 + k)).toISOString().slice(0, 10)
        const { weeks, days } = splitIntoWeeks(day(a), day(a + n))
        const covered: string[] = []
        for (const d of days) for (let t = Date.parse(d.first); t <= Date.parse(d.last); t += 86_400_000) covered.push(new Date(t).toISOString().slice(0, 10))
        if (weeks) for (let t = Date.parse(weeks.first); t <= Date.parse(weeks.last) + 6 * 86_400_000; t += 86_400_000) covered.push(new Date(t).toISOString().slice(0, 10))
        expect(covered.sort()).toEqual(Array.from({ length: n + 1 }, (_, k) => day(a + k)))
      }
    }
  })
})

describe('weekRowsOf', () => {
  it('sums the day rows of each week and key, counts and duration buckets', () => {
    const rows = new FigureDayRows(TZ)
    const key = { districtCode: '520602', streetCode: '520602001', department: 'urban' }
    const at = (iso: string) => new Date(iso)
    // Tuesday and Sunday of one week (city time), the Monday after.
    rows.add(key, [{ at: at('2026-12-01T02:00:00Z'), key: 'reported', value: 1 }, { at: at('2026-12-01T02:00:00Z'), key: 'acceptMinutes', value: 30 }])
    rows.add(key, [{ at: at('2026-12-06T10:00:00Z'), key: 'reported', value: 1 }, { at: at('2026-12-06T10:00:00Z'), key: 'acceptMinutes', value: 30 }])
    rows.add(key, [{ at: at('2026-12-06T17:00:00Z'), key: 'reported', value: 1 }]) // Monday 01:00 in Shanghai
    rows.add({ ...key, department: 'water' }, [{ at: at('2026-12-02T02:00:00Z'), key: 'ratingSum', value: 4 }])
    const weeks = weekRowsOf(rows.list())
    expect(weeks.map((w) => [w.day, w.department, w.counts.reported, w.counts.ratingSum, [...w.minutes.accept.values()]])).toEqual([
      ['2026-11-30', 'urban', 2, 0, [2]],
      ['2026-12-07', 'urban', 1, 0, []],
      ['2026-11-30', 'water', 0, 4, []],
    ])
  })
})
