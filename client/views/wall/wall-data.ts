// What the wall derives from the issues it holds and the area index: the hotspot inputs, the areas one level down with their open issues, labels, and the worst-first
// order of open issues. Pure, so the tests run it without a browser.
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { compareColours } from '../../../core/domain/triage'
import { getCategoryCode } from '../../../core/domain/issue-taxonomy'
import type { Hotspot, HotspotIssue } from '../../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../../core/wire/issues'
import type { AreaIndex } from '../../areas/use-area-names'
import { isIssueOverdue } from '../../live/issue-filters'
import { getLocalName } from '../../i18n'
import type { Language } from '../../i18n/messages'

export function toHotspotIssue(i: IssueSummary): HotspotIssue {
  return { id: i.id, lon: i.lon, lat: i.lat, colour: i.colour, category: getCategoryCode(i.category), reportedAt: Date.parse(i.reportedAt), gridCode: i.gridCode }
}

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
export function getHotspotLabel(h: Hotspot, index: AreaIndex | null, language: Language): string {
  const grid = h.gridCode ? index?.get(h.gridCode) : undefined
  if (!grid) return h.key
  const name = getLocalName(grid, language)
  const community = grid.parent_code ? index?.get(grid.parent_code) : undefined
  // Grid names mostly begin with their community's ("北门社区第4网格"); others get it in front.
  const communityName = community ? getLocalName(community, language) : ''
  return !communityName || name.startsWith(communityName) ? name : `${communityName} · ${name}`
}

/** Open issues worst first: colour, then overdue, then the oldest. */
export function sortOpenIssues(issues: IssueSummary[], now: number): IssueSummary[] {
  const overdue = (i: IssueSummary) => (isIssueOverdue(i, now) ? 1 : 0)
  return issues
    .filter((i) => isOpenStatus(i.status))
    .sort((a, b) => compareColours(a.colour, b.colour) || overdue(b) - overdue(a) || (a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0))
}

/** The zoom a hotspot is shown at: its hexagon (or grid) fills the middle of the map. */
export function getHotspotZoom(by: { kind: 'hex'; resolution: number } | { kind: 'grid' }): number {
  if (by.kind === 'grid') return 15.5
  return { 7: 12.5, 8: 14, 9: 15.3, 10: 16.5 }[by.resolution] ?? 15
}
