// Times on the pages are the city's clock, whatever zone the browser is in: "today" and the figures'
// periods begin at the city's midnight, and the times beside them must say so.
import { afterEach, describe, expect, it } from 'vitest'
import { formatCityTime, formatCityTimeOfDay } from '../../client/i18n'

const saved = process.env.TZ

describe('formatCityTime', () => {
  afterEach(() => {
    // Assigning undefined would set the string "undefined" (an unknown zone, read as UTC).
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it("shows the city's midnight as 00:00 in a browser far from it", () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai']) {
      process.env.TZ = zone
      // 16:00 UTC is the next day's midnight in the city (UTC+8).
      expect(formatCityTime('2026-12-05T16:00:00Z', 'zh-CN'), zone).toBe('2026/12/6 00:00:00')
      expect(formatCityTimeOfDay('2026-12-06T01:37:05Z', 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false }), zone).toBe('09:37')
      expect(formatCityTime(Date.parse('2026-12-06T01:37:05Z'), 'en', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }), zone).toBe('12/6, 09:37')
    }
    // The browser's own zone still differs where it should: the point of the helper.
    process.env.TZ = 'UTC'
    expect(new Date('2026-12-05T16:00:00Z').toLocaleString('zh-CN')).toBe('2026/12/5 16:00:00')
  })
})
