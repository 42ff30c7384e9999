// The figures' items of a stream of issues, packed for another thread (history-rollups-worker.ts)
// and summed there into the day, week, hour and grid day rows a bulk history writes, as COPY text.
// Packed as numbers in typed arrays (moved, not copied) and short codes: a month of the city is
// 2.3 million items, and cloned as objects the items alone cost more to hand over than to sum.
import { FigureDayRows, weekRowsOf, type FigureDayRow, type FigureRowKey } from '../../core/domain/figure-day-rows.js'
import { FIGURE_COUNT_KEYS, type FigureItem } from '../../core/domain/issue-contribution.js'
import { toBucketList } from '../../core/domain/minutes-histogram.js'
import { copyRow } from './copy-rows.js'

const ITEM_KEYS = [...FIGURE_COUNT_KEYS, 'acceptMinutes', 'resolveMinutes'] as const
const ITEM_KEY_INDEX = new Map<string, number>(ITEM_KEYS.map((k, i) => [k, i]))

/** Issues' keys and items as the worker receives them: four codes an issue ('' for none), then its items. */
export interface RollupBatch {
  codes: string[]
  itemCounts: Uint16Array
  itemKeys: Uint8Array
  itemAts: Float64Array
  itemValues: Float64Array
}

/** Gathers issues' items into batches. */
export class RollupBatcher {
  private codes: string[] = []
  private counts: number[] = []
  private keys: number[] = []
  private ats: number[] = []
  private values: number[] = []

  get issues(): number {
    return this.counts.length
  }

  add(key: FigureRowKey, gridCode: string | null, items: readonly FigureItem[]): void {
    this.codes.push(key.districtCode, key.streetCode, key.department, gridCode ?? '')
    this.counts.push(items.length)
    for (const item of items) {
      const k = ITEM_KEY_INDEX.get(item.key)
      if (k === undefined) throw new Error(`a figure item of an unknown kind: ${item.key}`)
      this.keys.push(k)
      this.ats.push(item.at.getTime())
      this.values.push(item.value)
    }
  }

  /** The batch so far, and a fresh one begun. */
  take(): RollupBatch {
    const batch = {
      codes: this.codes,
      itemCounts: Uint16Array.from(this.counts),
      itemKeys: Uint8Array.from(this.keys),
      itemAts: Float64Array.from(this.ats),
      itemValues: Float64Array.from(this.values),
    }
    this.codes = []
    this.counts = []
    this.keys = []
    this.ats = []
    this.values = []
    return batch
  }
}

/** The day, hour and grid day rows being summed. */
export class HistoryRollups {
  private day: FigureDayRows
  private hour: FigureDayRows
  private grid: FigureDayRows

  constructor(timeZone: string) {
    this.day = new FigureDayRows(timeZone)
    this.hour = new FigureDayRows(timeZone, 'hour')
    this.grid = new FigureDayRows(timeZone)
  }

  addBatch(b: RollupBatch): void {
    let item = 0
    for (let i = 0; i < b.itemCounts.length; i++) {
      const items: FigureItem[] = []
      for (const end = item + b.itemCounts[i]; item < end; item++) items.push({ key: ITEM_KEYS[b.itemKeys[item]], at: new Date(b.itemAts[item]), value: b.itemValues[item] })
      const key = { districtCode: b.codes[i * 4], streetCode: b.codes[i * 4 + 1], department: b.codes[i * 4 + 2] }
      const gridCode = b.codes[i * 4 + 3]
      this.day.add(key, items)
      this.hour.add(key, items)
      if (gridCode) this.grid.add({ ...key, gridCode }, items)
    }
  }

  /** Every row of the rollups' tables as COPY text lines, table by table (the day, week and hour rows, then the grids'). */
  *rows(): Generator<{ table: RollupTable; line: string }> {
    const dayRows = this.day.list()
    const rowsOf: Record<'day' | 'week' | 'hour', FigureDayRow[]> = { day: dayRows, week: weekRowsOf(dayRows), hour: this.hour.list() }
    for (const [grain, counts, minutes] of [['day', 'issue_figure_days', 'issue_figure_minutes'], ['week', 'issue_figure_weeks', 'issue_figure_week_minutes'], ['hour', 'issue_figure_hours', 'issue_figure_hour_minutes']] as const) {
      for (const r of rowsOf[grain]) {
        const c = r.counts
        yield { table: counts, line: copyRow([r.day, r.districtCode, r.streetCode, r.department, c.reported, c.closed, c.stageEnds, c.onTime, c.checks, c.reworks, c.ratings, c.ratingSum, c.satisfied]) }
        for (const kind of ['accept', 'resolve'] as const) {
          if (r.minutes[kind].size) yield { table: minutes, line: copyRow([r.day, r.districtCode, r.streetCode, r.department, kind, `{${toBucketList(r.minutes[kind]).join(',')}}`]) }
        }
      }
    }
    for (const r of this.grid.list()) {
      const c = r.counts
      yield { table: 'issue_figure_grid_days', line: copyRow([r.gridCode, r.day, r.department, r.districtCode, r.streetCode, c.reported, c.closed, c.stageEnds, c.onTime, c.checks, c.reworks, c.ratings, c.ratingSum, c.satisfied]) }
      for (const kind of ['accept', 'resolve'] as const) {
        if (r.minutes[kind].size) yield { table: 'issue_figure_grid_minutes', line: copyRow([r.gridCode, r.day, r.department, r.districtCode, r.streetCode, kind, `{${toBucketList(r.minutes[kind]).join(',')}}`]) }
      }
    }
  }
}

export const ROLLUP_COLUMNS = {
  issue_figure_days: ['day', 'district_code', 'street_code', 'department', 'reported', 'closed', 'stage_ends', 'on_time', 'checks', 'reworks', 'ratings', 'rating_sum', 'satisfied'],
  issue_figure_minutes: ['day', 'district_code', 'street_code', 'department', 'kind', 'buckets'],
  issue_figure_weeks: ['week', 'district_code', 'street_code', 'department', 'reported', 'closed', 'stage_ends', 'on_time', 'checks', 'reworks', 'ratings', 'rating_sum', 'satisfied'],
  issue_figure_week_minutes: ['week', 'district_code', 'street_code', 'department', 'kind', 'buckets'],
  issue_figure_hours: ['hour', 'district_code', 'street_code', 'department', 'reported', 'closed', 'stage_ends', 'on_time', 'checks', 'reworks', 'ratings', 'rating_sum', 'satisfied'],
  issue_figure_hour_minutes: ['hour', 'district_code', 'street_code', 'department', 'kind', 'buckets'],
  issue_figure_grid_days: ['grid_code', 'day', 'department', 'district_code', 'street_code', 'reported', 'closed', 'stage_ends', 'on_time', 'checks', 'reworks', 'ratings', 'rating_sum', 'satisfied'],
  issue_figure_grid_minutes: ['grid_code', 'day', 'department', 'district_code', 'street_code', 'kind', 'buckets'],
} as const
export type RollupTable = keyof typeof ROLLUP_COLUMNS
