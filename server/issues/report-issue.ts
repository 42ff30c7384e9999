// Intake of a report: convert the coordinates and triage here; then one statement places it in
// the grid hierarchy with PostGIS, links a possible duplicate, and writes the issue, its photo
// links and its first event (one round trip, one commit). The client's id makes a repeat harmless: the same body returns the same issue,
// another body with that id is a conflict.
import { createHash } from 'node:crypto'
import { toWgs84 } from '../../core/domain/coordinates.js'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { findSubcategory } from '../../core/domain/issue-taxonomy.js'
import { getTriageColour } from '../../core/domain/triage.js'
import { DEFAULT_TIME_ZONE } from '../../core/domain/city-time.js'
import type { IssueEventMessage, IssueSummary, NewIssueRequest, SessionUser } from '../../core/wire/issues.js'
import type { Role } from '../../core/domain/issue-lifecycle.js'
import type { Sql } from '../db/client.js'
import { insertReport, selectIssue, type IssueRow, type ReportPlacement } from '../db/queries/issues.js'
import { upsertPhotos, type PhotoUpload } from '../db/queries/photos.js'
import { HttpError } from '../routes/http-error.js'
import { toIssueSummary, type TimeLimits } from './issue-summary.js'

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
}

/** Creates the issue, or returns the one this id already made. */
export async function reportIssue(
  ctx: IssueContext,
  session: SessionUser,
  input: NewIssueRequest,
  photos: PhotoUpload[],
): Promise<{ issue: IssueSummary; created: boolean }> {
  const sub = findSubcategory(input.category)
  if (!sub) throw new HttpError(400, `category: unknown category ${input.category}`, 'category')
  const requestHash = hashRequest(input, photos)

  const crs = input.crs ?? 'wgs84'
  const [lon, lat] = toWgs84([input.lon, input.lat], crs)
  const importance = input.importance ?? sub.importance
  const urgency = input.urgency ?? sub.urgency
  const now = new Date()
  // The issue as clients see it, but for what the database decides (number, code, areas, duplicate, seq).
  const pending: IssueRow = {
    id: input.id,
    number: '0',
    code: '',
    request_hash: requestHash,
    category: input.category,
    description: input.description,
    address: input.address ?? null,
    importance,
    urgency,
    colour: getTriageColour(importance, urgency),
    status: 'reported',
    source: input.source ?? 'field',
    reporter: session.username,
    reporter_phone: null,
    caller_name: input.callerName ?? null,
    caller_phone: input.callerPhone ?? null,
    assignee: null,
    department: null,
    rating: null,
    duplicate_of: null,
    possible_duplicate_of: null,
    area_code: null,
    grid_code: null,
    community_code: null,
    street_code: null,
    district_code: null,
    out_of_area: false,
    lon,
    lat,
    raw_lon: input.lon,
    raw_lat: input.lat,
    raw_crs: crs,
    seq: '0',
    photo_count: photos.length,
    reported_at: now,
    updated_at: now,
    stage_started_at: now,
  }
  const draft = toIssueSummary(pending, ctx.limits)
  const data = photos.length ? { photos: photos.map((p) => p.sha256) } : {}
  await upsertPhotos(ctx.sql, photos)
  let placed: ReportPlacement
  try {
    placed = await insertReport(ctx.sql, {
      draft,
      requestHash,
      reporterRole: session.role as Role,
      callerName: input.callerName ?? null,
      callerPhone: input.callerPhone ?? null,
      day: formatDate(now, ctx.timeZone ?? DEFAULT_TIME_ZONE),
      duplicateMeters: DUPLICATE_RADIUS_METERS,
      duplicateHours: DUPLICATE_WINDOW_HOURS,
      eventData: data,
      photoHashes: photos.map((p) => p.sha256),
    })
  } catch (err) {
    // The id exists: a retry of a report that arrived (or one racing it). Nothing was written.
    if ((err as { code?: string }).code !== '23505') throw err
    const winner = await selectIssue(ctx.sql, input.id)
    if (!winner) throw err
    return repeatOf(ctx, winner, requestHash, session)
  }
  const { seq, code, possibleDuplicateOf, areaCode, gridCode, communityCode, streetCode, districtCode } = placed
  const issue: IssueSummary = {
    ...draft,
    seq,
    code,
    possibleDuplicateOf,
    areaCode,
    gridCode,
    communityCode,
    streetCode,
    districtCode,
    outOfArea: areaCode === null,
  }
  ctx.onCommitted(
    {
      seq,
      issue,
      event: { seq, issueId: issue.id, type: 'report', fromStatus: null, toStatus: 'reported', actor: session.username, actorRole: session.role as Role, note: null, data, at: issue.reportedAt },
    },
    getIssueRooms(issue),
  )
  return { issue, created: true }
}

/** A repeat of an earlier request: the same issue, or a 409 when the body differs. */
function repeatOf(ctx: IssueContext, existing: IssueRow, requestHash: string, session: SessionUser) {
  if (existing.request_hash !== requestHash || existing.reporter !== session.username) {
    throw new HttpError(409, `id: issue ${existing.id} already exists with a different request`, 'id')
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

/** YYYYMMDD in the time zone (formatters are costly to build: one per zone). */
function formatDate(d: Date, timeZone: string): string {
  let f = DATE_FORMATS.get(timeZone)
  if (!f) DATE_FORMATS.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })))
  return f.format(d).replaceAll('-', '')
}
