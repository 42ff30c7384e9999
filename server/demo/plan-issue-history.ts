// The demo's past: `days` of reports ending at `end`, each with its whole life so far (accepted,
// dispatched or sent up, resolved, checked or sent back, replied, rated, closed; some rejected,
// some overdue, some still open), as the issues and the event log would hold them. Pure and
// deterministic: the same seed, places and end give the same issues, events and seqs.
//
// Volume: `perDay` reports a day (default 100 for Bijiang's 350,000 residents, 0.3 per 1,000 a day:
// an assumed order of magnitude for a district's grid patrols plus 12345 work orders, not a measured
// figure), fewer at weekends (×0.75) and at night (HOURLY_WEIGHTS), plus the hotspots' own reports,
// and the season's (SEASONAL_REPORTS). Each stage takes a log-normal share of its colour's time
// limit (median 0.3, so about 4 % run over), and about 4 % of stages stall at 1.5–4× the limit: the
// overdue work a centre chases. A history longer than a season also has passing hotspots: one a
// fortnight appears somewhere, swells for two to eight weeks and dies away.
//
// A stream (streamIssueHistory), so a city's year (two million issues, ten million events) is
// written without being held: a day's reports are drawn and their lives planned whole, each step
// filed under its day; then the day's steps are sorted and numbered — no later report can have a
// step before the next day begins. An issue is given out once its last step is numbered.
import { createHash } from 'node:crypto'
import { getStartOfDay } from '../../core/domain/city-time.js'
import { getDeadline, getNextStatus, getStageOfStatus, type Stage } from '../../core/domain/issue-lifecycle.js'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { getTriageColour, type TriageColour } from '../../core/domain/triage.js'
import type { IssueEventRecord, IssueSummary } from '../../core/wire/issues.js'
import { Rng } from '../../core/random.js'
import { formatIssueCode } from '../issues/report-issue.js'
import { CHECK_PHOTO_SHA256, chooseNextStep, composeDemoReport, drawnSubcategories, drawPlaceIndex, hotspotRate, HOURLY_WEIGHTS, type DemoHotspot, type DemoReport, type DemoWorld } from './demo-world.js'
import { ISSUE_CATEGORIES } from '../../core/domain/issue-taxonomy.js'

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

/** What the stream gives out: each event in seq order, and each issue once its last event is out (with its events). */
export type HistoryItem = { kind: 'event'; event: StreamedEvent } | { kind: 'issue'; issue: PlannedIssue; events: StreamedEvent[] }

/** What changes along an issue's life; the rest of its summary is as reported. */
type IssuePatch = Pick<IssueSummary, 'status' | 'assignee' | 'department' | 'rating' | 'updatedAt' | 'stageStartedAt' | 'dueAt' | 'photoCount'>

/** An event of the stream: the issue after it is built only when asked for (a year has ten million events, and keeps few snapshots). */
export class StreamedEvent {
  constructor(
    readonly event: IssueEventRecord,
    readonly rooms: string[],
    private readonly base: Omit<IssueSummary, 'seq'>,
    private readonly patch: IssuePatch,
    /** `event.at` in ms, as Date.parse would read it (a writer need not parse ten million ISO strings back). */
    readonly atMs: number,
  ) {}

  /** The issue's department after this event. */
  get department(): string | null {
    return this.patch.department
  }

  /** When the issue was reported (the month its log is kept in). */
  get reportedAt(): string {
    return this.base.reportedAt
  }

  /** The issue as it stood after this event. */
  issue(): IssueSummary {
    return { ...this.base, ...this.patch, seq: this.event.seq }
  }
}

/** Plans the whole history in memory (the demo's days); a city's year goes through streamIssueHistory. */
export function planIssueHistory(world: DemoWorld, options: HistoryOptions): PlannedHistory {
  const issues: PlannedIssue[] = []
  const events: PlannedEvent[] = []
  for (const item of streamIssueHistory(world, options)) {
    if (item.kind === 'event') events.push({ event: item.event.event, issue: item.event.issue(), rooms: item.event.rooms })
    else issues.push(item.issue)
  }
  issues.sort((a, b) => a.number - b.number)
  return { issues, events }
}

interface Step {
  at: number
  record: Omit<IssueEventRecord, 'seq'>
  after: IssuePatch
  rooms: string[]
}

interface Life {
  number: number
  /** The issue as reported. */
  base: Omit<IssueSummary, 'seq'>
  steps: Step[]
  /** Steps not numbered yet. */
  left: number
  events: StreamedEvent[]
  requestHash: string
  callerName: string | null
  callerPhone: string | null
}

/** The history as a stream: events in seq order (1, 2, 3 …, the order of their times), each issue after its last event. */
export function* streamIssueHistory(world: DemoWorld, options: HistoryOptions): Generator<HistoryItem> {
  const rng = new Rng(options.seed).fork(options.seed, 'history')
  const perDay = options.perDay ?? 100
  const end = options.end.getTime()
  const todayStart = getStartOfDay(options.end, options.timeZone).getTime()
  const firstDay = todayStart - (options.days - 1) * DAY
  // Hotspots as intense against their neighbourhood as the demo's are in Bijiang (100 a day over
  // 20,000 buildings), whatever the volume and the number of buildings.
  const intensity = Math.max(1, perDay / 100) * Math.min(1, 20_000 / world.places.length)
  const passing = planPassingHotspots(world, rng, options.days)
  const monthOf = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, month: 'numeric' })
  // Steps waiting to be numbered, by the day (index from the first) they fall on.
  const waiting = new Map<number, { step: Step; life: Life; index: number }[]>()
  let reportNumber = 0
  let seq = 0

  for (let d = 0; d < options.days; d++) {
    const dayStart = firstDay + d * DAY
    const t = options.days <= 1 ? 1 : d / (options.days - 1)
    const weekday = new Date(dayStart + 12 * 3600_000).getUTCDay()
    const weekend = weekday === 0 || weekday === 6 ? 0.75 : 1
    const month = Number(monthOf.format(new Date(dayStart + 12 * 3600_000)))
    const count = poisson(rng, perDay * weekend * rng.range(0.85, 1.15))
    const draws: { at: number; report: DemoReport }[] = []
    for (let k = 0; k < count; k++) draws.push({ at: dayStart + drawTimeOfDay(rng), report: composeDemoReport(world, rng, undefined, month) })
    for (const h of world.hotspots) {
      const n = poisson(rng, hotspotRate(h, t) * intensity)
      for (let k = 0; k < n; k++) draws.push({ at: dayStart + drawTimeOfDay(rng), report: composeDemoReport(world, rng, h) })
    }
    for (const p of passing) {
      const n = poisson(rng, p.peakPerDay * intensity * passingRate(p, d))
      for (let k = 0; k < n; k++) draws.push({ at: dayStart + drawTimeOfDay(rng), report: composeDemoReport(world, rng, p.hotspot) })
    }
    draws.sort((a, b) => a.at - b.at)
    for (const { at, report } of draws) {
      if (at >= end) continue
      const life = planLife(world, rng, options, ++reportNumber, at, report, end)
      life.steps.forEach((step, index) => {
        const day = Math.floor((step.at - firstDay) / DAY)
        let list = waiting.get(day)
        if (!list) waiting.set(day, (list = []))
        list.push({ step, life, index })
      })
    }
    // Every step of this day is known now: number them in time order (an issue's own steps never share a time).
    const today = waiting.get(d) ?? []
    waiting.delete(d)
    today.sort((a, b) => a.step.at - b.step.at || a.life.number - b.life.number || a.index - b.index)
    for (const { step, life } of today) {
      seq++
      // Each step's record and snapshot are its own objects: numbered in place, not copied.
      const record = step.record as IssueEventRecord
      record.seq = seq
      const event = new StreamedEvent(record, step.rooms, life.base, step.after, Math.floor(step.at))
      yield { kind: 'event', event }
      life.events.push(event)
      if (--life.left === 0) {
        yield {
          kind: 'issue',
          issue: { issue: event.issue(), number: life.number, requestHash: life.requestHash, callerName: life.callerName, callerPhone: life.callerPhone },
          events: life.events,
        }
      }
    }
  }
}

/** One issue's life, step by step, until a step would fall after `end`. */
function planLife(world: DemoWorld, rng: Rng, options: HistoryOptions, number: number, at: number, report: DemoReport, end: number): Life {
  const id = drawUuid(rng)
  const sub = report.subcategory
  const colour = getTriageColour(sub.importance, sub.urgency)
  const iso = new Date(at).toISOString()
  const base: Omit<IssueSummary, 'seq'> = {
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
  let current: IssuePatch = { status: 'reported', assignee: null, department: null, rating: null, updatedAt: iso, stageStartedAt: iso, dueAt: base.dueAt, photoCount: 0 }
  let rooms = getIssueRooms(base)
  const steps: Step[] = [
    {
      at,
      record: { issueId: id, type: 'report', fromStatus: null, toStatus: 'reported', actor: report.reporter, actorRole: report.hotline ? 'operator' : report.reporter === world.staff.operator ? 'operator' : 'grid_worker', note: null, data: {}, at: iso },
      after: current,
      rooms,
    },
  ]
  let time = at
  let resolver: string | null = null
  for (;;) {
    const step = chooseNextStep(world, rng, { status: current.status, category: base.category, source: base.source, reporter: base.reporter, assignee: current.assignee, gridCode: base.gridCode, resolver, reporterIsGridWorker: !report.hotline && report.reporter !== world.staff.operator })
    if (!step) break
    time += drawStageMinutes(rng, current.status, colour, options.limits) * MINUTE
    if (time >= end) break
    const to = getNextStatus(current.status, step.action)!
    const stepIso = new Date(time).toISOString()
    const after: IssuePatch = {
      photoCount: current.photoCount,
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
    // The rooms change only with the assignee (a user's room): the same array otherwise.
    const afterRooms = after.assignee === current.assignee ? rooms : getIssueRooms({ ...base, ...after })
    steps.push({
      at: time,
      record: { issueId: id, type: step.action, fromStatus: current.status, toStatus: to, actor: step.actor, actorRole: step.actorRole, note: step.note ?? null, data, at: stepIso },
      after,
      rooms: afterRooms === rooms ? rooms : [...new Set([...rooms, ...afterRooms])],
    })
    rooms = afterRooms
    if (step.action === 'resolve') resolver = step.actor
    current = after
  }
  const requestHash = createHash('sha256').update(JSON.stringify([id, sub.code, report.description, report.lon, report.lat])).digest('hex')
  return { number, base, steps, left: steps.length, events: [], requestHash, callerName: report.callerName, callerPhone: report.callerPhone }
}

/** A hotspot that comes and goes within the history: its day of peak and how many days it lasts. */
interface PassingHotspot {
  hotspot: DemoHotspot
  peakPerDay: number
  peakDay: number
  halfWidthDays: number
}

/** One passing hotspot a fortnight, in a history longer than 90 days (a shorter one has the world's five only). */
function planPassingHotspots(world: DemoWorld, rng: Rng, days: number): PassingHotspot[] {
  if (days <= 90) return []
  const prng = rng.fork(days, 'passing hotspots')
  return Array.from({ length: Math.floor(days / 14) }, () => {
    const base = prng.pick(world.hotspots)
    const centre = world.places[drawPlaceIndex(world, prng)]
    const places = world.places.flatMap((p, i) => (Math.abs(p.lon - centre.lon) < 0.003 && Math.abs(p.lat - centre.lat) < 0.0027 ? [i] : []))
    return {
      hotspot: { ...base, profile: 'steady' as const, subcategory: prng.pick(drawnSubcategories(ISSUE_CATEGORIES[prng.int(0, ISSUE_CATEGORIES.length - 1)])), places },
      peakPerDay: prng.range(3, 8),
      peakDay: prng.int(0, days - 1),
      halfWidthDays: prng.range(7, 28),
    }
  })
}

/** A passing hotspot's share of its peak on day d: a bell that rises and dies away. */
function passingRate(p: PassingHotspot, d: number): number {
  const x = (d - p.peakDay) / p.halfWidthDays
  return Math.abs(x) >= 1 ? 0 : Math.cos((x * Math.PI) / 2) ** 2
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

const HEX = '0123456789abcdef'

/** A version-4 UUID from the seeded stream (32 hex digits drawn, then the version and variant set). */
export function drawUuid(rng: Rng): string {
  let s = ''
  for (let i = 0; i < 32; i++) {
    const digit = rng.int(0, 15)
    if (i === 8 || i === 12 || i === 16 || i === 20) s += '-'
    s += HEX[i === 12 ? 4 : digit]
  }
  // The variant digit is drawn after the 32 (as it always was): 8, 9, a or b.
  const variant = HEX[(rng.int(0, 3) & 0x3) | 0x8]
  return s.slice(0, 19) + variant + s.slice(20)
}
