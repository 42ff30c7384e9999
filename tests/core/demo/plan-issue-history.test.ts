// The demo's history, planned without a database: the same seed gives the same past; the log is in
// time order with seqs 1…N; hotspots grow and fade as their profiles say; reports outside the
// district lie outside it; the volume follows the stated rate.
import { describe, expect, it } from 'vitest'
import { DEFAULT_TIME_LIMITS_MINUTES } from '../../../core/domain/issue-lifecycle.js'
import { createDemoWorld, type DemoPlace } from '../../../server/demo/demo-world.js'
import { planIssueHistory } from '../../../server/demo/plan-issue-history.js'

// A 20 × 20 lattice of buildings, 100 m apart, in four grids.
const places: DemoPlace[] = []
for (let i = 0; i < 20; i++)
  for (let j = 0; j < 20; j++)
    places.push({ lon: 109.18 + i * 0.001, lat: 27.71 + j * 0.0009, population: 10 + ((i * 7 + j * 3) % 40), gridCode: `G${i < 10 ? 1 : 2}${j < 10 ? 1 : 2}`, communityCode: 'C1', streetCode: 'S1', districtCode: 'D1' })
const bbox: [number, number, number, number] = [109.18, 27.71, 109.2, 27.728]
const staff = { operator: 'operator', admin: 'admin', workerOf: (grid: string) => `gw-${grid.toLowerCase()}` }
const world = createDemoWorld(7, places, bbox, staff)
const end = new Date('2026-12-02T06:00:00Z')
const plan = (seed = 1, at = end) => planIssueHistory(world, { days: 60, end: at, perDay: 100, seed, timeZone: 'Asia/Shanghai', limits: DEFAULT_TIME_LIMITS_MINUTES })

describe('planIssueHistory', () => {
  const history = plan()

  it('is deterministic: the same seed and end give the same issues and events', () => {
    expect(JSON.stringify(plan())).toBe(JSON.stringify(history))
    expect(plan(2).issues[0].issue.id).not.toBe(history.issues[0].issue.id)
  })

  it('writes about perDay reports a day, and a log numbered 1…N in time order that ends before now', () => {
    expect(history.issues.length).toBeGreaterThan(60 * 80)
    expect(history.issues.length).toBeLessThan(60 * 140)
    history.events.forEach((e, i) => {
      expect(e.event.seq).toBe(i + 1)
      expect(e.issue.seq).toBe(i + 1)
      if (i > 0) expect(Date.parse(e.event.at)).toBeGreaterThanOrEqual(Date.parse(history.events[i - 1].event.at))
    })
    expect(Date.parse(history.events.at(-1)!.event.at)).toBeLessThan(end.getTime())
  })

  it('grows the growing hotspot and fades the fading one', () => {
    const first = end.getTime() - 60 * 86_400_000
    const third = (iso: string) => Math.min(2, Math.floor(((Date.parse(iso) - first) / (60 * 86_400_000)) * 3))
    for (const h of world.hotspots.filter((x) => x.profile === 'growing' || x.profile === 'fading')) {
      const mine = new Set(h.places.map((i) => `${places[i].lon},${places[i].lat}`))
      const counts = [0, 0, 0]
      for (const { issue } of history.issues) if (issue.category === h.subcategory.code && mine.has(`${issue.lon},${issue.lat}`)) counts[third(issue.reportedAt)]++
      if (h.profile === 'growing') expect(counts[2], `growing ${counts}`).toBeGreaterThan(counts[0] * 2)
      else expect(counts[0], `fading ${counts}`).toBeGreaterThan(counts[2] * 2)
    }
  })

  it('puts a small share outside the district, with no area, as hotline calls', () => {
    const outside = history.issues.filter((i) => i.issue.outOfArea)
    expect(outside.length / history.issues.length).toBeGreaterThan(0.005)
    expect(outside.length / history.issues.length).toBeLessThan(0.04)
    for (const { issue } of outside) {
      const inBox = issue.lon >= bbox[0] && issue.lon <= bbox[2] && issue.lat >= bbox[1] && issue.lat <= bbox[3]
      expect(inBox).toBe(false)
      expect([issue.gridCode, issue.streetCode, issue.source]).toEqual([null, null, 'hotline'])
    }
  })

  it('dispatches to the grid of the issue and has the reporter, not the resolver, check the fix', () => {
    for (const e of history.events) {
      if (e.event.type === 'dispatch') expect(e.issue.assignee).toBe(staff.workerOf(e.issue.gridCode!))
    }
    const resolverOf = new Map<string, string>()
    for (const e of history.events) {
      if (e.event.type === 'resolve') resolverOf.set(e.event.issueId, e.event.actor)
      if (e.event.type === 'verify') expect(e.event.actor).not.toBe(resolverOf.get(e.event.issueId))
    }
  })
})
