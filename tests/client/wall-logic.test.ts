// The wall's pure parts: the design-resolution stage, the autopilot's clock (tour, idle, red
// alerts queued and resumed), the URL of its view, and what it derives from issues and areas.
import { describe, expect, it } from 'vitest'
import { alertIssue, createAutopilot, dismissAlerts, getAlertIssue, isTouring, MAX_ALERTS_IN_A_ROW, setEnabled, tick, touch } from '../../client/views/wall/autopilot'
import { getStage } from '../../client/views/wall/stage-scale'
import { applyWallCommand } from '../../client/views/wall/apply-wall-command'
import { getAreaChildren, getHotspotCenter, getHotspotLabel, getHotspotLabels, getPlaceWord, sortOpenIssues } from '../../client/views/wall/wall-data'
import { cellToLatLng, latLngToCell } from 'h3-js'
import { isIssueInArea as isInArea } from '../../client/live/issue-filters'
import { readWallUrl, WALL_DEFAULTS, writeWallUrl } from '../../client/views/wall/wall-url'
import type { AreaIndex } from '../../client/areas/use-area-names'
import type { Hotspot } from '../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../core/wire/issues'

describe('getStage', () => {
  it('keeps 1920×1080 at 1×, doubles for 4K, and widens the stage for a spliced wall', () => {
    expect(getStage(1920, 1080)).toEqual({ scale: 1, width: 1920, height: 1080 })
    expect(getStage(3840, 2160)).toEqual({ scale: 2, width: 1920, height: 1080 })
    expect(getStage(5760, 1080)).toEqual({ scale: 1, width: 5760, height: 1080 })
    // A 16:10 screen: the factor that fits the width; the stage a little taller.
    const s = getStage(1280, 800)
    expect(s.scale).toBeCloseTo(2 / 3, 10)
    expect(s.width).toBeCloseTo(1920, 6)
    expect(s.height).toBeCloseTo(1200, 6)
    // Never stretched: one factor both ways, the stage times the factor is the screen.
    for (const [w, h] of [[7680, 2160], [1080, 1920], [1366, 768]]) {
      const st = getStage(w, h)
      expect(st.width * st.scale).toBeCloseTo(w, 6)
      expect(st.height * st.scale).toBeCloseTo(h, 6)
      expect(st.width >= 1920 - 1e-6 || st.height >= 1080 - 1e-6).toBe(true)
    }
  })
})

describe('the autopilot', () => {
  const o = { tourMs: 10_000, idleMs: 30_000, alertMs: 15_000 }

  it('starts touring once nobody has touched it for the idle time, and steps every tourMs', () => {
    let s = createAutopilot(0)
    s = tick(s, 29_000, 5, o)
    expect(s.mode).toBe('manual')
    s = tick(s, 30_000, 5, o)
    expect(s).toMatchObject({ mode: 'tour', index: 0, nextAt: 40_000 })
    s = tick(s, 39_999, 5, o)
    expect(s.index).toBe(0)
    s = tick(s, 40_000, 5, o)
    expect(s).toMatchObject({ index: 1, nextAt: 50_000 })
    // Wraps around the list.
    for (let t = 50_000; t <= 80_000; t += 10_000) s = tick(s, t, 5, o)
    expect(s.index).toBe(0)
  })

  it('stops touring at a touch and waits for idle again; does not start when switched off or with nothing to show', () => {
    let s = tick(createAutopilot(0), 30_000, 5, o)
    s = touch(s, 35_000)
    expect(s.mode).toBe('manual')
    expect(tick(s, 64_000, 5, o).mode).toBe('manual')
    expect(tick(s, 65_000, 5, o).mode).toBe('tour')
    expect(tick(s, 65_000, 0, o).mode).toBe('manual')
    const off = setEnabled(createAutopilot(0), false, 0, o)
    expect(tick(off, 1e9, 5, o).mode).toBe('manual')
    // Switched on from the remote: touring at once.
    expect(setEnabled(off, true, 5_000, o)).toMatchObject({ mode: 'tour', index: 0, nextAt: 15_000 })
  })

  it('a red issue interrupts the tour, shows for alertMs, then the tour resumes where it was', () => {
    let s = tick(createAutopilot(0), 30_000, 5, o)
    s = tick(s, 40_000, 5, o)
    expect(s.index).toBe(1)
    s = alertIssue(s, 'red-1', 41_000, o)
    expect(s.mode).toBe('alert')
    expect(getAlertIssue(s)).toBe('red-1')
    // A second one waits its turn; the same one again changes nothing.
    s = alertIssue(s, 'red-2', 42_000, o)
    expect(alertIssue(s, 'red-2', 42_500, o)).toBe(s)
    s = tick(s, 55_999, 5, o)
    expect(getAlertIssue(s)).toBe('red-1')
    s = tick(s, 56_000, 5, o)
    expect(getAlertIssue(s)).toBe('red-2')
    s = tick(s, 71_000, 5, o)
    expect(s).toMatchObject({ mode: 'tour', index: 1, nextAt: 81_000, alerts: [] })
    expect(getAlertIssue(s)).toBeNull()
  })

  it('after alerts the wall shows its own view for one tour stop; a red arriving then waits for it', () => {
    let s = alertIssue(tick(createAutopilot(0), 30_000, 5, o), 'red-1', 31_000, o)
    s = tick(s, 46_000, 5, o)
    expect(s).toMatchObject({ mode: 'tour', calmUntil: 56_000 })
    s = alertIssue(s, 'red-2', 47_000, o)
    expect(s.mode).toBe('tour')
    expect(getAlertIssue(s)).toBeNull()
    s = tick(s, 55_999, 5, o)
    expect(s.mode).toBe('tour')
    s = tick(s, 56_000, 5, o)
    expect(getAlertIssue(s)).toBe('red-2')
    expect(s.resume).toBe('tour')
    // Quiet afterwards: an isolated red later is shown at once.
    s = tick(tick(s, 71_000, 5, o), 90_000, 5, o)
    expect(getAlertIssue(alertIssue(s, 'red-3', 90_500, o))).toBe('red-3')
  })

  it('after an alert goes back to manual if it interrupted manual or was touched meanwhile; a run of alerts is bounded', () => {
    let s = alertIssue(createAutopilot(0), 'r', 1_000, o)
    expect(tick(s, 16_000, 5, o).mode).toBe('manual')
    s = alertIssue(tick(createAutopilot(0), 30_000, 5, o), 'r', 31_000, o)
    s = touch(s, 32_000)
    expect(s.mode).toBe('alert')
    expect(tick(s, 46_000, 5, o).mode).toBe('manual')
    for (let i = 0; i < 20; i++) s = alertIssue(s, `q${i}`, 33_000, o)
    expect(s.alerts).toEqual(['r', 'q0', 'q1', 'q2', 'q3'])
    expect(s.alerts.length).toBe(MAX_ALERTS_IN_A_ROW)
    // Reds keep coming while the run is shown: the run still ends after five, and the wall is calm.
    let t = 33_000
    for (let shown = 0; shown < MAX_ALERTS_IN_A_ROW; shown++) {
      s = alertIssue(s, `late${shown}`, t + 1, o)
      t += o.alertMs
      s = tick(s, t, 5, o)
    }
    expect(s.mode).toBe('manual')
    expect(s.alerts).toEqual([])
    expect(s.calmUntil).toBe(t + o.tourMs)
  })
})

describe('the autopilot and the people at the wall (issue 16)', () => {
  const o = { tourMs: 10_000, idleMs: 30_000, alertMs: 15_000 }

  it('a command during an alert lets it go, and those waiting, back to what it interrupted or manual after a touch', () => {
    let s = alertIssue(tick(createAutopilot(0), 30_000, 5, o), 'red-1', 31_000, o)
    s = alertIssue(s, 'red-2', 32_000, o)
    s = dismissAlerts(touch(s, 33_000))
    expect(s).toMatchObject({ mode: 'manual', alerts: [] })
    expect(getAlertIssue(s)).toBeNull()
    // Nothing comes back on the next ticks; the tour starts again after the idle time.
    expect(tick(s, 34_000, 5, o).mode).toBe('manual')
    expect(tick(s, 63_000, 5, o).mode).toBe('tour')
    // A later red is shown as usual.
    expect(getAlertIssue(alertIssue(s, 'red-3', 40_000, o))).toBe('red-3')
    // Nothing to let go: the same state.
    const calm = createAutopilot(0)
    expect(dismissAlerts(calm)).toBe(calm)
  })

  it('tells whether the wall tours: not while it waits to be idle, yes during an alert that interrupted the tour', () => {
    const waiting = createAutopilot(0)
    expect(waiting.enabled).toBe(true)
    expect(isTouring(waiting)).toBe(false)
    const touring = tick(waiting, 30_000, 5, o)
    expect(isTouring(touring)).toBe(true)
    expect(isTouring(alertIssue(touring, 'r', 31_000, o))).toBe(true)
    expect(isTouring(alertIssue(waiting, 'r', 1_000, o))).toBe(false)
    expect(isTouring(setEnabled(touring, false, 32_000, o))).toBe(false)
  })
})

describe('the wall URL', () => {
  it('round-trips a view and leaves defaults out', () => {
    const v = { token: 'a'.repeat(30), area: '520602002001', window: '30d' as const, level: 'grid' as const, tour: 15, idle: 90, alert: 10, autopilot: false, lang: 'en' as const }
    expect(readWallUrl(writeWallUrl(v))).toEqual(v)
    expect(writeWallUrl({ ...WALL_DEFAULTS, token: null, area: null })).toBe('')
  })
  it('ignores values out of range or malformed', () => {
    expect(readWallUrl('?window=1y&level=cube&tour=1&idle=abc&alert=9999&area=<script>&token=short&lang=fr')).toEqual({ ...WALL_DEFAULTS, token: null, area: null })
  })
})

const issue = (over: Partial<IssueSummary>): IssueSummary =>
  ({ id: 'x', status: 'reported', colour: 'blue', category: 'sanitation.garbage', reportedAt: '2026-12-01T08:00:00Z', dueAt: null, gridCode: 'G1', communityCode: 'C1', streetCode: 'S1', districtCode: 'D', lon: 0, lat: 0, ...over }) as IssueSummary

describe('what the wall derives', () => {
  const index: AreaIndex = new Map(
    [
      { code: 'D', name: '碧江区', level: 'district', parent_code: null },
      { code: 'S1', name: '环北街道', level: 'street', parent_code: 'D' },
      { code: 'C1', name: '北门社区', level: 'community', parent_code: 'S1' },
      { code: 'C2', name: '清水社区', level: 'community', parent_code: 'S1' },
      { code: 'G1', name: '北门社区第1网格', level: 'grid', parent_code: 'C1' },
      { code: 'G9', name: '专属网格（医院）', level: 'grid', parent_code: 'C2' },
    ].map((a, i) => [a.code, { ...a, id: i, name_en: null } as never]),
  )

  it('finds the issues of an area at any level', () => {
    const i = issue({})
    expect(['G1', 'C1', 'S1', 'D', null].map((c) => isInArea(i, c))).toEqual([true, true, true, true, true])
    expect(isInArea(i, 'C2')).toBe(false)
  })

  it('lists the areas one level down with their open issues, most first', () => {
    const open = [issue({ id: 'a', communityCode: 'C2', gridCode: 'G9' }), issue({ id: 'b', communityCode: 'C2', gridCode: 'G9' }), issue({ id: 'c' })]
    expect(getAreaChildren(index, 'S1', open, 'zh-CN').map((c) => [c.code, c.open])).toEqual([
      ['C2', 2],
      ['C1', 1],
    ])
  })

  it('names a hotspot after its grid, with the community when the grid name lacks it', () => {
    const h = (gridCode: string | null) => ({ key: 'k', gridCode }) as Hotspot
    expect(getHotspotLabel(h('G1'), index, 'zh-CN')).toBe('北门社区第1网格')
    expect(getHotspotLabel(h('G9'), index, 'zh-CN')).toBe('清水社区 · 专属网格（医院）')
    expect(getHotspotLabel(h(null), index, 'zh-CN')).toBe('k')
  })

  it('names every hotspot of a list differently: where it lies in its grid, then an ordinal (issue 16)', () => {
    const grid: [number, number] = [109.2, 27.75]
    const points = new Map<string, [number, number]>([['G1', grid]])
    const at = (dLon: number, dLat: number) => ({ key: `k${dLon},${dLat}`, gridCode: 'G1', center: [grid[0] + dLon, grid[1] + dLat] as [number, number] })
    const list = [at(0, 0.003), at(0, -0.003), at(0.003, 0), at(-0.003, 0.003), at(0.0001, 0), at(0, 0.004), { key: 'k9', gridCode: 'G9', center: [0, 0] as [number, number] }]
    const names = getHotspotLabels(list, index, 'zh-CN', points)
    expect(names).toEqual([
      '北门社区第1网格·北',
      '北门社区第1网格·南',
      '北门社区第1网格·东',
      '北门社区第1网格·西北',
      '北门社区第1网格·中',
      '北门社区第1网格·北（2）',
      // Alone in its grid: the grid's name as before.
      '清水社区 · 专属网格（医院）',
    ])
    expect(new Set(names).size).toBe(names.length)
    expect(getHotspotLabels(list.slice(0, 3), index, 'en', points)).toEqual(['北门社区第1网格 · N', '北门社区第1网格 · S', '北门社区第1网格 · E'])
    // Before the grids' points arrive: ordinals, still all different.
    expect(getHotspotLabels(list.slice(0, 3), index, 'zh-CN', null)).toEqual(['北门社区第1网格', '北门社区第1网格（2）', '北门社区第1网格（3）'])
    // Five hexagons of one grid in a top ten, as in the issue: never one name twice.
    const cells = [0, 1, 2, 3, 4].map((i) => latLngToCell(grid[1] + 0.002 * Math.sin(i), grid[0] + 0.002 * Math.cos(i), 9))
    const hexes = [...new Set(cells)].map((key) => ({ key, gridCode: 'G1', center: getHotspotCenter(key, points) }))
    expect(hexes.length).toBeGreaterThan(2)
    const hexNames = getHotspotLabels(hexes, index, 'zh-CN', points)
    expect(new Set(hexNames).size).toBe(hexes.length)
    expect(hexNames.every((n) => n.startsWith('北门社区第1网格·'))).toBe(true)
  })

  it('finds where a hotspot lies from a point: eight compass points and the centre', () => {
    const o: [number, number] = [109.2, 27.75]
    const d = 0.002
    expect([[0, d], [d, d], [d, 0], [d, -d], [0, -d], [-d, -d], [-d, 0], [-d, d], [0.0003, 0.0003]].map(([x, y]) => getPlaceWord([o[0] + x, o[1] + y], o))).toEqual(['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'c'])
    const key = latLngToCell(o[1], o[0], 9)
    const [lat, lon] = cellToLatLng(key)
    expect(getHotspotCenter(key, null)).toEqual([lon, lat])
    expect(getHotspotCenter('G1', new Map([['G1', o]]))).toEqual(o)
  })

  it('orders open issues worst first: colour, overdue, then the oldest; leaves finished ones out', () => {
    const now = Date.parse('2026-12-01T12:00:00Z')
    const list = [
      issue({ id: 'blue-old', colour: 'blue', reportedAt: '2026-11-01T00:00:00Z' }),
      issue({ id: 'red-new', colour: 'red', reportedAt: '2026-12-01T11:00:00Z' }),
      issue({ id: 'red-overdue', colour: 'red', reportedAt: '2026-12-01T11:30:00Z', dueAt: '2026-12-01T11:45:00Z' }),
      issue({ id: 'red-old', colour: 'red', reportedAt: '2026-12-01T09:00:00Z' }),
      issue({ id: 'closed', colour: 'red', status: 'closed' }),
    ]
    expect(sortOpenIssues(list, now).map((i) => i.id)).toEqual(['red-overdue', 'red-old', 'red-new', 'blue-old'])
  })
})

describe('applyWallCommand', () => {
  const index: AreaIndex = new Map(
    [
      { code: 'D', level: 'district', parent_code: null },
      { code: 'S1', level: 'street', parent_code: 'D' },
      { code: 'S2', level: 'street', parent_code: 'D' },
      { code: 'C1', level: 'community', parent_code: 'S1' },
      { code: 'G1', level: 'grid', parent_code: 'C1' },
      { code: 'C9', level: 'community', parent_code: 'S2' },
    ].map((a, i) => [a.code, { ...a, id: i, name: a.code, name_en: null } as never]),
  )
  const ctx = { index, scope: 'S1', hasIssue: (id: string) => id === '00000000-0000-4000-8000-000000000001' }
  const home = { area: null, window: '7d' as const, level: 'hex' as const, shown: null }

  it('drills down within the scope, up one level at a time, and home; never above the scope', () => {
    let v = applyWallCommand(home, { type: 'drill', area: 'C1' }, ctx)
    expect(v.area).toBe('C1')
    v = applyWallCommand(v, { type: 'drill', area: 'G1' }, ctx)
    expect(v.area).toBe('G1')
    v = applyWallCommand(v, { type: 'up' }, ctx)
    expect(v.area).toBe('C1')
    v = applyWallCommand(v, { type: 'up' }, ctx)
    expect(v.area).toBeNull()
    expect(applyWallCommand(v, { type: 'up' }, ctx)).toBe(v)
    expect(applyWallCommand({ ...home, area: 'G1' }, { type: 'home' }, ctx).area).toBeNull()
  })

  it('ignores areas outside the scope or unknown, and issues it does not hold', () => {
    for (const area of ['S2', 'C9', 'D', 'nope']) expect(applyWallCommand(home, { type: 'drill', area }, ctx)).toBe(home)
    expect(applyWallCommand(home, { type: 'issue', id: '00000000-0000-4000-8000-000000000002' }, ctx)).toBe(home)
    expect(applyWallCommand(home, { type: 'issue', id: '00000000-0000-4000-8000-000000000001' }, ctx).shown).toEqual({ kind: 'issue', id: '00000000-0000-4000-8000-000000000001' })
  })

  it('sets the window and level, shows and closes a hotspot; a drill closes what was shown', () => {
    let v = applyWallCommand(home, { type: 'hotspot', index: 2 }, ctx)
    expect(v.shown).toEqual({ kind: 'hotspot', index: 2 })
    expect(applyWallCommand(v, { type: 'window', window: '30d' }, ctx)).toMatchObject({ window: '30d', shown: { kind: 'hotspot', index: 2 } })
    expect(applyWallCommand(v, { type: 'level', level: 'grid' }, ctx)).toMatchObject({ level: 'grid', shown: null })
    expect(applyWallCommand(v, { type: 'drill', area: 'C1' }, ctx).shown).toBeNull()
    v = applyWallCommand(v, { type: 'close' }, ctx)
    expect(v.shown).toBeNull()
  })
})
