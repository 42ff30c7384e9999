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
  const offset = getOffsetMs(at.getTime(), timeZone)
  return new Date(Math.floor((at.getTime() + offset) / DAY_MS) * DAY_MS - offset)
}

/**
 * The calendar day of `at` in `timeZone`, as YYYY-MM-DD (the figures' rollups are kept by it).
 * @example getCityDay(new Date('2026-12-01T16:30:00Z'), 'Asia/Shanghai') // '2026-12-02'
 */
export function getCityDay(at: Date, timeZone: string): string {
  return new Date(at.getTime() + getOffsetMs(at.getTime(), timeZone)).toISOString().slice(0, 10)
}

/** The instant a calendar day (YYYY-MM-DD) begins in `timeZone`. */
export function getStartOfCityDay(day: string, timeZone: string): Date {
  const noonUtc = Date.parse(`${day}T12:00:00Z`)
  return getStartOfDay(new Date(noonUtc - getOffsetMs(noonUtc, timeZone)), timeZone)
}

/** The calendar day `n` days after `day` (YYYY-MM-DD; n may be negative). */
export function addCityDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

const DAY_MS = 86_400_000
// The zone's offset by the hour: the rollups date millions of items, and Intl is slow.
const OFFSETS = new Map<string, Map<number, number>>()

/** How far the zone's wall clock is ahead of UTC at `ms`, in ms (whole seconds). */
function getOffsetMs(ms: number, timeZone: string): number {
  let byHour = OFFSETS.get(timeZone)
  if (!byHour) OFFSETS.set(timeZone, (byHour = new Map()))
  const hour = Math.floor(ms / 3_600_000)
  let offset = byHour.get(hour)
  if (offset === undefined) {
    let f = FORMATS.get(timeZone)
    if (!f) {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      FORMATS.set(timeZone, f)
    }
    const at = hour * 3_600_000
    const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]))
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at
    byHour.set(hour, offset)
  }
  return offset
}
