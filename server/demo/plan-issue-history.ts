// The demo's past: `days` of reports ending at `end`, each with its whole life so far (accepted,
// dispatched or sent up, resolved, checked or sent back, replied, rated, closed; some rejected,
// some overdue, some still open), as the issues and the event log would hold them. Pure and
// deterministic: the same seed, places and end give the same issues, events and seqs.
//
// Volume: `perDay` reports a day (default 100 for Bijiang's 350,000 residents, 0.3 per 1,000 a day:
// an assumed order of magnitude for a district's grid patrols plus 12345 work orders, not a measured
// figure), fewer at weekends (×0.75) and at night (HOURLY_WEIGHTS), plus the hotspots' own reports.
// Each stage takes a log-normal share of its colour's time limit (median 0.3, so about 4 % run
// over), and about 4 % of stages stall at 1.5–4× the limit: the overdue work a centre chases.
import { createHash } from 'node:crypto'
import { getStartOfDay } from '../../core/domain/city-time.js'
import { getDeadline, getNextStatus, getStageOfStatus, type Stage } from '../../core/domain/issue-lifecycle.js'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { getTriageColour, type TriageColour } from '../../core/domain/triage.js'
import type { IssueEventRecord, IssueSummary } from '../../core/wire/issues.js'
import { Rng } from '../../core/random.js'
import { formatIssueCode } from '../issues/report-issue.js'
import { CHECK_PHOTO_SHA256, chooseNextStep, composeDemoReport, hotspotRate, HOURLY_WEIGHTS, type DemoReport, type DemoWorld } from './demo-world.js'

export interface HistoryOptions {
  days: number
  /** The history ends here (now, at a first start). */
  end: Date
  perDay?: number
  seed: number
  timeZone: string
  limits: Record<TriageColour, Record<Stage, number>>
}

/** An issue as the history leaves it, with what is stored but never sent. */
export interface PlannedIssue {
  issue: IssueSummary
  number: number
  requestHash: string
  callerName: string | null
  callerPhone: string | null
}

/** One event with the issue as it stood after it and the rooms it went to. */
export interface PlannedEvent {
  event: IssueEventRecord
  issue: IssueSummary
  rooms: string[]
}

export interface PlannedHistory {
  issues: PlannedIssue[]
  /** In seq order, seq 1, 2, 3 …: the order of their times. */
  events: PlannedEvent[]
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** Median share of the stage's limit a stage takes. */
const STAGE_MEDIAN = 0.3
const STAGE_SIGMA = 0.7
const STALL_SHARE = 0.04

/** Plans the history; the caller writes it (seed-issue-history.ts). */
export function planIssueHistory(world: DemoWorld, options: HistoryOptions): PlannedHistory {
  const rng = new Rng(options.seed).fork(options.seed, 'history')
  const perDay = options.perDay ?? 100
  const end = options.end.getTime()
  const todayStart = getStartOfDay(options.end, options.timeZone).getTime()

  // Every report's time and what it is, in time order.
  const reports: { at: number; report: DemoReport }[] = []
  for (let d = options.days - 1; d >= 0; d--) {
    const dayStart = todayStart - d * DAY
    const t = options.days <= 1 ? 1 : 1 - d / (options.days - 1)
    const weekday = new Date(dayStart + 12 * 3600_000).getUTCDay()
    const weekend = weekday === 0 || weekday === 6 ? 0.75 : 1
    const count = poisson(rng, perDay * weekend * rng.range(0.85, 1.15))
    const draws: { at: number; report: DemoReport }[] = []
    for (let k = 0; k < count; k++) draws.push({ at: dayStart + drawTimeOfDay(rng), report: composeDemoReport(world, rng) })
    for (const h of world.hotspots) {
      const n = poisson(rng, hotspotRate(h, t))
      for (let k = 0; k < n; k++) draws.push({ at: dayStart + drawTimeOfDay(rng), report: composeDemoReport(world, rng, h) })
    }
    for (const r of draws) if (r.at < end) reports.push(r)
  }
  reports.sort((a, b) => a.at - b.at)

  // Each issue's life, step by step, until a step would fall after `end`.
  const lives: { issue: IssueSummary; steps: { at: number; record: Omit<IssueEventRecord, 'seq'>; after: Omit<IssueSummary, 'seq'>; rooms: string[] }[]; number: number; requestHash: string; callerName: string | null; callerPhone: string | null }[] = []
  reports.forEach(({ at, report }, index) => {
    const number = index + 1
    const id = drawUuid(rng)
    const sub = report.subcategory
    const colour = getTriageColour(sub.importance, sub.urgency)
    const iso = new Date(at).toISOString()
    let current: Omit<IssueSummary, 'seq'> = {
      id,
      code: formatIssueCode(new Date(at), String(number), options.timeZone),
      status: 'reported',
      colour,
      category: sub.code,
      importance: sub.importance,
      urgency: sub.urgency,
      description: report.description,
      address: null,
      source: report.hotline ? 'hotline' : 'field',
      areaCode: report.place?.gridCode ?? null,
      gridCode: report.place?.gridCode ?? null,
      communityCode: report.place?.communityCode ?? null,
      streetCode: report.place?.streetCode ?? null,
      districtCode: report.place?.districtCode ?? null,
      outOfArea: !report.place,
      lon: report.lon,
      lat: report.lat,
      raw: { lon: report.lon, lat: report.lat, crs: 'wgs84' },
      reporter: report.reporter,
      assignee: null,
      department: null,
      rating: null,
      possibleDuplicateOf: null,
      duplicateOf: null,
      photoCount: 0,
      reportedAt: iso,
      updatedAt: iso,
      stageStartedAt: iso,
      dueAt: getDeadline({ status: 'reported', colour, stageStartedAt: new Date(at) }, options.limits)?.toISOString() ?? null,
    }
    const steps: (typeof lives)[number]['steps'] = [
      {
        at,
        record: { issueId: id, type: 'report', fromStatus: null, toStatus: 'reported', actor: report.reporter, actorRole: report.hotline ? 'operator' : report.reporter === world.staff.operator ? 'operator' : 'grid_worker', note: null, data: {}, at: iso },
        after: current,
        rooms: getIssueRooms(current),
      },
    ]
    let time = at
    let resolver: string | null = null
    for (;;) {
      const step = chooseNextStep(world, rng, { status: current.status, category: current.category, source: current.source, reporter: current.reporter, assignee: current.assignee, gridCode: current.gridCode, resolver, reporterIsGridWorker: !report.hotline && report.reporter !== world.staff.operator })
      if (!step) break
      time += drawStageMinutes(rng, current.status, colour, options.limits) * MINUTE
      if (time >= end) break
      const to = getNextStatus(current.status, step.action)!
      const stepIso = new Date(time).toISOString()
      const after: Omit<IssueSummary, 'seq'> = {
        ...current,
        status: to,
        assignee: step.action === 'dispatch' ? step.assignee! : current.assignee,
        department: step.department ?? current.department,
        rating: step.rating ?? current.rating,
        updatedAt: stepIso,
        stageStartedAt: stepIso,
        dueAt: getDeadline({ status: to, colour, stageStartedAt: new Date(time) }, options.limits)?.toISOString() ?? null,
      }
      const data: Record<string, unknown> = {}
      // The on-site check carries its photo, as the intake requires (the demo's one small PNG, stored once).
      if (step.action === 'verify') {
        data.photos = [CHECK_PHOTO_SHA256]
        after.photoCount = 1
      }
      if (step.assignee) data.assignee = step.assignee
      if (step.department) data.department = step.department
      if (step.rating) data.rating = step.rating
      steps.push({
        at: time,
        record: { issueId: id, type: step.action, fromStatus: current.status, toStatus: to, actor: step.actor, actorRole: step.actorRole, note: step.note ?? null, data, at: stepIso },
        after,
        rooms: [...new Set([...getIssueRooms(current), ...getIssueRooms(after)])],
      })
      if (step.action === 'resolve') resolver = step.actor
      current = after
    }
    const requestHash = createHash('sha256').update(JSON.stringify([id, sub.code, report.description, report.lon, report.lat])).digest('hex')
    lives.push({ issue: { ...current, seq: 0 }, steps, number, requestHash, callerName: report.callerName, callerPhone: report.callerPhone })
  })

  // The log in time order; an issue's own steps are already in order and never share a time with each other.
  const all = lives.flatMap((life, li) => life.steps.map((s, si) => ({ s, li, si })))
  all.sort((a, b) => a.s.at - b.s.at || a.li - b.li || a.si - b.si)
  const events: PlannedEvent[] = all.map(({ s }, i) => {
    const seq = i + 1
    return { event: { seq, ...s.record }, issue: { ...s.after, seq }, rooms: s.rooms }
  })
  const lastOf = new Map<string, IssueSummary>()
  for (const e of events) lastOf.set(e.event.issueId, e.issue)
  return {
    issues: lives.map((life) => ({ issue: lastOf.get(life.issue.id)!, number: life.number, requestHash: life.requestHash, callerName: life.callerName, callerPhone: life.callerPhone })),
    events,
  }
}

/** Minutes a status lasts before its next step: a share of its stage's limit, or, past the stages, up to two days. */
function drawStageMinutes(rng: Rng, status: IssueSummary['status'], colour: TriageColour, limits: Record<TriageColour, Record<Stage, number>>): number {
  const stage = getStageOfStatus(status)
  if (!stage) return status === 'replied' ? rng.range(60, 2880) : rng.range(10, 600)
  const limit = limits[colour][stage]
  const share = rng.float() < STALL_SHARE ? rng.range(1.5, 4) : STAGE_MEDIAN * Math.exp(STAGE_SIGMA * rng.normal())
  return Math.max(1, limit * share)
}

/** A time of day in ms after midnight, drawn by HOURLY_WEIGHTS. */
function drawTimeOfDay(rng: Rng): number {
  const hour = rng.weightedIndex(HOURLY_WEIGHTS)
  return (hour * 60 + rng.range(0, 60)) * MINUTE
}

/** Poisson draws (Knuth's method below 30, a rounded normal above). */
function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()))
  const limit = Math.exp(-lambda)
  let k = 0
  let p = rng.float()
  while (p > limit) {
    k++
    p *= rng.float()
  }
  return k
}

/** A version-4 UUID from the seeded stream. */
export function drawUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16))
  hex[12] = '4'
  hex[16] = ((rng.int(0, 3) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
