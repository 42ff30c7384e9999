// The city's calendar: issue codes carry its date and "today" starts at its midnight, whatever
// the server's own time zone.
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

const FORMATS = new Map<string, Intl.DateTimeFormat>()

/**
 * The instant the calendar day of `at` began in `timeZone` (a zone without daylight saving, or a
 * day without a change, as in China).
 * @example getStartOfDay(new Date('2026-12-01T20:00:00Z'), 'Asia/Shanghai') // 2026-12-01T16:00:00Z
 */
export function getStartOfDay(at: Date, timeZone: string): Date {
  let f = FORMATS.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    FORMATS.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]))
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  const offset = wallAsUtc - Math.floor(at.getTime() / 1000) * 1000
  return new Date(Date.UTC(p.year, p.month - 1, p.day) - offset)
}
