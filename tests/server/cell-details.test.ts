// The hotspots' details put together from their grouping sets (db/queries/hotspots.ts): ties broken
// as core/analysis/rank-hotspots.ts breaks them (most first, then the code in "C" order), empty
// slices zero, a cell without a grid none. The whole answer is checked against rank-hotspots.ts over
// every issue in issue-figures.test.ts, on both engines.
import { describe, expect, it } from 'vitest'
import { toCellDetails, type DetailGroupRow } from '../../server/db/queries/hotspots.js'

const row = (key: string, grouped: number, n: number, o: Partial<DetailGroupRow> = {}): DetailGroupRow => ({
  key, grouped, n, category: null, bucket: null, grid_code: null, ...o,
})

describe('toCellDetails', () => {
  it('orders categories and grids by count then code, fills the sparkline and takes the newest ids', () => {
    const [cell] = toCellDetails(
      [
        row('a', 7, 4),
        row('a', 3, 1, { category: 'road' }),
        row('a', 3, 2, { category: 'water' }),
        row('a', 3, 1, { category: 'Zoning' }),
        row('a', 5, 3, { bucket: 2 }),
        row('a', 5, 1, { bucket: 0 }),
        row('a', 6, 2, { grid_code: 'G2' }),
        row('a', 6, 2, { grid_code: 'G1' }),
      ],
      [{ key: 'a', ids: ['x', 'y'] }],
      4,
    )
    expect(cell.categories).toEqual([{ code: 'water', count: 2 }, { code: 'Zoning', count: 1 }, { code: 'road', count: 1 }])
    expect(cell.sparkline).toEqual([1, 0, 3, 0])
    expect(cell.grid_code).toBe('G1')
    expect(cell.issue_ids).toEqual(['x', 'y'])
  })

  it('gives no grid to a cell whose issues lie in none, and leaves out cells with no issues', () => {
    const cells = toCellDetails([row('b', 7, 1), row('b', 6, 1), row('b', 3, 1, { category: 'road' }), row('b', 5, 1, { bucket: 0 })], [{ key: 'b', ids: ['z'] }, { key: 'c', ids: [] }], 2)
    expect(cells).toEqual([{ key: 'b', categories: [{ code: 'road', count: 1 }], sparkline: [1, 0], grid_code: null, issue_ids: ['z'] }])
  })
})
