// The live-issues API over HTTP: parses and checks each request, then hands it to server/issues/
// (which owns every read and write of issues and refuses in IssueErrors that app.ts maps to HTTP).
import { Router } from 'express'
import { z } from 'zod'
import { ISSUE_ACTION_NAMES, ISSUE_STATUS_NAMES, ISSUE_STATUSES, ISSUE_ACTIONS } from '../../core/domain/issue-lifecycle.js'
import { ISSUE_CATEGORIES } from '../../core/domain/issue-taxonomy.js'
import { areaCodeSchema } from '../../core/domain/areas.js'
import { TRIAGE_COLOURS, TRIAGE_COLOUR_INFO } from '../../core/domain/triage.js'
import { issueListQuerySchema, newIssueRequestSchema, passageMarkRequestSchema, transitionRequestSchema } from '../../core/wire/issue-requests.js'
import type { HotspotsResponse, IssueDetail, IssueFiguresResponse, IssueListResponse, LiveIssueColumnsResponse, LiveIssuesResponse, TaxonomyPayload } from '../../core/wire/issues.js'
import { encodeIssueColumns } from '../../core/wire/issue-columns.js'
import { WALL_WINDOW_MS } from '../../core/wire/wall.js'
import { getHotspots } from '../issues/read-hotspots.js'
import type { AuthService } from '../auth/auth-service.js'
import { getAssignees, getIssueDetail, getLiveIssues, getPhoto, listIssues, MAX_LIVE_ISSUES } from '../issues/read-issues.js'
import { getIssueFigures } from '../issues/read-figures.js'
import { getEvaluation } from '../issues/read-evaluation.js'
import { writeEvaluationWorkbook } from '../issues/evaluation-workbook.js'
import { EVALUATION_VIEWS, toEvaluationCsv } from '../../core/wire/evaluation.js'
import { reportIssue, type IssueContext } from '../issues/report-issue.js'
import { transitionIssue } from '../issues/transition-issue.js'
import { markPassage } from '../issues/mark-passage.js'
import { getSession, requireSession } from './auth.js'
import { parseInput } from './http-error.js'
import { parseMultipart, readJsonBody, readPhotos } from './multipart.js'

const figuresQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'an ISO date-time' }).transform((s) => new Date(s)).optional(),
  to: z.iso.datetime({ offset: true, error: 'an ISO date-time' }).transform((s) => new Date(s)).optional(),
  /** Only the issues of this area (within the caller's scope): a street, community or grid. */
  area: areaCodeSchema.optional(),
})

const evaluationQuerySchema = figuresQuerySchema.extend({
  format: z.enum(['json', 'xlsx', 'csv'], { error: 'json, xlsx or csv' }).default('json'),
  /** The view a CSV holds (a workbook holds them all). */
  view: z.enum(EVALUATION_VIEWS, { error: EVALUATION_VIEWS.join(', ') }).default('street'),
})

/** Hotspots a request may rank: enough for every cell a wall's map shows. */
const MAX_HOTSPOTS = 2000

const hotspotsQuerySchema = z.object({
  window: z.enum(['24h', '7d', '30d'], { error: 'one of 24h, 7d, 30d' }).default('7d'),
  by: z.enum(['hex', 'grid'], { error: 'hex or grid' }).default('hex'),
  resolution: z.coerce.number({ error: 'must be a number' }).pipe(z.union([z.literal(7), z.literal(8), z.literal(9), z.literal(10)], { error: 'an H3 resolution from 7 to 10' })).default(9),
  /** Only the issues of this area (within the caller's scope). */
  area: areaCodeSchema.optional(),
  buckets: z.coerce.number({ error: 'must be a number' }).int('a whole number').min(1).max(60).default(12),
  limit: z.coerce.number({ error: 'must be a number' }).int('a whole number').min(1).max(MAX_HOTSPOTS).default(10),
  /** How many of the first carry their details (the rest: enough to draw and rank them). */
  detail: z.coerce.number({ error: 'must be a number' }).int('a whole number').min(0).max(50).optional(),
})

/** Days of history a live snapshot may cover: a wall's 30-day window and the 30 days before it. */
const MAX_LIVE_DAYS = 62

export interface IssueRoutesDeps {
  auth: AuthService
  issues: IssueContext
}

export function createIssueRoutes({ auth, issues }: IssueRoutesDeps): Router {
  const router = Router()
  const authed = requireSession(auth)
  const session = getSession

  router.get('/taxonomy', (_req, res) => {
    const body: TaxonomyPayload = {
      categories: ISSUE_CATEGORIES.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        subcategories: c.subcategories.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, importance: s.importance, urgency: s.urgency, ...(s.closesPassage ? { closesPassage: s.closesPassage } : {}) })),
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

  router.post('/issues/:id/passage', authed, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    const input = parseInput(passageMarkRequestSchema, req.body)
    res.json({ issue: await markPassage(issues, session(res), id, input) })
  })

  router.get('/issues', authed, async (req, res) => {
    const q = parseInput(issueListQuerySchema, req.query)
    const body: IssueListResponse = await listIssues(issues, session(res), {
      status: q.status,
      colour: q.colour,
      category: q.category,
      area: q.area,
      since: q.since,
      bbox: q.bbox,
      mine: q.mine,
      beforeNumber: q.before,
      limit: q.limit,
    })
    res.json(body)
  })

  router.get('/issues/live', authed, async (req, res) => {
    const { days, limit, before, activeSince, finishedBefore, format } = parseInput(
      z.object({
        days: z.coerce.number({ error: 'must be a number' }).int('a whole number of days').min(1).max(MAX_LIVE_DAYS).default(7),
        limit: z.coerce.number({ error: 'must be a number' }).int('a whole number').min(1).max(MAX_LIVE_ISSUES).default(MAX_LIVE_ISSUES),
        before: z.string().regex(/^\d{1,18}$/, 'an issue number (the `next` of the page before)').transform((v) => BigInt(v)).optional(),
        activeSince: z.iso.datetime({ offset: true, error: 'an ISO date-time (the `activeSince` of the first page)' }).transform((v) => new Date(v)).optional(),
        /** Only the finished issues changed before this (from `activeSince` on): the rest of a longer window. */
        finishedBefore: z.iso.datetime({ offset: true, error: 'an ISO date-time' }).transform((v) => new Date(v)).optional(),
        format: z.enum(['objects', 'columns'], { error: 'objects or columns' }).default('objects'),
      }),
      req.query,
    )
    const { issues: page, ...rest }: LiveIssuesResponse = await getLiveIssues(issues, session(res), days, { limit, before, activeSince, finishedBefore })
    if (format === 'objects') res.json({ issues: page, ...rest })
    else res.json({ ...rest, columns: encodeIssueColumns(page) } satisfies LiveIssueColumnsResponse)
  })

  router.get('/issues/figures', authed, async (req, res) => {
    const body: IssueFiguresResponse = await getIssueFigures(issues, session(res), parseInput(figuresQuerySchema, req.query))
    res.json(body)
  })

  // Before /issues/:id, which would take "hotspots" for an id.
  // The evaluation pack (考核指标) of a period: JSON, an .xlsx workbook (one sheet per view) or one view as CSV.
  router.get('/issues/evaluation', authed, async (req, res) => {
    const q = parseInput(evaluationQuerySchema, req.query)
    const evaluation = await getEvaluation(issues, session(res), q)
    const stem = `gridpulse-evaluation-${evaluation.from.slice(0, 10)}-${evaluation.to.slice(0, 10)}`
    if (q.format === 'xlsx') {
      res.attachment(`${stem}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await writeEvaluationWorkbook(evaluation))
    } else if (q.format === 'csv') {
      res.attachment(`${stem}-${q.view}.csv`).type('text/csv; charset=utf-8').send(toEvaluationCsv(evaluation, q.view))
    } else {
      res.json(evaluation)
    }
  })

  router.get('/issues/hotspots', authed, async (req, res) => {
    const q = parseInput(hotspotsQuerySchema, req.query)
    const body: HotspotsResponse = await getHotspots(issues, session(res), {
      area: q.area,
      windowMs: WALL_WINDOW_MS[q.window],
      by: q.by === 'grid' ? { kind: 'grid' } : { kind: 'hex', resolution: q.resolution },
      buckets: q.buckets,
      limit: q.limit,
      detail: Math.min(q.detail ?? 50, q.limit),
    })
    res.json(body)
  })

  router.get('/issues/:id', authed, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    const body: IssueDetail = await getIssueDetail(issues, session(res), id)
    res.json(body)
  })

  router.get('/issues/:id/assignees', authed, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    res.json(await getAssignees(issues, session(res), id))
  })

  router.get('/photos/:sha256', authed, async (req, res) => {
    const { sha256 } = parseInput(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex') }), req.params)
    const photo = await getPhoto(issues, session(res), sha256)
    res.set({ 'Content-Type': photo.mime, 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
    res.send(photo.data)
  })

  return router
}
