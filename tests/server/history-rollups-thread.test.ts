// The bulk history's rollups summed on their own thread: the rows that come back are the rows the
// figures' day rows give for the same issues (summed here directly), table by table, and a thread
// that fails says so at the finish instead of handing back rows summed from part of the issues.
import { describe, expect, it } from 'vitest'
import { DEFAULT_TIME_ZONE } from '../../core/domain/city-time.js'
import { FigureDayRows, type FigureRowKey } from '../../core/domain/figure-day-rows.js'
import type { FigureItem } from '../../core/domain/issue-contribution.js'
import { HistoryRollups, RollupBatcher } from '../../server/demo/history-rollup-batch.js'
import { startRollupThread } from '../../server/demo/history-rollups-thread.js'

const KEYS = ['reported', 'closed', 'stageEnds', 'onTime', 'checks', 'ratings', 'ratingSum', 'satisfied', 'acceptMinutes', 'resolveMinutes'] as const

/** Issues spread over three days, two streets, three grids (one issue of every five without a grid). */
function issues(n: number): { key: FigureRowKey; grid: string | null; items: FigureItem[] }[] {
  const start = Date.parse('2026-11-28T16:00:00Z')
  return Array.from({ length: n }, (_, i) => ({
    key: { districtCode: '520602', streetCode: i % 2 ? '520602001' : '520602002', department: i % 3 ? 'dept-a' : '' },
    grid: i % 5 === 0 ? null : `g${i % 3}`,
    items: Array.from({ length: 1 + (i % 7) }, (_, j) => ({ key: KEYS[(i + j) % KEYS.length], at: new Date(start + ((i * 7919 + j * 104729) % (3 * 86_400_000))), value: 1 + ((i * j) % 300) })),
  }))
}

describe('the rollup thread', () => {
  it("gives the rows the figures' day rows give, summed directly", async () => {
    const list = issues(9_000)
    const direct = { day: new FigureDayRows(DEFAULT_TIME_ZONE), hour: new FigureDayRows(DEFAULT_TIME_ZONE, 'hour'), grid: new FigureDayRows(DEFAULT_TIME_ZONE) }
    const here = new HistoryRollups(DEFAULT_TIME_ZONE)
    const batcher = new RollupBatcher()
    for (const x of list) {
      direct.day.add(x.key, x.items)
      direct.hour.add(x.key, x.items)
      if (x.grid) direct.grid.add({ ...x.key, gridCode: x.grid }, x.items)
      batcher.add(x.key, x.grid, x.items)
    }
    here.addBatch(batcher.take())
    const expected = [...here.rows()]
    expect(expected.filter((r) => r.table === 'issue_figure_days').length).toBe(direct.day.list().length)
    expect(expected.filter((r) => r.table === 'issue_figure_hours').length).toBe(direct.hour.list().length)
    expect(expected.filter((r) => r.table === 'issue_figure_grid_days').length).toBe(direct.grid.list().length)
    const day = direct.day.list()[0]
    expect(expected.find((r) => r.table === 'issue_figure_days')!.line).toBe(
      [day.day, day.districtCode, day.streetCode, day.department, ...Object.values(day.counts)].join('\t') + '\n',
    )

    // Through the thread, in batches of 4,000 issues, the bytes decoded back into lines.
    const thread = startRollupThread(DEFAULT_TIME_ZONE)
    for (const x of list) thread.add(x.key, x.grid, x.items)
    const got: { table: string; line: string }[] = []
    await thread.finish(async (table, bytes, rows) => {
      const lines = new TextDecoder().decode(bytes).split(/(?<=\n)/)
      expect(lines.length).toBe(rows)
      for (const line of lines) got.push({ table, line })
    })
    // Each table's rows in the order summed (the thread sends a table's rows together).
    const byTable = (rows: { table: string; line: string }[]) => {
      const m = new Map<string, string[]>()
      for (const r of rows) m.set(r.table, [...(m.get(r.table) ?? []), r.line])
      return m
    }
    expect(byTable(got)).toEqual(byTable(expected))
    expect(got.length).toBe(expected.length)
  })

  it('refuses an item no rollup knows, at once', () => {
    const batcher = new RollupBatcher()
    expect(() => batcher.add({ districtCode: 'd', streetCode: 's', department: '' }, 'g', [{ key: 'nonsense' as never, at: new Date(), value: 1 }])).toThrow(/nonsense/)
  })

  it('fails at the finish when a batch could not be summed, and sends no rows', async () => {
    const thread = startRollupThread(DEFAULT_TIME_ZONE)
    // An item with no time: its day cannot be named on the thread's side.
    thread.add({ districtCode: 'd', streetCode: 's', department: '' }, 'g', [{ key: 'reported', at: new Date(Number.NaN), value: 1 }])
    let rows = 0
    await expect(thread.finish(async () => void rows++)).rejects.toThrow(/rollup thread failed/)
    expect(rows).toBe(0)
  })
})
