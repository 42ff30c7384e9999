// The evaluation figures of a period. For the whole city, a district or a street, they come from
// the rollups (figure-rollups.ts): the period's whole weeks from the week rows, its other whole days from the day rows, the whole hours of its
// edges (the part of a day before its first midnight and after its last) from the hour rows, plus,
// read raw, what lies within an hour of its ends and the events the rollups have not reached yet —
// so the answer is exact at any lag. A grid's whole days come from its own day rows (migration 0027),
// its edges raw. A community or a user's own issues are few: their
// figures are computed from their issues and events (computeIssueFigures). Both give the same
// numbers (tests/server/issue-figures.test.ts); the medians from the rollups are read from buckets,
// within 1 % (core/domain/minutes-histogram.ts).
import { addCityDays, getCityDay, getStartOfCityDay, DEFAULT_TIME_ZONE, getStartOfDay } from '../../core/domain/city-time.js'
import { FigureDayRows, splitIntoWeeks, type FigureDayRow } from '../../core/domain/figure-day-rows.js'
import { getZeroCounts, FIGURE_COUNT_KEYS, type FigureCounts, type FigureItem } from '../../core/domain/issue-contribution.js'
import { buildIssueFigures, computeIssueFigures, getZeroOpenFigures, type IssueFigures, type IssueFiguresReport, type OpenFigures } from '../../core/domain/issue-figures.js'
import { getDeadline, getStageOfStatus, ISSUE_STATUSES } from '../../core/domain/issue-lifecycle.js'
import { getSessionRoom } from '../../core/domain/issue-scope.js'
import { BucketTotals } from '../../core/domain/minutes-histogram.js'
import { TRIAGE_COLOURS } from '../../core/domain/triage.js'
import type { IssueFiguresResponse, SessionUser } from '../../core/wire/issues.js'
import { selectAreaLevel } from '../db/queries/areas.js'
import {
  selectFigureMinuteLists,
  selectFigureSums,
  selectIssueLogsChanged,
  selectIssueLogsInRanges,
  selectOpenFigureRows,
  selectRollupState,
  type FigureSlots,
  type RollupScope,
} from '../db/queries/figure-rollups.js'
import { selectHeadSeq } from '../db/queries/issue-events.js'
import { selectArchivedMonthsWithin } from '../db/queries/issue-months.js'
import { selectFigureRows } from '../db/queries/issues.js'
import { getLogDelta, getLogItems, getLogKey } from './figure-rollups.js'
import { IssueError } from './issue-errors.js'
import type { IssueContext } from './report-issue.js'

/** A period asked for, with its defaults (today from midnight in the city's time zone to now), checked; the figures' and the evaluation pack's. */
export function resolvePeriod(ctx: IssueContext, q: { from?: Date; to?: Date }): { now: Date; timeZone: string; from: Date; to: Date } {
  const now = ctx.clock?.() ?? new Date()
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE
  const from = q.from ?? getStartOfDay(now, timeZone)
  const to = q.to ?? now
  if (!(from < to)) throw new IssueError('invalid', 'from: must be before to', 'from')
  return { now, timeZone, from, to }
}

/** The evaluation figures of [from, to) (default: today from midnight in the city's time zone), optionally of one area. */
export async function getIssueFigures(ctx: IssueContext, session: SessionUser, q: { from?: Date; to?: Date; area?: string }): Promise<IssueFiguresResponse> {
  const { now, from, to } = resolvePeriod(ctx, q)
  const room = getSessionRoom(session)
  const scope = await getRollupScope(ctx, room, q.area)
  const period = { room, area: q.area, from, to, now }
  // Computed from issues: a month whose issues were archived would be missing from them.
  if (!scope) refuseArchived(await selectArchivedMonthsWithin(ctx.sql, from, to), "a community's or a person's figures of that time (a grid's, a street's, a district's and the city's are kept)")
  const report = scope ? await readFromRollups(ctx, scope, period) : await computeFromIssues(ctx, period)
  return { ...report, from: from.toISOString(), to: to.toISOString(), at: now.toISOString() }
}

/** Figures that would need the rows of archived months are refused (410), never answered short. */
function refuseArchived(months: string[], what: string): void {
  if (months.length) throw new IssueError('archived', `the issues of ${months.join(', ')} are archived: ${what} can no longer be answered`, 'from')
}

export interface Period {
  room: string
  area?: string
  from: Date
  to: Date
  now: Date
}

/**
 * The day rows a room and area read, or undefined when they are narrower than a street (or a
 * user's). The room and the area are one code, the narrower of the two, as area codes nest by prefix
 * (a street's code begins its communities' and grids'); an area outside the room shares nothing with
 * it, and is answered from the issues (none). Until stop 37 each code was taken by its level alone,
 * so a street leader asking another street, or a district's a district beside it, read that area's
 * rollups: its reports, closures, medians and hotspots.
 */
export async function getRollupScope(ctx: IssueContext, room: string, area: string | undefined): Promise<RollupScope | undefined> {
  if (room !== 'all' && !room.startsWith('area:')) return undefined
  const code = getNarrowerArea(room === 'all' ? undefined : room.slice('area:'.length), area)
  if (code === null) return undefined
  if (code === undefined) return {}
  const level = await selectAreaLevel(ctx.sql, code)
  if (level === 'district') return { districtCode: code }
  if (level === 'street') return { streetCode: code }
  if (level === 'grid') return { gridCode: code }
  return undefined
}

/** The narrower of two area codes (undefined: the whole city), or null when neither holds the other. */
export function getNarrowerArea(a: string | undefined, b: string | undefined): string | undefined | null {
  if (a === undefined || b === undefined) return a ?? b
  if (b.startsWith(a)) return b
  if (a.startsWith(b)) return a
  return null
}

/** From the issues and their events (a small scope, or the oracle the rollups are tested against). */
export async function computeFromIssues(ctx: IssueContext, p: Period): Promise<IssueFiguresReport> {
  // A grid's issues by its own column and `(grid_code, reported_at)` index, not a bitmap of the city's
  // month (35 → 17 ms on a year). Wider areas keep the four columns: their bitmap ANDed with the
  // month's beats walking the area's issues (a community 70 ms either way, a street 0.87 vs 1.5 s).
  const areaLevel = p.area && (await selectAreaLevel(ctx.sql, p.area)) === 'grid' ? 'grid' : undefined
  const rows = await selectFigureRows(ctx.sql, { room: p.room, from: p.from, to: p.to, area: p.area, areaLevel })
  return computeIssueFigures({
    issues: rows.issues.map((r) => ({
      id: r.id,
      status: r.status,
      colour: r.colour,
      reportedAt: r.reported_at,
      streetCode: r.street_code,
      department: r.department,
      dueAt: getDeadline({ status: r.status, colour: r.colour, stageStartedAt: r.stage_started_at }, ctx.limits) ?? null,
    })),
    events: rows.events.map((e) => ({ issueId: e.issue_id, type: e.type, fromStatus: e.from_status, toStatus: e.to_status, at: e.at, rating: e.rating })),
    from: p.from,
    to: p.to,
    now: p.now,
    limits: ctx.limits,
  })
}

export async function readFromRollups(ctx: IssueContext, scope: RollupScope, p: Period): Promise<IssueFiguresReport> {
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE
  return ctx.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const [state, head] = await Promise.all([selectRollupState(tx), selectHeadSeq(tx)])
    const rolledUp = state?.timeZone === timeZone ? Math.min(state.rolledUpSeq, head) : 0
    // Nothing is dated after the last event: a period that ends after it (one that ends now) takes
    // its last day whole from the day rows, and has no edge at its end.
    const [last] = head ? await tx<{ at: Date }[]>`SELECT at FROM issue_events WHERE seq = ${head}` : []
    // A grid's day rows are whole from gridsFrom on (migration 0027): a period that begins before is read raw, by the grid's issues.
    const useDays = rolledUp > 0 && (!scope.gridCode || p.from >= state!.gridsFrom)
    const { days, edges } = splitPeriod(p.from, p.to, timeZone, useDays, !last || p.to > last.at)
    const groups = new FigureGroups()
    const inScope = (r: { districtCode: string; streetCode: string; gridCode?: string }) =>
      (!scope.districtCode || r.districtCode === scope.districtCode) && (!scope.streetCode || r.streetCode === scope.streetCode) && (!scope.gridCode || r.gridCode === scope.gridCode)

    // The edges' whole hours from the hour rows (those from hoursFrom on), and what lies within an hour of their ends raw.
    const openEnd = !last || p.to > last.at
    // A grid has no hour rows: its edges are read raw, by its own issues.
    const split: EdgeSplit[] = useDays && !scope.gridCode ? edges.map((e) => splitEdge(e, state!.hoursFrom, openEnd && e.to.getTime() === p.to.getTime())) : edges.map((e) => ({ raw: [e], minus: [] }))
    const hours = split.flatMap((e) => (e.hours ? [e.hours] : []))
    const rawEdges = split.flatMap((e) => e.raw)
    const minusEdges = split.flatMap((e) => e.minus)
    const edgeRanges = [...rawEdges, ...minusEdges]
    // The whole days' whole weeks from the week rows, the days around them from the day rows.
    // A grid's from its day rows alone (it has no week rows).
    const whole = days && (scope.gridCode ? { weeks: undefined, days: [{ first: days.first, last: days.last }] } : splitIntoWeeks(days.first, days.last))
    const slots: FigureSlots[] = [
      ...(whole?.weeks ? [{ grain: 'week' as const, ...whole.weeks }] : []),
      ...(whole?.days ?? []).map((d) => ({ grain: 'day' as const, ...d })),
      ...hours.map((h) => ({ grain: 'hour' as const, ...h })),
    ]
    // The events the rollups have not reached, on the whole days and hours.
    const counted = [...(days ? [{ from: days.start, to: days.end }] : []), ...hours]

    // The statements that need nothing from each other are sent at once, in the order they are read
    // below (pipelined on the transaction's connection): the database runs the later ones while this
    // process sums the rows of the earlier ones. A city's 30 days on the server's year: p50 67 →
    // 59 ms (stop 40, 30 runs each; the embedded engine answers a pipeline at once: no change there). Each is awaited below; one that fails fails the read (the rest are caught
    // meanwhile, not left as unhandled rejections). The open issues' count, the longest of them, is sent
    // once the first answer is in: every statement here is on the wire by then, so it runs last, while
    // this process sums the rest (it runs under a generic plan, between two SETs sent with it).
    const sent = <T>(promise: Promise<T>) => (promise.catch(() => undefined), promise)
    const slotReads = slots.map((range) => ({ sums: sent(selectFigureSums(tx, scope, range)), minutes: sent(selectFigureMinuteLists(tx, scope, range)) }))
    const pendingRead = slots.length ? sent(selectIssueLogsChanged(tx, rolledUp, head)) : undefined
    const archivedReads = edgeRanges.map((e) => sent(selectArchivedMonthsWithin(tx, e.from, e.to)))
    const edgeRead = scope.gridCode ? undefined : sent(selectIssueLogsInRanges(tx, scope, edgeRanges, head))
    let openRead: ReturnType<typeof selectOpenFigureRows> | undefined
    const readOpen = () => (openRead ??= sent(selectOpenFigureRows(tx, scope, getLimitRows(ctx.limits), p.now)))

    for (const read of slotReads) {
      const sums = await read.sums
      readOpen()
      for (const r of sums) {
        groups.addCounts(r.street_code, r.department, {
          reported: r.reported, closed: r.closed, stageEnds: r.stage_ends, onTime: r.on_time, checks: r.checks,
          reworks: r.reworks, ratings: r.ratings, ratingSum: r.rating_sum, satisfied: r.satisfied,
        })
      }
      for (const r of await read.minutes) groups.addMinutes(r.street_code, r.department, r.kind, r.buckets)
    }
    if (pendingRead) {
      const inSlots = (x: FigureItem) => counted.some((c) => x.at >= c.from && x.at < c.to)
      const pending = getLogDelta(await pendingRead, rolledUp, head, { timeZone, limits: ctx.limits, keep: inSlots, byGrid: !!scope.gridCode })
      for (const row of pending.list()) if (inScope(row)) groups.addRow(row)
    }
    // The rest of the edges, raw: every item of the issues that have one in them, as they stand now.
    // Raw rows of an archived month are gone: such an edge is refused, not counted short.
    for (const read of archivedReads) refuseArchived(await read, 'a period that starts or ends within them (whole days are kept in the rollups)')
    const within = (ranges: { from: Date; to: Date }[]) => (x: FigureItem) => ranges.some((e) => x.at >= e.from && x.at < e.to)
    const [inEdges, inMinus] = [within(rawEdges), within(minusEdges)]
    const edgeRows = new FigureDayRows(timeZone)
    for (const log of await (edgeRead ?? selectIssueLogsInRanges(tx, scope, edgeRanges, head))) {
      const [key, items] = [getLogKey(log, head), getLogItems(log, head, ctx.limits)]
      edgeRows.add(key, items, 1, inEdges)
      edgeRows.add(key, items, -1, inMinus)
    }
    for (const row of edgeRows.list()) groups.addRow(row)

    for (const r of await readOpen()) groups.addOpen(r.street_code ?? '', r.department ?? '', r.colour, r.open, r.overdue)
    return groups.report()
  })
}

/**
 * The period's whole days (first and last, inclusive, and the instants they span) and the edges
 * outside them; `openEnd`: nothing is dated after `to`, so the day `to` falls in counts as whole.
 */
export function splitPeriod(from: Date, to: Date, timeZone: string, useDays = true, openEnd = false) {
  let first = getCityDay(from, timeZone)
  if (getStartOfCityDay(first, timeZone) < from) first = addCityDays(first, 1)
  // Days before this one end by `to`.
  const end = openEnd && getStartOfCityDay(getCityDay(to, timeZone), timeZone) < to ? addCityDays(getCityDay(to, timeZone), 1) : getCityDay(to, timeZone)
  if (!useDays || first >= end) return { days: undefined, edges: [{ from, to }] }
  const days = { first, last: addCityDays(end, -1), start: getStartOfCityDay(first, timeZone), end: getStartOfCityDay(end, timeZone) }
  const edges = [
    { from, to: days.start },
    { from: days.end, to },
  ].filter((e) => e.from < e.to)
  return { days, edges }
}

const HOUR_MS = 3_600_000

/** Instants of an edge read raw: added (`raw`) or taken off an hour row that reaches past the edge (`minus`). */
export interface EdgeSplit {
  hours?: { from: Date; to: Date }
  raw: { from: Date; to: Date }[]
  minus: { from: Date; to: Date }[]
}

/**
 * An edge [from, to) as the whole hours that the hour rows hold (from `hoursFrom` on) and the raw parts
 * around them; `openEnd`: nothing is dated after `to`, so the hour `to` falls in counts as whole. An end
 * more than half an hour from the whole hour inside the edge takes the hour row it falls in and the
 * raw part outside the edge off it instead, so no end reads more than half an hour raw: a city's
 * 30 days read 55 minutes raw at ten past the hour (p95 300 ms on the server's year) and 5 at five
 * to (125 ms).
 */
export function splitEdge(edge: { from: Date; to: Date }, hoursFrom: Date, openEnd = false): EdgeSplit {
  const floor = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS
  const ceil = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS
  const [fromMs, toMs] = [edge.from.getTime(), edge.to.getTime()]
  const minus: { from: Date; to: Date }[] = []
  let first = ceil(Math.max(fromMs, hoursFrom.getTime()))
  if (first - fromMs > HOUR_MS / 2 && floor(fromMs) >= hoursFrom.getTime()) first = floor(fromMs)
  let end = openEnd ? ceil(toMs) : floor(toMs)
  if (!openEnd && toMs - end > HOUR_MS / 2) end = ceil(toMs)
  if (first >= end) return { raw: [edge], minus: [] }
  if (first < fromMs) minus.push({ from: new Date(first), to: edge.from })
  if (end > toMs) minus.push({ from: edge.to, to: new Date(end) })
  const hours = { from: new Date(first), to: new Date(end) }
  const raw = [
    { from: edge.from, to: hours.from },
    { from: hours.to, to: edge.to },
  ].filter((e) => e.from < e.to)
  return { hours, raw, minus }
}

/** The stage limit of each colour and status, for the SQL that counts the overdue. */
function getLimitRows(limits: IssueContext['limits']) {
  return TRIAGE_COLOURS.flatMap((colour) =>
    ISSUE_STATUSES.flatMap((status) => {
      const stage = getStageOfStatus(status)
      return stage ? [{ colour, status, minutes: limits[colour][stage] }] : []
    }),
  )
}

/** The figures' groups — the whole scope, each street ('' = out of area) and each department — summed from any source. */
class FigureGroups {
  private groups = new Map<string, { counts: FigureCounts; accept: BucketTotals; resolve: BucketTotals; open: OpenFigures }>()

  addCounts(street: string, department: string, counts: FigureCounts) {
    for (const g of this.of(street, department)) for (const k of FIGURE_COUNT_KEYS) g.counts[k] += counts[k]
  }

  /** A row's durations (a stored list of buckets in its text form): for the whole scope, its street and its department. */
  addMinutes(street: string, department: string, kind: 'accept' | 'resolve', buckets: string) {
    for (const g of this.of(street, department)) g[kind].addStoredText(buckets)
  }

  addRow(row: FigureDayRow) {
    this.addCounts(row.streetCode, row.department, row.counts)
    for (const g of this.of(row.streetCode, row.department)) for (const kind of ['accept', 'resolve'] as const) for (const [b, n] of row.minutes[kind]) g[kind].add(b, n)
  }

  addOpen(street: string, department: string, colour: (typeof TRIAGE_COLOURS)[number], open: number, overdue: number) {
    for (const g of this.of(street, department)) {
      g.open.open += open
      g.open.overdue += overdue
      g.open.openByColour[colour] += open
    }
  }

  report(): IssueFiguresReport {
    const figures = (key: string): IssueFigures | undefined => {
      const g = this.groups.get(key)
      if (!g || !(FIGURE_COUNT_KEYS.some((k) => g.counts[k] !== 0) || !g.accept.isEmpty || !g.resolve.isEmpty || g.open.open)) return undefined
      return buildIssueFigures(g.counts, { accept: g.accept.median(), resolve: g.resolve.median() }, g.open)
    }
    const rows = <K extends string>(prefix: string, name: K) =>
      [...this.groups.keys()]
        .filter((k) => k.startsWith(prefix) && k !== 's:')
        .map((k) => k.slice(prefix.length))
        .sort((a, b) => a.localeCompare(b))
        .flatMap((k) => {
          const f = figures(prefix + k)
          return f ? [{ [name]: k, ...f } as IssueFigures & Record<K, string>] : []
        })
    return {
      total: figures('t') ?? buildIssueFigures(getZeroCounts(), { accept: null, resolve: null }, getZeroOpenFigures()),
      byStreet: rows('s:', 'street'),
      outOfArea: figures('s:') ?? null,
      byDepartment: rows('d:', 'department'),
    }
  }

  private of(street: string, department: string) {
    return [this.group('t'), this.group(`s:${street}`), ...(department ? [this.group(`d:${department}`)] : [])]
  }

  private group(key: string) {
    let g = this.groups.get(key)
    if (!g) this.groups.set(key, (g = { counts: getZeroCounts(), accept: new BucketTotals(), resolve: new BucketTotals(), open: getZeroOpenFigures() }))
    return g
  }
}

