// Issues' figure items (issue-contribution.ts) summed per calendar day (or per hour), street and
// department — the rows of the database's rollups, and of the differences applied to them. An issue that
// changes adds its items after the change and takes away its items before it (sign -1); the rows
// that come out are what the rollups must add. Pure.
import { getCityDay } from './city-time.js'
import { FIGURE_COUNT_KEYS, getZeroCounts, isMinutesKey, type FigureCounts, type FigureItem, type FigureMinutesKey } from './issue-contribution.js'
import { getMinutesBucket } from './minutes-histogram.js'

/** Where an issue's items are kept: '' for none (out of area, no department). */
export interface FigureRowKey {
  districtCode: string
  streetCode: string
  department: string
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

const HOUR_MS = 3_600_000
// Every time zone's offset is a whole number of quarter hours, so a day (or an hour) never begins
// inside one: an item's slot is looked up by its quarter hour. A city's year dates about twenty
// million items (its day and its hour rows); formatting each one's day took a fifth of the bulk
// history's time (npm run seed -- --history, CPU profile).
const QUARTER_MS = 900_000

/** Day (or hour) rows being summed, by day and key. */
export class FigureDayRows {
  /** Rows by slot, then by `district|street|department`. */
  private rows = new Map<string, Map<string, FigureDayRow>>()
  private slots = new Map<number, string>()

  constructor(
    private readonly timeZone: string,
    private readonly grain: FigureGrain = 'day',
  ) {}

  /** Adds (sign 1) or takes away (sign -1) an issue's items, each on its own day. */
  add(key: FigureRowKey, items: readonly FigureItem[], sign: 1 | -1 = 1, keep: (item: FigureItem) => boolean = () => true): void {
    const id = `${key.districtCode}|${key.streetCode}|${key.department}`
    for (const item of items) {
      if (!keep(item)) continue
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
    for (const bySlot of this.rows.values()) {
      for (const row of bySlot.values()) {
        for (const h of Object.values(row.minutes)) for (const [b, n] of h) if (n === 0) h.delete(b)
        if (FIGURE_COUNT_KEYS.some((k) => row.counts[k] !== 0) || row.minutes.accept.size || row.minutes.resolve.size) out.push(row)
      }
    }
    return out
  }

  private slotOf(ms: number): string {
    const quarter = Math.floor(ms / QUARTER_MS)
    let slot = this.slots.get(quarter)
    if (slot === undefined) {
      const start = new Date(quarter * QUARTER_MS)
      slot = this.grain === 'day' ? getCityDay(start, this.timeZone) : new Date(Math.floor(start.getTime() / HOUR_MS) * HOUR_MS).toISOString()
      this.slots.set(quarter, slot)
    }
    return slot
  }

  private rowOf(day: string, id: string, key: FigureRowKey): FigureDayRow {
    let bySlot = this.rows.get(day)
    if (!bySlot) this.rows.set(day, (bySlot = new Map()))
    let row = bySlot.get(id)
    if (!row) {
      row = { day, districtCode: key.districtCode, streetCode: key.streetCode, department: key.department, counts: getZeroCounts(), minutes: { accept: new Map(), resolve: new Map() } }
      bySlot.set(id, row)
    }
    return row
  }
}
