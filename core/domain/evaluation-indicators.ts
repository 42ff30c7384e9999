// The evaluation pack of digital city management (数字化城市管理, GB/T 30428; the 城市运行管理服务平台
// standard CJJ/T 312) and of 12345 hotline work: the indicators cities publish each month per
// 区域 (street, community, grid), per 部门 and per 岗位 (each handler, each grid worker), with a
// combined score (综合指标值). Pure: the server feeds it the period's issues and their logs.
//
// Which issues count, and how (period [from, to), "now" the time of the answer):
// - 上报数 reported: issues reported in the period (the figures API's `reported`).
// - 立案数 filed: of those, the ones accepted (受理) by now; an issue rejected or merged at intake
//   (不予受理, 合并) is reported but never filed.
// - 结案数 closed: of those reported in the period, the ones resolved or further by now (the figures
//   API's closures); 结案率 = 结案数 ÷ 立案数.
// - 按期结案率: of the timed stages (受理, 派遣, 处置, 核查, 答复) that ended in the period, the share
//   that ended by their deadline (the figures API's on-time rate on the calendar clock).
// - 及时签收率: the same for the acceptance stage (受理) alone; 按时办结率: for the handling stage
//   (处置, from dispatch or escalation to resolution) alone.
// - 返工率: of the on-site checks (核查) in the period, those that sent the work back (the figures
//   API's). An issue sent back twice counts twice; a reopened issue's new handling stage is timed
//   again from the rework. An escalated issue (吹哨上报) keeps its handling stage's clock running
//   until it is resolved: escalation ends no stage.
// - 延期率 (超期): of the issues open now, the share past their current stage's deadline (the
//   figures API's overdue ÷ open).
// - 回访满意率: of the ratings given in the period, the share of 4 or 5 (the figures API's).
// - 综合指标值: the weighted mean of the rates that have a value (返工率 and 延期率 counted as
//   100 − rate), weights as settings.
// The clock (a setting): `calendar` times a stage in elapsed minutes, as the console does;
// `working` leaves out Saturdays and Sundays in the city's time zone (public holidays are not
// known here), so a Friday evening's report is not late on Monday morning.
import { getCityDay, getStartOfCityDay, addCityDays, DEFAULT_TIME_ZONE } from './city-time.js'
import { getIssueItems, type FigureItem } from './issue-contribution.js'
import { getStageOfStatus, isOpenStatus, type Role, type Stage } from './issue-lifecycle.js'
import type { FigureEvent, FigureIssue } from './issue-figures.js'
import type { TriageColour } from './triage.js'

export type EvaluationClock = 'calendar' | 'working'

/** The rates the combined score weighs. */
export const SCORED_RATES = ['closureRatePct', 'onTimeClosureRatePct', 'acceptOnTimeRatePct', 'resolveOnTimeRatePct', 'reworkRatePct', 'overdueRatePct', 'satisfactionPct'] as const
export type ScoredRate = (typeof SCORED_RATES)[number]
/** Rates where less is better: scored as 100 − rate. */
const LOWER_IS_BETTER: readonly ScoredRate[] = ['reworkRatePct', 'overdueRatePct']

export interface EvaluationSettings {
  clock: EvaluationClock
  weights: Record<ScoredRate, number>
}

/** The defaults: closure and on-time closure first, as the monthly tables weigh them. */
export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = {
  clock: 'calendar',
  weights: { closureRatePct: 25, onTimeClosureRatePct: 25, acceptOnTimeRatePct: 10, resolveOnTimeRatePct: 10, reworkRatePct: 10, overdueRatePct: 10, satisfactionPct: 10 },
}

export interface EvaluationIssue extends FigureIssue {
  communityCode: string | null
  gridCode: string | null
  reporter: string
  stageStartedAt: Date
}

export interface EvaluationEvent extends FigureEvent {
  actor: string
  actorRole: Role | string
}

/** The indicators of one group (an area, a department, or everything in scope). */
export interface AreaIndicators {
  reported: number
  filed: number
  closed: number
  closureRatePct: number | null
  onTimeClosureRatePct: number | null
  acceptOnTimeRatePct: number | null
  resolveOnTimeRatePct: number | null
  reworkRatePct: number | null
  open: number
  overdue: number
  overdueRatePct: number | null
  ratings: number
  satisfactionPct: number | null
  score: number | null
}

/** One person's work in the period (岗位). */
export interface PersonIndicators {
  username: string
  role: string
  /** Issues they reported in the period. */
  reported: number
  /** Resolutions (办结) they made in the period, and those within the handling stage's deadline. */
  resolved: number
  resolvedOnTime: number
  resolveOnTimeRatePct: number | null
  /** Of their resolutions, the on-site checks in the period that sent the work back. */
  reworked: number
  /** On-site checks (核查) they made in the period. */
  checks: number
}

export interface EvaluationReport {
  settings: EvaluationSettings
  total: AreaIndicators
  byStreet: (AreaIndicators & { code: string })[]
  byCommunity: (AreaIndicators & { code: string })[]
  byGrid: (AreaIndicators & { code: string })[]
  /** Reported outside every street: with the streets it adds up to the total; null when none. */
  outOfArea: AreaIndicators | null
  byDepartment: (AreaIndicators & { department: string })[]
  byPerson: PersonIndicators[]
}

/**
 * Minutes of [a, b) that count on the clock: all of them on the calendar clock; on the working one,
 * those falling Monday to Friday in the city's time zone.
 *
 * @example
 * // Friday 17:00 to Monday 09:00 in Beijing: 7 hours of Friday and 9 of Monday.
 * countClockMinutes(new Date('2026-12-04T17:00+08:00'), new Date('2026-12-07T09:00+08:00'), 'working') // 960
 */
export function countClockMinutes(a: Date, b: Date, clock: EvaluationClock, timeZone = DEFAULT_TIME_ZONE): number {
  if (b <= a) return 0
  if (clock === 'calendar') return (b.getTime() - a.getTime()) / 60_000
  let minutes = 0
  for (let day = getCityDay(a, timeZone); ; day = addCityDays(day, 1)) {
    const start = getStartOfCityDay(day, timeZone)
    if (start >= b) break
    const end = getStartOfCityDay(addCityDays(day, 1), timeZone)
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
    if (weekday !== 0 && weekday !== 6) minutes += (Math.min(end.getTime(), b.getTime()) - Math.max(start.getTime(), a.getTime())) / 60_000
  }
  return minutes
}

/** Whether a stage that ran from `startedAt` to `endedAt` ended within `limitMinutes` on the clock. */
function inTime(startedAt: Date, endedAt: Date, limitMinutes: number, clock: EvaluationClock, timeZone: string): boolean {
  return countClockMinutes(startedAt, endedAt, clock, timeZone) <= limitMinutes
}

class AreaTally {
  reported = 0
  filed = 0
  closed = 0
  stageEnds = 0
  onTime = 0
  acceptEnds = 0
  acceptOnTime = 0
  resolveEnds = 0
  resolveOnTime = 0
  checks = 0
  reworks = 0
  open = 0
  overdue = 0
  ratings = 0
  satisfied = 0
  issues = 0

  indicators(weights: EvaluationSettings['weights']): AreaIndicators {
    const pct = (n: number, d: number) => (d > 0 ? (100 * n) / d : null)
    const rates: Record<ScoredRate, number | null> = {
      closureRatePct: pct(this.closed, this.filed),
      onTimeClosureRatePct: pct(this.onTime, this.stageEnds),
      acceptOnTimeRatePct: pct(this.acceptOnTime, this.acceptEnds),
      resolveOnTimeRatePct: pct(this.resolveOnTime, this.resolveEnds),
      reworkRatePct: pct(this.reworks, this.checks),
      overdueRatePct: pct(this.overdue, this.open),
      satisfactionPct: pct(this.satisfied, this.ratings),
    }
    return {
      reported: this.reported,
      filed: this.filed,
      closed: this.closed,
      closureRatePct: rates.closureRatePct,
      onTimeClosureRatePct: rates.onTimeClosureRatePct,
      acceptOnTimeRatePct: rates.acceptOnTimeRatePct,
      resolveOnTimeRatePct: rates.resolveOnTimeRatePct,
      reworkRatePct: rates.reworkRatePct,
      open: this.open,
      overdue: this.overdue,
      overdueRatePct: rates.overdueRatePct,
      ratings: this.ratings,
      satisfactionPct: rates.satisfactionPct,
      score: scoreOf(rates, weights),
    }
  }
}

/** The combined score: the weighted mean of the rates that have a value (less-is-better rates as 100 − rate); null when none has. */
export function scoreOf(rates: Record<ScoredRate, number | null>, weights: EvaluationSettings['weights']): number | null {
  let [sum, weight] = [0, 0]
  for (const key of SCORED_RATES) {
    const v = rates[key]
    if (v === null || !(weights[key] > 0)) continue
    sum += weights[key] * (LOWER_IS_BETTER.includes(key) ? 100 - v : v)
    weight += weights[key]
  }
  return weight > 0 ? sum / weight : null
}

interface PersonTally {
  role: string
  reported: number
  resolved: number
  resolvedOnTime: number
  reworked: number
  checks: number
}

/**
 * The indicators of [from, to) at `now`, with the stage limits (minutes per colour and stage) and the settings.
 *
 * @example
 * computeEvaluation({ issues, events, from, to, now, limits, settings: DEFAULT_EVALUATION_SETTINGS }).total.closureRatePct // 87.5
 */
export function computeEvaluation(input: {
  issues: EvaluationIssue[]
  events: EvaluationEvent[]
  from: Date
  to: Date
  now: Date
  limits: Record<TriageColour, Record<Stage, number>>
  settings: EvaluationSettings
  timeZone?: string
}): EvaluationReport {
  const { from, to, now, limits, settings } = input
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE
  const eventsOf = new Map<string, EvaluationEvent[]>()
  for (const e of input.events) {
    const list = eventsOf.get(e.issueId)
    if (list) list.push(e)
    else eventsOf.set(e.issueId, [e])
  }
  for (const list of eventsOf.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())

  const total = new AreaTally()
  const outside = new AreaTally()
  const groups = { street: new Map<string, AreaTally>(), community: new Map<string, AreaTally>(), grid: new Map<string, AreaTally>(), department: new Map<string, AreaTally>() }
  const people = new Map<string, PersonTally>()
  const tallyOf = (m: Map<string, AreaTally>, k: string) => m.get(k) ?? m.set(k, new AreaTally()).get(k)!
  const personOf = (username: string, role: string) => people.get(username) ?? people.set(username, { role, reported: 0, resolved: 0, resolvedOnTime: 0, reworked: 0, checks: 0 }).get(username)!
  const inPeriod = (at: Date) => at >= from && at < to
  const inWorkingTime = (x: FigureItem, colour: TriageColour) => inTime(x.startedAt!, x.at, limits[colour][x.stage!], 'working', timeZone)

  for (const issue of input.issues) {
    const log = eventsOf.get(issue.id) ?? []
    const all = getIssueItems(issue, log, limits)
    const items = all.filter((x) => inPeriod(x.at))
    const open = isOpenStatus(issue.status)
    const reportedHere = inPeriod(issue.reportedAt)
    // The stage ends of the period, and on the working clock each timed again (a stage late on the calendar may be in time on working days).
    const stageEnds = items.filter((x) => x.key === 'stageEnds')
    const ends = { ends: stageEnds, inTime: settings.clock === 'calendar' ? items.filter((x) => x.key === 'onTime') : stageEnds.filter((x) => inWorkingTime(x, issue.colour)) }
    if (items.length === 0 && !open) continue
    const stageStarted = issue.stageStartedAt
    const stage = getStageOfStatus(issue.status)
    const overdue = open && stage !== undefined && countClockMinutes(stageStarted, now, settings.clock, timeZone) > limits[issue.colour][stage]
    const filed = reportedHere && log.some((e) => e.type === 'accept')
    const count = (t: AreaTally) => {
      t.issues++
      if (reportedHere) t.reported++
      if (filed) t.filed++
      for (const x of items) {
        if (x.key === 'closed') t.closed += x.value
        else if (x.key === 'checks') t.checks += x.value
        else if (x.key === 'reworks') t.reworks += x.value
        else if (x.key === 'ratings') t.ratings += x.value
        else if (x.key === 'satisfied') t.satisfied += x.value
      }
      t.stageEnds += ends.ends.length
      t.onTime += ends.inTime.length
      t.acceptEnds += ends.ends.filter((x) => x.stage === 'accept').length
      t.acceptOnTime += ends.inTime.filter((x) => x.stage === 'accept').length
      t.resolveEnds += ends.ends.filter((x) => x.stage === 'resolve').length
      t.resolveOnTime += ends.inTime.filter((x) => x.stage === 'resolve').length
      if (open) {
        t.open++
        if (overdue) t.overdue++
      }
    }
    count(total)
    if (issue.streetCode === null) count(outside)
    else count(tallyOf(groups.street, issue.streetCode))
    if (issue.communityCode) count(tallyOf(groups.community, issue.communityCode))
    if (issue.gridCode) count(tallyOf(groups.grid, issue.gridCode))
    if (issue.department !== null) count(tallyOf(groups.department, issue.department))

    // 岗位: who reported, resolved (in time?), checked — and whose resolution a check sent back.
    const reportEvent = log.find((e) => e.type === 'report')
    if (reportedHere) personOf(issue.reporter, String(reportEvent?.actorRole ?? '')).reported++
    let lastResolver: EvaluationEvent | undefined
    for (const e of log) {
      if (e.type === 'resolve') {
        lastResolver = e
        if (!inPeriod(e.at)) continue
        const p = personOf(e.actor, String(e.actorRole))
        p.resolved++
        // In time: the stage this resolution ended (handling, or dispatch when resolved at once) ended by its deadline.
        if (ends.inTime.some((x) => x.at.getTime() === e.at.getTime())) p.resolvedOnTime++
      } else if ((e.type === 'verify' || e.type === 'rework') && inPeriod(e.at)) {
        personOf(e.actor, String(e.actorRole)).checks++
        if (e.type === 'rework' && lastResolver) personOf(lastResolver.actor, String(lastResolver.actorRole)).reworked++
      }
    }
  }

  const rows = (m: Map<string, AreaTally>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, t]) => ({ code, ...t.indicators(settings.weights) }))
  return {
    settings,
    total: total.indicators(settings.weights),
    byStreet: rows(groups.street),
    byCommunity: rows(groups.community),
    byGrid: rows(groups.grid),
    outOfArea: outside.issues ? outside.indicators(settings.weights) : null,
    byDepartment: rows(groups.department).map(({ code, ...r }) => ({ department: code, ...r })),
    byPerson: [...people.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([username, p]) => ({ username, ...p, resolveOnTimeRatePct: p.resolved ? (100 * p.resolvedOnTime) / p.resolved : null })),
  }
}
