// Intake of a report: convert the coordinates and triage here; one read-only statement finds its
// lowest area with PostGIS (its ancestors walked up in memory: area-chains.ts), finds a possible
// duplicate and draws its number; then the
// issue, its event and its rooms are built once, here, and one statement writes the issue, the
// event and its photo links, taking the event's seq last so the lock that orders events is held
// only for that statement and the commit. The client's id makes a repeat harmless: the same body
// returns the same issue, another body with that id is a conflict.
import { createHash } from 'node:crypto'
import { toWgs84 } from '../../core/domain/coordinates.js'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { getIssueCells } from '../../core/domain/issue-cells.js'
import { canReport, getDeadline, type Role } from '../../core/domain/issue-lifecycle.js'
import { findSubcategory } from '../../core/domain/issue-taxonomy.js'
import { getTriageColour } from '../../core/domain/triage.js'
import { DEFAULT_TIME_ZONE } from '../../core/domain/city-time.js'
import type { IssueEventMessage, IssueEventRecord, IssueSummary, NewIssueRequest, SessionUser } from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { insertIssueWithEvent, selectIssue, selectPlacement, type IssueRow } from '../db/queries/issues.js'
import { deleteUnlinkedPhotos, upsertPhotos, type PhotoUpload } from '../db/queries/photos.js'
import { IssueError } from './issue-errors.js'
import { toIssueSummary, type TimeLimits } from './issue-summary.js'
import type { LiveSnapshot } from './live-snapshot.js'
import type { AreaChains } from './area-chains.js'
import type { EvaluationSettings } from '../../core/domain/evaluation-indicators.js'

/** Reports of the same sub-category this close and this recent are linked as possible duplicates. */
export const DUPLICATE_RADIUS_METERS = 50
export const DUPLICATE_WINDOW_HOURS = 24

export interface IssueContext {
  sql: Sql
  limits: TimeLimits
  /** Called after each commit that wrote an event (the realtime relay), with what it wrote. */
  onCommitted(message: IssueEventMessage, rooms: string[]): void
  /** Issue codes are E + the date in the city's time zone + a number. */
  timeZone?: string
  /** The evaluation pack's clock and weights (EVALUATION_CLOCK, EVALUATION_WEIGHTS); the defaults when unset. */
  evaluation?: EvaluationSettings
  /** The time of a write (tests may fix it). */
  clock?: () => Date
  /** The live snapshot held in memory (server/issues/live-snapshot.ts); without it, read from the table. */
  liveSnapshot?: LiveSnapshot
  /** The grid hierarchy a report's lowest area is walked up in (server/issues/area-chains.ts). */
  areaChains: AreaChains
}

/** Creates the issue, or returns the one this id already made. */
export async function reportIssue(
  ctx: IssueContext,
  session: SessionUser,
  input: NewIssueRequest,
  photos: PhotoUpload[],
  /** A request that came over Open311 (server/open311/), with what it carried beyond our fields. */
  open311?: { mediaUrl: string | null; callerEmail: string | null },
): Promise<{ issue: IssueSummary; created: boolean }> {
  const source = open311 ? 'open311' : (input.source ?? 'field')
  const permission = canReport(session.role, source)
  if (!permission.ok) throw new IssueError('forbidden', permission.reason, permission.field)
  const sub = findSubcategory(input.category)
  if (!sub) throw new IssueError('invalid', `category: unknown category ${input.category}`, 'category')
  const requestHash = hashRequest(input, photos)

  const crs = input.crs ?? 'wgs84'
  const [lon, lat] = toWgs84([input.lon, input.lat], crs)
  const importance = input.importance ?? sub.importance
  const urgency = input.urgency ?? sub.urgency
  const colour = getTriageColour(importance, urgency)
  const now = ctx.clock?.() ?? new Date()
  const at = now.toISOString()

  const placed = await selectPlacement(ctx.sql, {
    id: input.id,
    category: input.category,
    lon,
    lat,
    at,
    duplicateMeters: DUPLICATE_RADIUS_METERS,
    duplicateHours: DUPLICATE_WINDOW_HOURS,
  })
  const chain = await ctx.areaChains.chainOf(placed.areaCode, placed.areasVersion)
  const issue: Omit<IssueSummary, 'seq'> = {
    id: input.id,
    code: formatIssueCode(now, placed.number, ctx.timeZone ?? DEFAULT_TIME_ZONE),
    status: 'reported',
    colour,
    category: input.category,
    importance,
    urgency,
    description: input.description,
    address: input.address ?? null,
    source,
    areaCode: placed.areaCode,
    gridCode: chain.gridCode,
    communityCode: chain.communityCode,
    streetCode: chain.streetCode,
    districtCode: chain.districtCode,
    outOfArea: placed.areaCode === null,
    lon,
    lat,
    raw: { lon: input.lon, lat: input.lat, crs },
    reporter: session.username,
    assignee: null,
    department: null,
    rating: null,
    possibleDuplicateOf: placed.possibleDuplicateOf,
    duplicateOf: null,
    photoCount: new Set(photos.map((p) => p.sha256)).size,
    reportedAt: at,
    updatedAt: at,
    stageStartedAt: at,
    dueAt: getDeadline({ status: 'reported', colour, stageStartedAt: now }, ctx.limits)?.toISOString() ?? null,
  }
  const event: Omit<IssueEventRecord, 'seq'> = {
    issueId: issue.id,
    type: 'report',
    fromStatus: null,
    toStatus: 'reported',
    actor: session.username,
    actorRole: session.role as Role,
    note: null,
    data: photos.length ? { photos: photos.map((p) => p.sha256) } : {},
    at,
  }
  const rooms = getIssueRooms(issue)

  const stored = await upsertPhotos(ctx.sql, photos)
  let seq: number
  try {
    seq = await insertIssueWithEvent(
      ctx.sql,
      { issue, number: placed.number, requestHash, callerName: input.callerName ?? null, callerPhone: input.callerPhone ?? null, callerEmail: open311?.callerEmail, mediaUrl: open311?.mediaUrl, cells: getIssueCells(lon, lat) },
      { event, issue, rooms, photoHashes: photos.map((p) => p.sha256) },
    )
  } catch (err) {
    // Nothing was written but the photos this request stored: they go again.
    await deleteUnlinkedPhotos(ctx.sql, stored)
    // The id exists: a retry of a report that arrived (or one racing it).
    if ((err as { code?: string }).code !== '23505') throw err
    const winner = await selectIssue(ctx.sql, input.id)
    if (!winner) throw err
    return repeatOf(ctx, winner, requestHash, session)
  }
  const message: IssueEventMessage = { seq, event: { seq, ...event }, issue: { ...issue, seq } }
  ctx.onCommitted(message, rooms)
  return { issue: message.issue, created: true }
}

/** A repeat of an earlier request: the same issue, or a conflict when the body differs. */
function repeatOf(ctx: IssueContext, existing: IssueRow, requestHash: string, session: SessionUser) {
  if (existing.request_hash !== requestHash || existing.reporter !== session.username) {
    throw new IssueError('conflict', `id: issue ${existing.id} already exists with a different request`, 'id')
  }
  return { issue: toIssueSummary(existing, ctx.limits), created: false }
}

/** sha256 of the request's content (keys sorted) and its photos' hashes. */
export function hashRequest(input: NewIssueRequest, photos: PhotoUpload[]): string {
  const canonical = JSON.stringify(
    Object.keys(input)
      .sort()
      .map((k) => [k, input[k as keyof NewIssueRequest]]),
  )
  return createHash('sha256')
    .update(canonical)
    .update(photos.map((p) => p.sha256).join(','))
    .digest('hex')
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>()

/** E + YYYYMMDD in the city's time zone + the number, at least six digits (formatters are costly to build: one per zone). */
export function formatIssueCode(d: Date, number: string, timeZone: string): string {
  let f = DATE_FORMATS.get(timeZone)
  if (!f) DATE_FORMATS.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })))
  return `E${f.format(d).replaceAll('-', '')}${number.padStart(6, '0')}`
}
