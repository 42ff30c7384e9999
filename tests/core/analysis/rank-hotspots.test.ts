import { describe, expect, it } from 'vitest'
import { cellToLatLng, getResolution, latLngToCell } from 'h3-js'
import { getHexResolution, getHexRing, rankHotspots, type HotspotIssue } from '../../../core/analysis/rank-hotspots'

const HOUR = 3_600_000
const NOW = Date.UTC(2026, 11, 1, 12)
const A: [number, number] = [109.19, 27.72]
// About 2 km east: another hexagon at every resolution used here.
const B: [number, number] = [109.21, 27.72]

let n = 0
function issue(at: [number, number], colour: HotspotIssue['colour'], hoursAgo: number, extra: Partial<HotspotIssue> = {}): HotspotIssue {
  n++
  return { id: `i${String(n).padStart(3, '0')}`, lon: at[0], lat: at[1], colour, category: 'sanitation', reportedAt: NOW - hoursAgo * HOUR, gridCode: 'g1', ...extra }
}

describe('rankHotspots', () => {
  it('ranks hexagons by the colour-weighted count of the window, not by the count', () => {
    const issues = [issue(A, 'red', 1), issue(B, 'blue', 1), issue(B, 'blue', 2), issue(B, 'blue', 3)]
    const spots = rankHotspots(issues, { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 9 } })
    expect(spots.map((s) => [s.key, s.count, s.score])).toEqual([
      [latLngToCell(A[1], A[0], 9), 1, 8],
      [latLngToCell(B[1], B[0], 9), 3, 3],
    ])
    expect(spots[0].byColour).toEqual({ red: 1, orange: 0, yellow: 0, blue: 0 })
    const [lat, lon] = cellToLatLng(spots[0].key)
    expect(spots[0].center).toEqual([lon, lat])
  })

  it('keeps the window before apart: previous score, emerging when at least doubled and ≥ the minimum', () => {
    const issues = [
      // A: 3 orange now (12) against 1 orange before (4): emerging.
      issue(A, 'orange', 1), issue(A, 'orange', 5), issue(A, 'orange', 20), issue(A, 'orange', 30),
      // B: 2 yellow now (4) against none: below the minimum of 6, not emerging.
      issue(B, 'yellow', 2), issue(B, 'yellow', 3),
    ]
    const spots = rankHotspots(issues, { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 8 } })
    expect(spots.map((s) => [s.count, s.score, s.previousCount, s.previousScore, s.emerging])).toEqual([
      [3, 12, 1, 4, true],
      [2, 4, 0, 0, false],
    ])
    // 12 against 8 before is not twice: steady.
    const steady = rankHotspots([...issues, issue(A, 'orange', 40)], { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 8 } })
    expect(steady[0].emerging).toBe(false)
  })

  it('ignores issues older than two windows or in the future, and a hexagon with only old issues', () => {
    const spots = rankHotspots([issue(A, 'red', 49), issue(A, 'red', -1), issue(B, 'red', 30)], { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 9 } })
    expect(spots).toEqual([])
  })

  it('fills the sparkline oldest first, the category mix most first, the issues newest first', () => {
    const issues = [
      issue(A, 'blue', 23.5, { category: 'municipal' }),
      issue(A, 'blue', 11.9),
      issue(A, 'blue', 0.1),
      issue(A, 'blue', 0.2, { category: 'municipal' }),
      issue(A, 'blue', 0.3, { category: 'municipal' }),
    ]
    const [spot] = rankHotspots(issues, { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 9 }, sparkBuckets: 4 })
    // Slices of 6 h: 23.5 h ago in the first; 11.9 h ago in the third; three in the last.
    expect(spot.sparkline).toEqual([1, 0, 1, 3])
    expect(spot.categories).toEqual([{ code: 'municipal', count: 3 }, { code: 'sanitation', count: 2 }])
    expect(spot.issueIds).toEqual([issues[2].id, issues[3].id, issues[4].id, issues[1].id, issues[0].id])
  })

  it('groups by grid with the mean position, leaving out issues outside every grid', () => {
    const issues = [issue(A, 'yellow', 1, { gridCode: 'g2' }), issue(B, 'yellow', 1, { gridCode: 'g2' }), issue(A, 'red', 1, { gridCode: null })]
    const spots = rankHotspots(issues, { now: NOW, windowMs: 24 * HOUR, by: { kind: 'grid' } })
    expect(spots).toHaveLength(1)
    expect(spots[0]).toMatchObject({ key: 'g2', count: 2, score: 4, gridCode: 'g2' })
    expect(spots[0].center[0]).toBeCloseTo((A[0] + B[0]) / 2, 10)
  })

  it('breaks ties by count, then by key, so the order is stable', () => {
    const issues = [issue(A, 'orange', 1), issue(B, 'yellow', 1), issue(B, 'yellow', 2)]
    const spots = rankHotspots(issues, { now: NOW, windowMs: 24 * HOUR, by: { kind: 'hex', resolution: 9 } })
    expect(spots.map((s) => s.count)).toEqual([2, 1])
  })
})

describe('hexagon helpers', () => {
  it('chooses finer hexagons as the map zooms in', () => {
    expect([10, 12.5, 13.3, 14.9, 15].map(getHexResolution)).toEqual([7, 8, 9, 9, 10])
  })
  it('outlines a hexagon as a closed ring around its centre', () => {
    const key = latLngToCell(A[1], A[0], 9)
    const ring = getHexRing(key)
    expect(getResolution(key)).toBe(9)
    expect(ring).toHaveLength(7)
    expect(ring[0]).toEqual(ring[6])
    const [lat, lon] = cellToLatLng(key)
    for (const [x, y] of ring.slice(0, 6)) expect(Math.hypot(x - lon, y - lat)).toBeLessThan(0.005)
  })
})
