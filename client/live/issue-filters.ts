// What the console shows: one set of filters for the map and the feed (status, colour, category,
// area, time window, a search by code or text), and the console's view in its URL.
import { isOpenStatus, ISSUE_STATUSES, type IssueStatus } from '../../core/domain/issue-lifecycle'
import { TRIAGE_COLOURS, type TriageColour } from '../../core/domain/triage'
import { getCategoryCode } from '../../core/domain/issue-taxonomy'
import type { IssueSummary } from '../../core/wire/issues'

export const TIME_WINDOWS = ['1h', '6h', '24h', '7d'] as const
export type TimeWindow = (typeof TIME_WINDOWS)[number]
const WINDOW_MS: Record<TimeWindow, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 }

/** 'open': every open issue whatever its age; 'all': also those closed, rejected or merged in the window. */
export type StatusScope = 'open' | 'all'

export interface IssueFilters {
  scope: StatusScope
  /** Only these statuses (empty: no restriction beyond the scope). */
  statuses: IssueStatus[]
  colours: TriageColour[]
  /** Category codes (e.g. "sanitation"). */
  categories: string[]
  /** Issues reported within the window; open issues older than it stay when the scope is "open" and `openAnyAge`. */
  window: TimeWindow
  /** Text searched in the code, description and address. */
  q: string
}

export const DEFAULT_FILTERS: IssueFilters = { scope: 'open', statuses: [], colours: [], categories: [], window: '7d', q: '' }

export interface ConsoleView {
  filters: IssueFilters
  /** The area drilled into (street, community or grid code). */
  area: string | null
  issue: string | null
}

/** Whether an issue passes the filters, the area, at `now`. */
export function matchesFilters(issue: IssueSummary, f: IssueFilters, area: string | null, now: number): boolean {
  if (f.scope === 'open' && !isOpenStatus(issue.status)) return false
  if (f.statuses.length && !f.statuses.includes(issue.status)) return false
  if (f.colours.length && !f.colours.includes(issue.colour)) return false
  if (f.categories.length && !f.categories.includes(getCategoryCode(issue.category))) return false
  if (!isIssueInArea(issue, area)) return false
  // An open issue counts whatever its age: the window limits what is new and what was finished.
  if (!(f.scope === 'open' && isOpenStatus(issue.status)) && now - Date.parse(issue.reportedAt) > WINDOW_MS[f.window]) return false
  if (f.q) {
    const q = f.q.trim().toLowerCase()
    if (q && !`${issue.code} ${issue.description} ${issue.address ?? ''}`.toLowerCase().includes(q)) return false
  }
  return true
}

/** Whether the issue lies in the area (its grid, community, street or district); any issue for null. */
export function isIssueInArea(issue: IssueSummary, code: string | null): boolean {
  return code === null || issue.gridCode === code || issue.communityCode === code || issue.streetCode === code || issue.districtCode === code
}

/** Whether the issue is past its stage's deadline at `now`. */
export function isIssueOverdue(issue: IssueSummary, now: number): boolean {
  return getDueMs(issue) < now
}

const dueMsOf = new WeakMap<IssueSummary, number>()

/**
 * The deadline in epoch ms (NaN: none), parsed once per summary: a summary is replaced, never
 * changed, when its issue changes. The wall asks it of a city's 33,000 open issues every second,
 * and sorting them asked it twice a comparison (a million parses, a 220 ms frame, stop 41).
 */
function getDueMs(issue: IssueSummary): number {
  let ms = dueMsOf.get(issue)
  if (ms === undefined) dueMsOf.set(issue, (ms = issue.dueAt === null ? NaN : Date.parse(issue.dueAt)))
  return ms
}

export function readConsoleUrl(search: string): ConsoleView {
  const q = new URLSearchParams(search)
  const pick = <T extends string>(key: string, allowed: readonly T[]): T[] => (q.get(key) ?? '').split(',').filter((v): v is T => allowed.includes(v as T))
  const window = q.get('window') as TimeWindow
  return {
    filters: {
      scope: q.get('scope') === 'all' ? 'all' : 'open',
      statuses: pick('status', ISSUE_STATUSES),
      colours: pick('colour', TRIAGE_COLOURS),
      categories: (q.get('category') ?? '').split(',').filter((c) => /^[a-z_]{2,40}$/.test(c)),
      window: TIME_WINDOWS.includes(window) ? window : DEFAULT_FILTERS.window,
      q: (q.get('q') ?? '').slice(0, 100),
    },
    area: /^[0-9A-Za-z-]{6,40}$/.test(q.get('area') ?? '') ? q.get('area') : null,
    issue: /^[0-9a-f-]{36}$/.test(q.get('issue') ?? '') ? q.get('issue') : null,
  }
}

export function writeConsoleUrl(v: ConsoleView): string {
  const q = new URLSearchParams()
  const f = v.filters
  if (f.scope !== 'open') q.set('scope', f.scope)
  if (f.statuses.length) q.set('status', f.statuses.join(','))
  if (f.colours.length) q.set('colour', f.colours.join(','))
  if (f.categories.length) q.set('category', f.categories.join(','))
  if (f.window !== DEFAULT_FILTERS.window) q.set('window', f.window)
  if (f.q) q.set('q', f.q)
  if (v.area) q.set('area', v.area)
  if (v.issue) q.set('issue', v.issue)
  const s = q.toString()
  return s ? `?${s}` : ''
}
