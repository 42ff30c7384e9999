// The figures a command centre is judged by, from the issues and their event logs: what was
// reported in a period, what is open and overdue now, how fast issues are accepted and resolved,
// and the evaluation rates (closure, on-time handling, rework, satisfaction) — for the whole scope
// and per street and per department. Pure: the server feeds it rows, the tests feed it cases.
import { isOpenStatus, type IssueStatus, type Stage } from './issue-lifecycle.js'
import { getIssueItems, getZeroCounts, isMinutesKey, type FigureCounts, type FigureItem, type FigureMinutesKey } from './issue-contribution.js'
import { TRIAGE_COLOURS, type TriageColour } from './triage.js'

export interface FigureIssue {
  id: string
  status: IssueStatus
  colour: TriageColour
  reportedAt: Date
  streetCode: string | null
  department: string | null
  /** When the current stage runs out (null when no stage runs). */
  dueAt: Date | null
}

export interface FigureEvent {
  issueId: string
  type: string
  fromStatus: IssueStatus | null
  toStatus: IssueStatus
  at: Date
  rating?: number | null
}

export interface IssueFigures {
  /** Reported in the period. */
  reported: number
  /** Open now (any period), and of those past their stage's deadline. */
  open: number
  overdue: number
  openByColour: Record<TriageColour, number>
  /** Median minutes from report to acceptance / to first resolution, of issues reported in the period. */
  medianAcceptMinutes: number | null
  medianResolveMinutes: number | null
  /** Reported in the period and resolved (or further) by now, in % of those reported. */
  closureRatePct: number | null
  /** Stage ends in the period that came before the stage's deadline, in %. */
  onTimeRatePct: number | null
  /** On-site checks in the period that sent the work back, in % of the checks (返工率). */
  reworkRatePct: number | null
  /** Ratings given in the period: mean (1–5) and the share of 4 or 5, in %. */
  meanRating: number | null
  satisfactionPct: number | null
}

export interface IssueFiguresReport {
  total: IssueFigures
  byStreet: (IssueFigures & { street: string })[]
  /** Reports that fell outside every street (out of area): with the streets' rows they add up to the total; null when there are none. */
  outOfArea: IssueFigures | null
  byDepartment: (IssueFigures & { department: string })[]
}

const COLOURS = TRIAGE_COLOURS

/**
 * The figures of the period [from, to) at `now`, with the stage limits (minutes per colour and stage):
 * the items of every issue (core/domain/issue-contribution.ts) dated in the period, summed, and the
 * issues open now.
 *
 * @example
 * computeIssueFigures({ issues, events, from: startOfToday, to: now, now, limits }).total.closureRatePct // 64.2
 */
export function computeIssueFigures(input: {
  issues: FigureIssue[]
  events: FigureEvent[]
  from: Date
  to: Date
  now: Date
  limits: Record<TriageColour, Record<Stage, number>>
}): IssueFiguresReport {
  const { from, to, now, limits } = input
  const eventsOf = new Map<string, FigureEvent[]>()
  for (const e of input.events) {
    const list = eventsOf.get(e.issueId) ?? []
    list.push(e)
    eventsOf.set(e.issueId, list)
  }
  for (const list of eventsOf.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())

  const total = new ExactTally()
  const outside = new ExactTally()
  const streets = new Map<string, ExactTally>()
  const departments = new Map<string, ExactTally>()
  const tallyOf = (m: Map<string, ExactTally>, k: string) => m.get(k) ?? m.set(k, new ExactTally()).get(k)!
  for (const issue of input.issues) {
    const items = getIssueItems(issue, eventsOf.get(issue.id) ?? [], limits).filter((x) => x.at >= from && x.at < to)
    // An issue counts in a group when it has something dated in the period or is open now.
    if (items.length === 0 && !isOpenStatus(issue.status)) continue
    const tallies = [total, issue.streetCode === null ? outside : tallyOf(streets, issue.streetCode)]
    if (issue.department !== null) tallies.push(tallyOf(departments, issue.department))
    for (const t of tallies) t.add(issue, items, now)
  }
  const rows = <K extends string>(m: Map<string, ExactTally>, name: K) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => ({ [name]: k, ...t.figures() }) as IssueFigures & Record<K, string>)
  return {
    total: total.figures(),
    byStreet: rows(streets, 'street'),
    outOfArea: outside.issues ? outside.figures() : null,
    byDepartment: rows(departments, 'department'),
  }
}

/** What is open now: counted, past its deadline, by colour. */
export interface OpenFigures {
  open: number
  overdue: number
  openByColour: Record<TriageColour, number>
}

export function getZeroOpenFigures(): OpenFigures {
  return { open: 0, overdue: 0, openByColour: Object.fromEntries(COLOURS.map((c) => [c, 0])) as Record<TriageColour, number> }
}

/** The figures from a period's summed counts, its medians and what is open now. */
export function buildIssueFigures(counts: FigureCounts, medians: { accept: number | null; resolve: number | null }, open: OpenFigures): IssueFigures {
  const pct = (n: number, d: number) => (d > 0 ? (100 * n) / d : null)
  return {
    reported: counts.reported,
    ...open,
    medianAcceptMinutes: medians.accept,
    medianResolveMinutes: medians.resolve,
    closureRatePct: pct(counts.closed, counts.reported),
    onTimeRatePct: pct(counts.onTime, counts.stageEnds),
    reworkRatePct: pct(counts.reworks, counts.checks),
    meanRating: counts.ratings ? counts.ratingSum / counts.ratings : null,
    satisfactionPct: pct(counts.satisfied, counts.ratings),
  }
}

/** A group's items summed, with the exact medians. */
class ExactTally {
  issues = 0
  private counts = getZeroCounts()
  private minutes: Record<FigureMinutesKey, number[]> = { acceptMinutes: [], resolveMinutes: [] }
  private open = getZeroOpenFigures()

  add(issue: FigureIssue, items: FigureItem[], now: Date) {
    this.issues++
    if (isOpenStatus(issue.status)) {
      this.open.open++
      this.open.openByColour[issue.colour]++
      if (issue.dueAt && issue.dueAt < now) this.open.overdue++
    }
    for (const x of items) {
      if (isMinutesKey(x.key)) this.minutes[x.key].push(x.value)
      else this.counts[x.key] += x.value
    }
  }

  figures(): IssueFigures {
    return buildIssueFigures(this.counts, { accept: median(this.minutes.acceptMinutes), resolve: median(this.minutes.resolveMinutes) }, this.open)
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
