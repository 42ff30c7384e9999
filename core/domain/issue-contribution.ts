// What one issue adds to the evaluation figures, as dated items: "reported" at its report, a stage
// end (on time or late) at the event that ended it, a rating when given, the minutes to its first
// acceptance and resolution dated at its report. Every figure of a period is a sum (or, for the
// medians, a merge) of the items dated in it, so the same items serve three places:
// computeIssueFigures sums them in memory; the database keeps them summed per day, street and
// department (server/issues/figure-rollups.ts), applying to the day rows the difference between an
// issue's items before and after each event; and a period's edges and the events since the rollups'
// last run are the items of those issues read raw.
//
// An item belongs to the issue's street and its department as they stand: a department change moves
// every item of the issue, which the before/after difference does. Pure.
import { PASSAGE_EVENT } from './passage-closures.js'
import { getDeadline, getStageOfStatus, type IssueStatus, type Stage } from './issue-lifecycle.js'
import type { TriageColour } from './triage.js'

export const FIGURE_COUNT_KEYS = ['reported', 'closed', 'stageEnds', 'onTime', 'checks', 'reworks', 'ratings', 'ratingSum', 'satisfied'] as const
export type FigureCountKey = (typeof FIGURE_COUNT_KEYS)[number]
export type FigureCounts = Record<FigureCountKey, number>
export type FigureMinutesKey = 'acceptMinutes' | 'resolveMinutes'

export interface FigureItem {
  at: Date
  key: FigureCountKey | FigureMinutesKey
  value: number
  /** A stage end's (and its on-time item's) stage and when it began: what the evaluation pack times on its own clock (evaluation-indicators.ts). */
  stage?: Stage
  startedAt?: Date
}

/** The issue as the figures see it. */
export interface ContributingIssue {
  status: IssueStatus
  colour: TriageColour
  reportedAt: Date
  streetCode: string | null
  department: string | null
}

/** One event of the issue's log, in order. */
export interface ContributingEvent {
  type: string
  fromStatus: IssueStatus | null
  at: Date
  rating?: number | null
}

export const RESOLVED_OR_LATER: readonly IssueStatus[] = ['resolved', 'verified', 'replied', 'rated', 'closed']

/**
 * The issue's items, from its state and its events in log order.
 *
 * @example
 * getIssueItems(issue, events, limits) // [{ at: reportedAt, key: 'reported', value: 1 }, …]
 */
export function getIssueItems(issue: ContributingIssue, logged: readonly ContributingEvent[], limits: Record<TriageColour, Record<Stage, number>>): FigureItem[] {
  // A passage mark is no step of the lifecycle: the stage it falls in ends with the next step.
  const events = logged.filter((e) => e.type !== PASSAGE_EVENT)
  const items: FigureItem[] = [{ at: issue.reportedAt, key: 'reported', value: 1 }]
  if (RESOLVED_OR_LATER.includes(issue.status)) items.push({ at: issue.reportedAt, key: 'closed', value: 1 })
  const accepted = events.find((e) => e.type === 'accept')
  if (accepted) items.push({ at: issue.reportedAt, key: 'acceptMinutes', value: minutesBetween(issue.reportedAt, accepted.at) })
  const resolved = events.find((e) => e.type === 'resolve')
  if (resolved) items.push({ at: issue.reportedAt, key: 'resolveMinutes', value: minutesBetween(issue.reportedAt, resolved.at) })
  for (let k = 1; k < events.length; k++) {
    const e = events[k]
    // The stage this event ended began with the event before it.
    const startedAt = events[k - 1].at
    const due = e.fromStatus ? getDeadline({ status: e.fromStatus, colour: issue.colour, stageStartedAt: startedAt }, limits) : undefined
    if (due) {
      const stage = getStageOfStatus(e.fromStatus!)
      items.push({ at: e.at, key: 'stageEnds', value: 1, stage, startedAt })
      if (e.at <= due) items.push({ at: e.at, key: 'onTime', value: 1, stage, startedAt })
    }
    // The on-site check (核查) either passes the work or sends it back.
    if (e.type === 'verify' || e.type === 'rework') items.push({ at: e.at, key: 'checks', value: 1 })
    if (e.type === 'rework') items.push({ at: e.at, key: 'reworks', value: 1 })
    if (e.type === 'rate' && typeof e.rating === 'number') {
      items.push({ at: e.at, key: 'ratings', value: 1 }, { at: e.at, key: 'ratingSum', value: e.rating })
      if (e.rating >= 4) items.push({ at: e.at, key: 'satisfied', value: 1 })
    }
  }
  return items
}

/** Zero of every count. */
export function getZeroCounts(): FigureCounts {
  return Object.fromEntries(FIGURE_COUNT_KEYS.map((k) => [k, 0])) as FigureCounts
}

export function isMinutesKey(key: FigureItem['key']): key is FigureMinutesKey {
  return key === 'acceptMinutes' || key === 'resolveMinutes'
}

function minutesBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 60_000
}
