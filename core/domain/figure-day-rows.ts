// Issues' figure items (issue-contribution.ts) summed per calendar day (or per hour), street and
// department — the rows of the database's rollups, and of the differences applied to them. An issue that
// changes adds its items after the change and takes away its items before it (sign -1); the rows
// that come out are what the rollups must add. Pure.
import { addCityDays, getCityDay } from './city-time.js'
import { FIGURE_COUNT_KEYS, getZeroCounts, isMinutesKey, type FigureCounts, type FigureItem, type FigureMinutesKey } from './issue-contribution.js'
import { getMinutesBucket } from './minutes-histogram.js'

/** Where an issue's items are kept: '' for none (out of area, no department); the grid only in a grid's rows. */
export interface FigureRowKey {
  districtCode: string
  streetCode: string
  department: string
  gridCode?: string
}

export interface FigureDayRow extends FigureRowKey {
  /** YYYY-MM-DD in the city's time zone; in hourly rows the hour's start, an ISO instant. */
  day: string
  counts: FigureCounts
  /** Durations by kind and bucket. */
  minutes: Record<MinuteKind, Map<number, number>>
}

export type MinuteKind = 'accept' | 'resolve'
const KIND_OF: Record<FigureMinutesKey, MinuteKind> = { acceptMinutes: 'accept', resolveMinutes: 'resolve' }

/** How finely rows are dated: by the city's calendar day, or by the hour (UTC hours: instants, whatever the zone). */
export type FigureGrain = 'day' | 'hour'
/** The rollups' grains: the day rows are summed by week as well (weekRowsOf). */
export type RollupGrain = FigureGrain | 'week'

const HOUR_MS = 3_600_000
// Every time zone's offset is a whole number of quarter hours, so a day (or an hour) never begins
// inside one: an item's slot is looked up by its quarter hour. A city's year dates about twenty
// million items (its day and its hour rows); formatting each one's day took a fifth of the bulk
// history's time (npm run seed -- --history, CPU profile).
const QUARTER_MS = 900_000

/** Day (or hour) rows being summed, by day and key. */
export class FigureDayRows {
  /** Each slot's rows by `district|street|department`, the slots in the order first met. */
  private rows: Map<string, FigureDayRow>[] = []
  private slotNames: string[] = []
  private slotOfName = new Map<string, number>()
  /** Quarter hour → index into `rows` (numeric keys: a year's bulk history looks up twenty million items). */
  private slots = new Map<number, number>()

  constructor(
    private readonly timeZone: string,
    private readonly grain: FigureGrain = 'day',
  ) {}

  /** Adds (sign 1) or takes away (sign -1) an issue's items, each on its own day. */
  add(key: FigureRowKey, items: readonly FigureItem[], sign: 1 | -1 = 1, keep?: (item: FigureItem) => boolean): void {
    const id = `${key.districtCode}|${key.streetCode}|${key.department}|${key.gridCode ?? ''}`
    for (const item of items) {
      if (keep && !keep(item)) continue
      const row = this.rowOf(this.slotOf(item.at.getTime()), id, key)
      if (isMinutesKey(item.key)) {
        const h = row.minutes[KIND_OF[item.key]]
        const bucket = getMinutesBucket(item.value)
        h.set(bucket, (h.get(bucket) ?? 0) + sign)
      } else row.counts[item.key] += sign * item.value
    }
  }

  /** The rows with anything in them (a row whose additions and removals cancel out is left out). */
  list(): FigureDayRow[] {
    const out: FigureDayRow[] = []
    for (const bySlot of this.rows) {
      for (const row of bySlot.values()) {
        for (const h of Object.values(row.minutes)) for (const [b, n] of h) if (n === 0) h.delete(b)
        if (FIGURE_COUNT_KEYS.some((k) => row.counts[k] !== 0) || row.minutes.accept.size || row.minutes.resolve.size) out.push(row)
      }
    }
    return out
  }

  private slotOf(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS)
    let slot = this.slots.get(quarter)
    if (slot === undefined) {
      const start = new Date(quarter * QUARTER_MS)
      const name = this.grain === 'day' ? getCityDay(start, this.timeZone) : new Date(Math.floor(start.getTime() / HOUR_MS) * HOUR_MS).toISOString()
      slot = this.slotOfName.get(name)
      if (slot === undefined) {
        this.slotOfName.set(name, (slot = this.slotNames.push(name) - 1))
        this.rows.push(new Map())
      }
      this.slots.set(quarter, slot)
    }
    return slot
  }

  private rowOf(slot: number, id: string, key: FigureRowKey): FigureDayRow {
    const bySlot = this.rows[slot]
    let row = bySlot.get(id)
    if (!row) {
      row = { day: this.slotNames[slot], districtCode: key.districtCode, streetCode: key.streetCode, department: key.department, counts: getZeroCounts(), minutes: { accept: new Map(), resolve: new Map() } }
      if (key.gridCode !== undefined) row.gridCode = key.gridCode
      bySlot.set(id, row)
    }
    return row
  }
}

/**
 * The Monday of a calendar day's week (YYYY-MM-DD), as PostgreSQL's date_trunc('week') has it.
 * @example getCityWeek('2026-12-03') // '2026-11-30'
 */
export function getCityWeek(day: string): string {
  return addCityDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7))
}

/** Day rows summed per week (their `day` the week's Monday): what the week rows add with them. */
export function weekRowsOf(dayRows: readonly FigureDayRow[]): FigureDayRow[] {
  const weeks = new Map<string, FigureDayRow>()
  const weekOf = new Map<string, string>()
  for (const r of dayRows) {
    let week = weekOf.get(r.day)
    if (week === undefined) weekOf.set(r.day, (week = getCityWeek(r.day)))
    const id = `${week}|${r.districtCode}|${r.streetCode}|${r.department}`
    let w = weeks.get(id)
    if (!w) weeks.set(id, (w = { day: week, districtCode: r.districtCode, streetCode: r.streetCode, department: r.department, counts: getZeroCounts(), minutes: { accept: new Map(), resolve: new Map() } }))
    for (const k of FIGURE_COUNT_KEYS) w.counts[k] += r.counts[k]
    for (const kind of ['accept', 'resolve'] as const) {
      const h = w.minutes[kind]
      for (const [bucket, n] of r.minutes[kind]) h.set(bucket, (h.get(bucket) ?? 0) + n)
    }
  }
  return [...weeks.values()]
}

/**
 * Whole days [first, last] (inclusive) as the whole weeks within them and the days outside those.
 * @example splitIntoWeeks('2026-11-03', '2026-12-02') // { weeks: { first: '2026-11-09', last: '2026-11-23' }, days: [{ first: '2026-11-03', last: '2026-11-08' }, { first: '2026-11-30', last: '2026-12-02' }] }
 */
export function splitIntoWeeks(first: string, last: string): { weeks?: { first: string; last: string }; days: { first: string; last: string }[] } {
  const firstMonday = getCityWeek(first) === first ? first : addCityDays(getCityWeek(first), 7)
  // The last Monday whose Sunday is within the days.
  const lastMonday = addCityDays(getCityWeek(addCityDays(last, 1)), -7)
  if (firstMonday > lastMonday) return { days: [{ first, last }] }
  const days = [
    { first, last: addCityDays(firstMonday, -1) },
    { first: addCityDays(lastMonday, 7), last },
  ].filter((d) => d.first <= d.last)
  return { weeks: { first: firstMonday, last: lastMonday }, days }
}
