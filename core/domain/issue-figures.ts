// The figures a command centre is judged by, from the issues and their event logs: what was
// reported in a period, what is open and overdue now, how fast issues are accepted and resolved,
// and the evaluation rates (closure, on-time handling, rework, satisfaction) — for the whole scope
// and per street and per department. Pure: the server feeds it rows, the tests feed it cases.
import { getDeadline, isOpenStatus, type IssueStatus, type Stage } from './issue-lifecycle.js'
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
  /** Issues resolved in the period that were sent back by the on-site check, in %. */
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

const RESOLVED_OR_LATER: readonly IssueStatus[] = ['resolved', 'verified', 'replied', 'rated', 'closed']
const COLOURS = TRIAGE_COLOURS

/**
 * The figures of the period [from, to) at `now`, with the stage limits (minutes per colour and stage).
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
  const eventsOf = new Map<string, FigureEvent[]>()
  for (const e of input.events) {
    const list = eventsOf.get(e.issueId) ?? []
    list.push(e)
    eventsOf.set(e.issueId, list)
  }
  for (const list of eventsOf.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())

  const figuresOf = (issues: FigureIssue[]) => summarise(issues, eventsOf, input)
  const group = <K extends string>(key: (i: FigureIssue) => string | null, name: K) => {
    const groups = new Map<string, FigureIssue[]>()
    for (const i of input.issues) {
      const k = key(i)
      if (k === null) continue
      groups.set(k, [...(groups.get(k) ?? []), i])
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => ({ [name]: k, ...figuresOf(list) }) as IssueFigures & Record<K, string>)
  }
  const outside = input.issues.filter((i) => i.streetCode === null)
  return {
    total: figuresOf(input.issues),
    byStreet: group((i) => i.streetCode, 'street'),
    outOfArea: outside.length ? figuresOf(outside) : null,
    byDepartment: group((i) => i.department, 'department'),
  }
}

function summarise(
  issues: FigureIssue[],
  eventsOf: Map<string, FigureEvent[]>,
  { from, to, now, limits }: { from: Date; to: Date; now: Date; limits: Record<TriageColour, Record<Stage, number>> },
): IssueFigures {
  const inPeriod = (d: Date) => d >= from && d < to
  const openByColour = Object.fromEntries(COLOURS.map((c) => [c, 0])) as Record<TriageColour, number>
  let open = 0
  let overdue = 0
  let reported = 0
  let closed = 0
  const acceptMinutes: number[] = []
  const resolveMinutes: number[] = []
  let stageEnds = 0
  let onTime = 0
  let resolvedInPeriod = 0
  let reworked = 0
  const ratings: number[] = []

  for (const issue of issues) {
    if (isOpenStatus(issue.status)) {
      open++
      openByColour[issue.colour]++
      if (issue.dueAt && issue.dueAt < now) overdue++
    }
    const events = eventsOf.get(issue.id) ?? []
    if (inPeriod(issue.reportedAt)) {
      reported++
      if (RESOLVED_OR_LATER.includes(issue.status)) closed++
      const accepted = events.find((e) => e.type === 'accept')
      if (accepted) acceptMinutes.push((accepted.at.getTime() - issue.reportedAt.getTime()) / 60_000)
      const resolved = events.find((e) => e.type === 'resolve')
      if (resolved) resolveMinutes.push((resolved.at.getTime() - issue.reportedAt.getTime()) / 60_000)
    }
    let resolvedHere = false
    let reworkedHere = false
    for (let k = 1; k < events.length; k++) {
      const e = events[k]
      if (!inPeriod(e.at)) continue
      // The stage this event ended began with the event before it.
      const due = e.fromStatus ? getDeadline({ status: e.fromStatus, colour: issue.colour, stageStartedAt: events[k - 1].at }, limits) : undefined
      if (due) {
        stageEnds++
        if (e.at <= due) onTime++
      }
      if (e.type === 'resolve') resolvedHere = true
      if (e.type === 'rework') reworkedHere = true
      if (e.type === 'rate' && typeof e.rating === 'number') ratings.push(e.rating)
    }
    if (resolvedHere) {
      resolvedInPeriod++
      if (reworkedHere) reworked++
    }
  }
  const pct = (n: number, d: number) => (d > 0 ? (100 * n) / d : null)
  return {
    reported,
    open,
    overdue,
    openByColour,
    medianAcceptMinutes: median(acceptMinutes),
    medianResolveMinutes: median(resolveMinutes),
    closureRatePct: pct(closed, reported),
    onTimeRatePct: pct(onTime, stageEnds),
    reworkRatePct: pct(reworked, resolvedInPeriod),
    meanRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    satisfactionPct: pct(ratings.filter((r) => r >= 4).length, ratings.length),
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
