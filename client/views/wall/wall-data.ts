// What the wall derives from the issues it holds and the area index: the hotspot inputs, the areas
// one level down with their open issues, the hotspots' names (each different), and the worst-first
// order of open issues. Pure, so the tests run it without a browser.
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { compareColours } from '../../../core/domain/triage'
import type { Hotspot } from '../../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../../core/wire/issues'
import type { AreaIndex } from '../../areas/use-area-names'
import { isIssueOverdue } from '../../live/issue-filters'
import { cellToLatLng, isValidCell } from 'h3-js'
import { getLocalName, translate } from '../../i18n'
import type { AreaPoints } from './area-points'
import type { Language } from '../../i18n/messages'

export interface AreaChild {
  code: string
  name: string
  level: string
  open: number
}

/** The areas one level below `code`, each with its open issues, most first. */
export function getAreaChildren(index: AreaIndex, code: string, open: IssueSummary[], language: Language): AreaChild[] {
  const counts = new Map<string, number>()
  for (const i of open) for (const c of [i.gridCode, i.communityCode, i.streetCode]) if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  const children: AreaChild[] = []
  for (const a of index.values()) {
    if (a.parent_code === code) children.push({ code: a.code, name: getLocalName(a, language), level: a.level, open: counts.get(a.code) ?? 0 })
  }
  return children.sort((x, y) => y.open - x.open || (x.code < y.code ? -1 : 1))
}

/** A hotspot's name: its grid's (a hexagon is named after the grid most of its issues lie in). */
export function getHotspotLabel(h: Pick<Hotspot, 'gridCode' | 'key'>, index: AreaIndex | null, language: Language): string {
  const grid = h.gridCode ? index?.get(h.gridCode) : undefined
  if (!grid) return h.key
  const name = getLocalName(grid, language)
  const community = grid.parent_code ? index?.get(grid.parent_code) : undefined
  // Grid names mostly begin with their community's ("北门社区第4网格"); others get it in front.
  const communityName = community ? getLocalName(community, language) : ''
  return !communityName || name.startsWith(communityName) ? name : `${communityName} · ${name}`
}

/** What names a hotspot: its key, the grid most of its issues lie in, and where it is. */
export type NamedHotspot = Pick<Hotspot, 'key' | 'gridCode' | 'center'>

export type PlaceWord = 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'nw' | 'c'

/** Closer than this to its grid's point, a hotspot is the grid's centre (中). */
const CENTRE_METRES = 80
const PLACE_WORDS: PlaceWord[] = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw']

/** Where `at` lies from `from`, as one of eight compass points or the centre. */
export function getPlaceWord(at: [number, number], from: [number, number]): PlaceWord {
  const east = (at[0] - from[0]) * Math.cos((from[1] * Math.PI) / 180) * 111_320
  const north = (at[1] - from[1]) * 110_574
  if (Math.hypot(east, north) < CENTRE_METRES) return 'c'
  // Clockwise from north, in eighths.
  return PLACE_WORDS[(Math.round(Math.atan2(east, north) / (Math.PI / 4)) + 8) % 8]
}

/**
 * The names of a ranked list, all different: a hexagon is named after its grid, and when several
 * of the list lie in one grid each gets where it lies in that grid ("清水社区第3网格·北", from the
 * grid's label point); a name that still repeats gets an ordinal in rank order ("…·北（2）").
 * The wall and its remotes name the same list the same way.
 */
export function getHotspotLabels(hotspots: NamedHotspot[], index: AreaIndex | null, language: Language, points: AreaPoints | null): string[] {
  const base = hotspots.map((h) => getHotspotLabel(h, index, language))
  const repeats = new Map<string, number>()
  for (const name of base) repeats.set(name, (repeats.get(name) ?? 0) + 1)
  const placed = hotspots.map((h, i) => {
    const from = h.gridCode ? points?.get(h.gridCode) : undefined
    if (repeats.get(base[i])! < 2 || !from) return base[i]
    return translate(language, 'wall.placeName', { name: base[i], place: translate(language, `wall.place.${getPlaceWord(h.center, from)}`) })
  })
  const seen = new Map<string, number>()
  return placed.map((name) => {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : translate(language, 'wall.nthName', { name, n })
  })
}

/** Where a hotspot the remote hears of lies: a hexagon's centre (a grid's is its label point). */
export function getHotspotCenter(key: string, points: AreaPoints | null): [number, number] {
  if (isValidCell(key)) {
    const [lat, lon] = cellToLatLng(key)
    return [lon, lat]
  }
  return points?.get(key) ?? [0, 0]
}

/** Open issues worst first: colour, then overdue, then the oldest. */
export function sortOpenIssues(issues: IssueSummary[], now: number): IssueSummary[] {
  // Each issue's keys once, not once a comparison.
  const keyed = issues.filter((i) => isOpenStatus(i.status)).map((issue) => ({ issue, overdue: isIssueOverdue(issue, now) ? 1 : 0 }))
  keyed.sort((a, b) => compareColours(a.issue.colour, b.issue.colour) || b.overdue - a.overdue || (a.issue.reportedAt < b.issue.reportedAt ? -1 : a.issue.reportedAt > b.issue.reportedAt ? 1 : 0))
  return keyed.map((k) => k.issue)
}

/** The zoom a hotspot is shown at: its hexagon (or grid) fills the middle of the map. */
export function getHotspotZoom(by: { kind: 'hex'; resolution: number } | { kind: 'grid' }): number {
  if (by.kind === 'grid') return 15.5
  return { 7: 12.5, 8: 14, 9: 15.3, 10: 16.5 }[by.resolution] ?? 15
}
