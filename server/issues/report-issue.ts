// Intake of a report: convert the coordinates, triage, place it in the grid hierarchy with
// PostGIS, link a possible duplicate, and write the issue, its photos and its first event in one
// transaction. The client's id makes a repeat harmless: the same body returns the same issue,
// another body with that id is a conflict.
import { createHash } from 'node:crypto'
import { toWgs84 } from '../../core/domain/coordinates.js'
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { findSubcategory } from '../../core/domain/issue-taxonomy.js'
import { getTriageColour } from '../../core/domain/triage.js'
import type { IssueSummary, NewIssueRequest, SessionUser } from '../../core/wire/issues.js'
import type { Role } from '../../core/domain/issue-lifecycle.js'
import type { Sql } from '../db/client.js'
import { allocateSeq, insertEvent } from '../db/queries/issue-events.js'
import { findPossibleDuplicate, insertIssue, placePoint, selectIssue, setIssueSeq } from '../db/queries/issues.js'
import { insertIssuePhotos, type PhotoUpload } from '../db/queries/photos.js'
import { HttpError } from '../routes/http-error.js'
import { toIssueSummary, type TimeLimits } from './issue-summary.js'

/** Reports of the same sub-category this close and this recent are linked as possible duplicates. */
export const DUPLICATE_RADIUS_METERS = 50
export const DUPLICATE_WINDOW_HOURS = 24

export interface IssueContext {
  sql: Sql
  limits: TimeLimits
  /** Called after each commit that wrote events (the realtime relay). */
  onCommitted(): void
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
  const crs = input.crs ?? 'wgs84'
  const [lon, lat] = toWgs84([input.lon, input.lat], crs)
  const importance = input.importance ?? sub.importance
  const urgency = input.urgency ?? sub.urgency
  const requestHash = hashRequest(input, photos)

  const placement = await placePoint(ctx.sql, lon, lat)
  const possibleDuplicateOf = await findPossibleDuplicate(ctx.sql, {
    category: input.category,
    lon,
    lat,
    meters: DUPLICATE_RADIUS_METERS,
    hours: DUPLICATE_WINDOW_HOURS,
    excludeId: input.id,
  })

  const result = await ctx.sql.begin(async (tx) => {
    const inserted = await insertIssue(tx, {
      id: input.id,
      codePrefix: `E${formatDate(new Date(), ctx.timeZone ?? 'Asia/Shanghai')}`,
      requestHash,
      category: input.category,
      description: input.description,
      address: input.address ?? null,
      importance,
      urgency,
      colour: getTriageColour(importance, urgency),
      source: input.source ?? 'field',
      reporter: session.username,
      callerName: input.callerName ?? null,
      callerPhone: input.callerPhone ?? null,
      possibleDuplicateOf,
      ...placement,
      outOfArea: placement.areaCode === null,
      lon,
      lat,
      rawLon: input.lon,
      rawLat: input.lat,
      rawCrs: crs,
    })
    if (!inserted) {
      const existing = await selectIssue(tx, input.id)
      if (!existing) throw new Error(`issue ${input.id} conflicted but cannot be read`)
      if (existing.request_hash !== requestHash || existing.reporter !== session.username) {
        throw new HttpError(409, `id: issue ${input.id} already exists with a different request`, 'id')
      }
      return { issue: toIssueSummary(existing, ctx.limits), created: false }
    }
    // The seq is taken last: it holds the event-log lock until commit.
    const seq = await allocateSeq(tx)
    const row = (await selectIssue(tx, input.id))!
    const issue = toIssueSummary(row, ctx.limits, { seq, photoCount: photos.length })
    await insertEvent(tx, {
      seq,
      issueId: issue.id,
      type: 'report',
      fromStatus: null,
      toStatus: 'reported',
      actor: session.username,
      actorRole: session.role as Role,
      note: null,
      data: photos.length ? { photos: photos.map((p) => p.sha256) } : {},
      issue,
      rooms: getIssueRooms(issue),
    })
    await insertIssuePhotos(tx, issue.id, seq, photos)
    await setIssueSeq(tx, issue.id, seq)
    return { issue, created: true }
  })
  if (result.created) ctx.onCommitted()
  return result
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

function formatDate(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
  return parts.replaceAll('-', '')
}
