// The live-issues API: the taxonomy, intake (JSON or multipart with photos), the lifecycle,
// scoped lists and details, and photos served only to those who may see their issue.
import { Router } from 'express'
import { z } from 'zod'
import { ISSUE_ACTION_NAMES, ISSUE_STATUS_NAMES, ISSUE_STATUSES, ISSUE_ACTIONS, getAllowedActions } from '../../core/domain/issue-lifecycle.js'
import { canSeeIssue, getSessionRoom, maskPhoneFor } from '../../core/domain/issue-scope.js'
import { ISSUE_CATEGORIES } from '../../core/domain/issue-taxonomy.js'
import { areaCodeSchema } from '../../core/domain/areas.js'
import { TRIAGE_COLOURS, TRIAGE_COLOUR_INFO } from '../../core/domain/triage.js'
import { issueListQuerySchema, newIssueRequestSchema, transitionRequestSchema } from '../../core/wire/issue-requests.js'
import type { IssueDetail, IssueFiguresResponse, IssueListResponse, LiveIssuesResponse, TaxonomyPayload } from '../../core/wire/issues.js'
import type { AuthService } from '../auth/auth-service.js'
import { selectIssueEvents } from '../db/queries/issue-events.js'
import { selectFigureRows, selectIssue, selectIssues, selectLiveIssues } from '../db/queries/issues.js'
import { computeIssueFigures } from '../../core/domain/issue-figures.js'
import { getDeadline } from '../../core/domain/issue-lifecycle.js'
import { DEFAULT_TIME_ZONE, getStartOfDay } from '../../core/domain/city-time.js'
import { selectIssuePhotos, selectPhotoData, selectPhotoIssueIds } from '../db/queries/photos.js'
import { getRowScope, toIssueSummary } from '../issues/issue-summary.js'
import { reportIssue, type IssueContext } from '../issues/report-issue.js'
import { transitionIssue } from '../issues/transition-issue.js'
import { getSession, requireSession } from './auth.js'
import { HttpError, parseInput } from './http-error.js'
import { parseMultipart, readJsonBody, readPhotos } from './multipart.js'

const figuresQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'an ISO date-time' }).transform((s) => new Date(s)).optional(),
  to: z.iso.datetime({ offset: true, error: 'an ISO date-time' }).transform((s) => new Date(s)).optional(),
  /** Only the issues of this area (within the caller's scope): a street, community or grid. */
  area: areaCodeSchema.optional(),
})

/** Days of history a live snapshot may cover: a wall's 30-day window and the 30 days before it. */
const MAX_LIVE_DAYS = 62

/** Issues a console holds at most (the newest when more match). */
const MAX_LIVE_ISSUES = 20_000

export interface IssueRoutesDeps {
  auth: AuthService
  issues: IssueContext
}

export function createIssueRoutes({ auth, issues }: IssueRoutesDeps): Router {
  const router = Router()
  const { sql } = issues
  const authed = requireSession(auth)
  const session = getSession

  router.get('/taxonomy', (_req, res) => {
    const body: TaxonomyPayload = {
      categories: ISSUE_CATEGORIES.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        subcategories: c.subcategories.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, importance: s.importance, urgency: s.urgency })),
      })),
      colours: TRIAGE_COLOURS.map((code) => ({ code, ...TRIAGE_COLOUR_INFO[code] })),
      statuses: ISSUE_STATUSES.map((code) => ({ code, ...ISSUE_STATUS_NAMES[code] })),
      actions: ISSUE_ACTIONS.map((code) => ({ code, ...ISSUE_ACTION_NAMES[code] })),
    }
    res.json(body)
  })

  router.post('/issues', authed, parseMultipart, async (req, res) => {
    const input = parseInput(newIssueRequestSchema, readJsonBody(req, 'issue'))
    const { issue, created } = await reportIssue(issues, session(res), input, readPhotos(req))
    res.status(created ? 201 : 200).json({ issue })
  })

  router.post('/issues/:id/transitions', authed, parseMultipart, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    const input = parseInput(transitionRequestSchema, readJsonBody(req, 'transition'))
    res.json({ issue: await transitionIssue(issues, session(res), id, input, readPhotos(req)) })
  })

  router.get('/issues', authed, async (req, res) => {
    const s = session(res)
    const q = parseInput(issueListQuerySchema, req.query)
    const rows = await selectIssues(sql, {
      room: getSessionRoom(s),
      status: q.status,
      colour: q.colour,
      category: q.category,
      area: q.area,
      since: q.since,
      bbox: q.bbox,
      reporter: q.mine ? s.username : undefined,
      beforeNumber: q.before,
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const body: IssueListResponse = {
      issues: page.map((r) => toIssueSummary(r, issues.limits)),
      nextCursor: rows.length > q.limit ? page[page.length - 1].number : null,
    }
    res.json(body)
  })

  router.get('/issues/live', authed, async (req, res) => {
    const { days } = parseInput(z.object({ days: z.coerce.number({ error: 'must be a number' }).int('a whole number of days').min(1).max(MAX_LIVE_DAYS).default(7) }), req.query)
    const { rows, lastSeq } = await selectLiveIssues(sql, { room: getSessionRoom(session(res)), activeSince: new Date(Date.now() - days * 86_400_000), limit: MAX_LIVE_ISSUES + 1 })
    const body: LiveIssuesResponse = {
      issues: rows.slice(0, MAX_LIVE_ISSUES).map((r) => toIssueSummary(r, issues.limits)),
      lastSeq,
      truncated: rows.length > MAX_LIVE_ISSUES,
    }
    res.json(body)
  })

  router.get('/issues/figures', authed, async (req, res) => {
    const q = parseInput(figuresQuerySchema, req.query)
    const now = new Date()
    const from = q.from ?? getStartOfDay(now, issues.timeZone ?? DEFAULT_TIME_ZONE)
    const to = q.to ?? now
    if (!(from < to)) throw new HttpError(400, 'from: must be before to', 'from')
    const rows = await selectFigureRows(sql, { room: getSessionRoom(session(res)), from, to, area: q.area })
    const report = computeIssueFigures({
      issues: rows.issues.map((r) => ({
        id: r.id,
        status: r.status,
        colour: r.colour,
        reportedAt: r.reported_at,
        streetCode: r.street_code,
        department: r.department,
        dueAt: getDeadline({ status: r.status, colour: r.colour, stageStartedAt: r.stage_started_at }, issues.limits) ?? null,
      })),
      events: rows.events.map((e) => ({ issueId: e.issue_id, type: e.type, fromStatus: e.from_status, toStatus: e.to_status, at: e.at, rating: e.rating })),
      from,
      to,
      now,
      limits: issues.limits,
    })
    const body: IssueFiguresResponse = { ...report, from: from.toISOString(), to: to.toISOString(), at: now.toISOString() }
    res.json(body)
  })

  router.get('/issues/:id', authed, async (req, res) => {
    const s = session(res)
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    const row = await selectIssue(sql, id)
    if (!row || !canSeeIssue(s, getRowScope(row))) throw new HttpError(404, `issue ${id} not found`, 'id')
    const [events, photos] = await Promise.all([selectIssueEvents(sql, id), selectIssuePhotos(sql, id)])
    const ctx = { isReporter: row.reporter === s.username, isAssignee: row.assignee === s.username }
    const body: IssueDetail = {
      issue: toIssueSummary(row, issues.limits),
      events,
      photos: photos.map((p) => ({ url: `/api/photos/${p.sha256}`, sha256: p.sha256, mime: p.mime, bytes: p.bytes, eventSeq: Number(p.event_seq) })),
      reporterPhone: maskPhoneFor(s.role, row.reporter_phone),
      callerName: row.caller_name,
      callerPhone: maskPhoneFor(s.role, row.caller_phone),
      allowedActions: s.role === 'wall' ? [] : getAllowedActions(row.status, s.role, ctx),
    }
    res.json(body)
  })

  router.get('/photos/:sha256', authed, async (req, res) => {
    const s = session(res)
    const { sha256 } = parseInput(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex') }), req.params)
    const issueIds = await selectPhotoIssueIds(sql, sha256)
    let visible = false
    for (const id of issueIds) {
      const row = await selectIssue(sql, id)
      if (row && canSeeIssue(s, getRowScope(row))) {
        visible = true
        break
      }
    }
    if (!visible) throw new HttpError(404, `photo ${sha256} not found`, 'sha256')
    const photo = (await selectPhotoData(sql, sha256))!
    res.set({ 'Content-Type': photo.mime, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
    res.send(photo.data)
  })

  return router
}
