// The live-issues API: login and wall tokens, the taxonomy, intake (JSON or multipart with
// photos), the lifecycle, scoped lists and details, and photos served only to those who may
// see their issue.
import { createHash } from 'node:crypto'
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import multer from 'multer'
import { z } from 'zod'
import { ISSUE_ACTION_NAMES, ISSUE_STATUS_NAMES, ISSUE_STATUSES, ISSUE_ACTIONS, getAllowedActions } from '../../core/domain/issue-lifecycle.js'
import { canSeeIssue, getSessionRoom, maskPhoneFor } from '../../core/domain/issue-scope.js'
import { ISSUE_CATEGORIES } from '../../core/domain/issue-taxonomy.js'
import { TRIAGE_COLOURS, TRIAGE_COLOUR_INFO } from '../../core/domain/triage.js'
import {
  issueListQuerySchema,
  loginRequestSchema,
  newIssueRequestSchema,
  transitionRequestSchema,
} from '../../core/wire/issue-requests.js'
import type { IssueDetail, IssueListResponse, SessionUser, TaxonomyPayload } from '../../core/wire/issues.js'
import { LoginFailed, type AuthService } from '../auth/auth-service.js'
import { InvalidTokenError } from '../auth/tokens.js'
import { areaExists } from '../db/queries/areas.js'
import { selectIssueEvents } from '../db/queries/issue-events.js'
import { selectIssue, selectIssues } from '../db/queries/issues.js'
import { selectIssuePhotos, selectPhotoData, selectPhotoIssueIds, type PhotoUpload } from '../db/queries/photos.js'
import { revokeWallToken } from '../db/queries/users.js'
import { getRowScope, toIssueSummary } from '../issues/issue-summary.js'
import { reportIssue, type IssueContext } from '../issues/report-issue.js'
import { TransitionRefused, transitionIssue } from '../issues/transition-issue.js'
import { HttpError, parseInput } from './http-error.js'

export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

export interface IssueRoutesDeps {
  auth: AuthService
  issues: IssueContext
  /** Failed logins allowed per address and username in 15 minutes. */
  loginAttempts?: number
  /** Ends the live sockets of a revoked wall token. */
  onWallTokenRevoked?: (id: string) => void
}

type Locals = { session: SessionUser }

/** Requires a valid Bearer token; the session lands in res.locals.session. */
export function requireSession(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? ''
    const match = /^Bearer (\S+)$/.exec(header)
    if (!match) return next(new HttpError(401, 'authorization: a Bearer token is required', 'authorization'))
    auth.authenticate(match[1]).then(
      (session) => {
        ;(res.locals as Locals).session = session
        next()
      },
      (err: Error) => next(err instanceof InvalidTokenError ? new HttpError(401, `authorization: ${err.message}`, 'authorization') : err),
    )
  }
}

const session = (res: Response) => (res.locals as Locals).session

/** Multipart: the JSON in a part named `issue` (or `transition`), photos in parts named `photos`. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 5, fieldSize: 64 * 1024, parts: MAX_PHOTOS + 5 },
})

function parseMultipart(req: Request, res: Response, next: NextFunction) {
  if (!req.is('multipart/form-data')) return next()
  upload.array('photos', MAX_PHOTOS)(req, res, (err: unknown) => {
    if (!err) return next()
    const e = err as { code?: string; message?: string }
    if (e.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, `photos: each photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, 'photos'))
    if (e.code === 'LIMIT_FILE_COUNT' || e.code === 'LIMIT_UNEXPECTED_FILE') {
      return next(new HttpError(400, `photos: at most ${MAX_PHOTOS} photos, in parts named photos`, 'photos'))
    }
    next(new HttpError(400, `malformed multipart body: ${e.message}`))
  })
}

/** The JSON of the request: the body itself, or the named part of a multipart body. */
function readJsonBody(req: Request, part: string): unknown {
  if (!req.is('multipart/form-data')) return req.body
  const raw = (req.body as Record<string, unknown> | undefined)?.[part]
  if (typeof raw !== 'string') throw new HttpError(400, `${part}: the multipart body needs a JSON part named ${part}`, part)
  try {
    return JSON.parse(raw)
  } catch (err) {
    throw new HttpError(400, `${part}: malformed JSON: ${(err as Error).message}`, part)
  }
}

function readPhotos(req: Request): PhotoUpload[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? []
  return files.map((f, i) => {
    const mime = sniffImageType(f.buffer)
    if (!mime) throw new HttpError(415, `photos: photo ${i + 1} is not a JPEG, PNG, WebP, GIF or HEIC image`, 'photos')
    return { sha256: createHash('sha256').update(f.buffer).digest('hex'), mime, data: f.buffer }
  })
}

/** The image type from the file's first bytes (never the name or the client's claim). */
export function sniffImageType(b: Buffer): string | undefined {
  if (b.length < 12) return undefined
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  if (b.toString('latin1', 0, 4) === 'GIF8') return 'image/gif'
  if (b.toString('latin1', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(b.toString('latin1', 8, 12))) return 'image/heic'
  return undefined
}

export function createIssueRoutes({ auth, issues, loginAttempts = 10, onWallTokenRevoked }: IssueRoutesDeps): Router {
  const router = Router()
  const { sql } = issues
  const authed = requireSession(auth)

  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: loginAttempts,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
    handler: (_req, _res, next) => next(new HttpError(429, 'too many failed logins: wait 15 minutes and try again')),
  })

  router.post('/login', loginLimiter, async (req, res) => {
    const { username, password } = parseInput(loginRequestSchema, req.body)
    try {
      res.json(await auth.login(username, password))
    } catch (err) {
      if (err instanceof LoginFailed) throw new HttpError(401, err.message)
      throw err
    }
  })

  router.get('/me', authed, (_req, res) => {
    res.json({ user: session(res) })
  })

  router.post('/wall-tokens', authed, async (req, res) => {
    const s = session(res)
    if (s.role !== 'admin' && s.role !== 'operator') throw new HttpError(403, 'only an admin or operator may create wall tokens')
    const body = parseInput(
      z.object({ label: z.string().trim().min(1).max(100), area: z.string().min(1).max(40), days: z.number().int().min(1).max(3650).default(365) }),
      req.body,
    )
    if (!(await areaExists(sql, body.area))) throw new HttpError(400, `area: unknown area ${body.area}`, 'area')
    res.status(201).json(await auth.createWallToken({ label: body.label, areaCode: body.area, createdBy: s.username, days: body.days }))
  })

  router.delete('/wall-tokens/:id', authed, async (req, res) => {
    const s = session(res)
    if (s.role !== 'admin' && s.role !== 'operator') throw new HttpError(403, 'only an admin or operator may revoke wall tokens')
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    if (!(await revokeWallToken(sql, id))) throw new HttpError(404, `wall token ${id} not found or already revoked`, 'id')
    onWallTokenRevoked?.(id)
    res.status(204).end()
  })

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
    const s = session(res)
    if (s.role === 'wall' || s.role === 'planner') throw new HttpError(403, `a ${s.role} may not report issues`)
    const input = parseInput(newIssueRequestSchema, readJsonBody(req, 'issue'))
    if (input.source === 'hotline' && s.role !== 'operator' && s.role !== 'admin') {
      throw new HttpError(403, 'source: only an operator records hotline calls', 'source')
    }
    const { issue, created } = await reportIssue(issues, s, input, readPhotos(req))
    res.status(created ? 201 : 200).json({ issue })
  })

  router.post('/issues/:id/transitions', authed, parseMultipart, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    const input = parseInput(transitionRequestSchema, readJsonBody(req, 'transition'))
    try {
      res.json({ issue: await transitionIssue(issues, session(res), id, input, readPhotos(req)) })
    } catch (err) {
      if (err instanceof TransitionRefused) {
        return void res.status(409).json({ error: { message: err.message, field: err.field }, status: err.currentStatus, allowed: err.allowed })
      }
      throw err
    }
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
