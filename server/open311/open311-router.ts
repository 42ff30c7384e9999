// Open311 GeoReport v2 at /open311/v2/ (core/wire/open311.ts maps; this reads, checks and writes):
//
//   GET  discovery.{json|xml}           the endpoint, its formats and where to ask for a key
//   GET  services.{fmt}                 every sub-category as a service (public, like the taxonomy)
//   GET  services/{code}.{fmt}          its attributes (urgency, importance; a closing kind's notice)
//   POST requests.{fmt}                 a new request — through the same intake as the app's reports
//   GET  requests.{fmt}                 the integration's area's requests (≤ 90 days, ≤ 1,000)
//   GET  requests/{id}.{fmt}            one request by its service_request_id (the issue's code)
//   GET  tokens/{token}.{fmt}           the service_request_id of a POST's token (the issue's id)
//
// A path without a format is XML, the spec's required one. Requests and tokens need an `api_key`
// (`npm run users -- api-key NAME --area CODE`): each integration reports as a user of its own, may
// post only inside its area and read only its area's requests, and makes at most its `per_minute`
// requests a minute (each process counts its own). A POST is repeated safely with an
// `Idempotency-Key` header: the same key makes the same request once.
import { createHash } from 'node:crypto'
import express, { Router, type NextFunction, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import type { ZodError, ZodType } from 'zod'
import {
  getOpen311ServiceDefinition,
  listOpen311Services,
  open311NewRequestSchema,
  open311RequestQuerySchema,
  OPEN311_MAX_DAYS,
  OPEN311_MAX_REQUESTS,
  toOpen311Request,
  type Open311Created,
  type Open311Locale,
} from '../../core/wire/open311.js'
import type { NewIssueRequest, SessionUser } from '../../core/wire/issues.js'
import { isPointInArea, selectAreasNamed, selectIssueCode, selectOpen311Key, selectOpen311Requests, type Open311KeyRow } from '../db/queries/open311.js'
import { IssueError, ISSUE_ERROR_STATUS } from '../issues/issue-errors.js'
import { toIssueSummary } from '../issues/issue-summary.js'
import { reportIssue, type IssueContext } from '../issues/report-issue.js'
import { sendOpen311, sendOpen311Error, sendOpen311Object, type Open311Format } from './open311-format.js'
import { createKeyLimiter } from './key-limiter.js'

const DAY_MS = 86_400_000

/** The issue id a POST with this integration's Idempotency-Key makes (a UUID drawn from both, so two integrations' keys never meet). */
export function idempotentIssueId(integration: string, key: string): string {
  const h = createHash('sha256').update(`${integration}\n${key}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** What a path asks for: its parts without the format, and the format (XML when none). */
function parsePath(path: string): { parts: string[]; format: Open311Format } {
  const match = /^(.*?)(?:\.(json|xml))?$/.exec(path.replace(/^\/+|\/+$/g, ''))!
  return { parts: match[1].split('/').map(decodeURIComponent), format: (match[2] as Open311Format | undefined) ?? 'xml' }
}

const describeZod = (err: ZodError) => err.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')

function parse<T>(schema: ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new IssueError('invalid', describeZod(parsed.error))
  return parsed.data
}

export interface Open311Deps {
  issues: IssueContext
  log: Logger
  /** Where a discovery says the endpoint is (the request's own origin when unset). */
  contact?: string
}

export function createOpen311Router({ issues, log, contact }: Open311Deps): Router {
  const router = Router()
  const limiter = createKeyLimiter()
  router.use(express.urlencoded({ extended: false, limit: '64kb' }))

  /** The integration of the request's api_key, counted against its rate; throws the spec's 403 or 429. */
  async function integration(req: Request): Promise<Open311KeyRow> {
    const key = (req.method === 'POST' ? (req.body as Record<string, unknown> | undefined)?.api_key : req.query.api_key) ?? req.query.api_key
    if (typeof key !== 'string' || key === '') throw new IssueError('forbidden', 'api_key: required (an admin issues one per integration)')
    const row = await selectOpen311Key(issues.sql, createHash('sha256').update(key).digest('hex'))
    if (!row || row.revoked_at) throw new IssueError('forbidden', 'api_key: unknown or revoked')
    if (!limiter.take(row.name, row.per_minute)) throw new RateLimited(row.per_minute)
    return row
  }

  const sessionOf = (k: Open311KeyRow): SessionUser => ({ username: k.name, displayName: k.display_name, role: 'operator', area: k.area_code })
  const localeOf = (req: Request): Open311Locale => (req.query.locale === 'en' ? 'en' : 'zh')

  async function create(req: Request, res: Response, format: Open311Format) {
    const k = await integration(req)
    const body = parse(open311NewRequestSchema, req.body ?? {})
    let [lon, lat] = [body.long, body.lat]
    if (lon === undefined || lat === undefined) {
      const named = await selectAreasNamed(issues.sql, body.address_string!.trim(), k.area_code)
      if (named.length !== 1) {
        throw new IssueError('invalid', named.length === 0 ? `address_string: no grid or community named ${body.address_string} in ${k.area_code}; send lat and long` : `address_string: ${named.length} areas are named ${body.address_string}; send lat and long`)
      }
      ;[lon, lat] = [named[0].lon, named[0].lat]
    }
    // Only inside the integration's area (its code is a prefix of every area below it).
    if (!(await isPointInArea(issues.sql, lon, lat, k.area_code))) throw new IssueError('invalid', `lat, long: outside the area ${k.area_code} this api_key may report in`)
    const idempotencyKey = req.get('Idempotency-Key')
    const caller = [body.last_name, body.first_name].filter(Boolean).join('')
    const input: NewIssueRequest = {
      id: idempotencyKey ? idempotentIssueId(k.name, idempotencyKey) : crypto.randomUUID(),
      category: body.service_code,
      description: body.description,
      lon,
      lat,
      ...(body['attribute[urgency]'] ? { urgency: body['attribute[urgency]'] } : {}),
      ...(body['attribute[importance]'] ? { importance: body['attribute[importance]'] } : {}),
      ...(caller ? { callerName: caller.slice(0, 50) } : {}),
      ...(body.phone ? { callerPhone: body.phone } : {}),
      ...(body.address_string ? { address: body.address_string } : {}),
    }
    const { issue, created } = await reportIssue(issues, sessionOf(k), input, [], { mediaUrl: body.media_url ?? null, callerEmail: body.email ?? null })
    const answer: Open311Created = { service_request_id: issue.code, token: issue.id, service_notice: '', account_id: body.account_id ?? '' }
    sendOpen311(res, format, created ? 201 : 200, 'service_requests', 'request', [answer])
  }

  async function list(req: Request, res: Response, format: Open311Format) {
    const k = await integration(req)
    const q = parse(open311RequestQuerySchema, req.query)
    const to = q.end_date ?? new Date()
    const from = q.start_date ?? new Date(to.getTime() - OPEN311_MAX_DAYS * DAY_MS)
    if (from > to) throw new IssueError('invalid', 'start_date: after end_date')
    if (to.getTime() - from.getTime() > OPEN311_MAX_DAYS * DAY_MS) throw new IssueError('invalid', `start_date, end_date: at most ${OPEN311_MAX_DAYS} days apart`)
    const open = q.status?.length === 1 ? q.status[0] === 'open' : undefined
    const rows = await selectOpen311Requests(issues.sql, { area: k.area_code, codes: q.service_request_id, services: q.service_code, from, to, open, limit: OPEN311_MAX_REQUESTS })
    sendOpen311(res, format, 200, 'service_requests', 'request', rows.map((r) => toOpen311Request(toIssueSummary(r, issues.limits), r.media_url, localeOf(req))))
  }

  async function one(req: Request, res: Response, format: Open311Format, code: string) {
    const k = await integration(req)
    const [row] = /^[A-Z]\d{14}$/.test(code) ? await selectOpen311Requests(issues.sql, { area: k.area_code, codes: [code], from: new Date(0), to: new Date(), limit: 1 }) : []
    if (!row) throw new IssueError('not-found', `service_request_id: no request ${code} in ${k.area_code}`)
    sendOpen311(res, format, 200, 'service_requests', 'request', [toOpen311Request(toIssueSummary(row, issues.limits), row.media_url, localeOf(req))])
  }

  async function token(req: Request, res: Response, format: Open311Format, id: string) {
    const k = await integration(req)
    const row = /^[0-9a-f-]{36}$/.test(id) ? await selectIssueCode(issues.sql, id, k.area_code) : undefined
    if (!row) throw new IssueError('not-found', `token: no request with token ${id}`)
    sendOpen311(res, format, 200, 'service_requests', 'request', [{ service_request_id: row.code, token: id }])
  }

  function discovery(req: Request, res: Response, format: Open311Format) {
    const url = `${req.protocol}://${req.get('host')}${req.baseUrl}/`
    const endpoint = { specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: '2026-12-03T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }
    const body = { changeset: endpoint.changeset, contact: contact ?? url, key_service: 'npm run users -- api-key NAME --area CODE (an admin of this GridPulse)', endpoints: [endpoint] }
    sendOpen311Object(res, format, 'discovery', body, { ...body, endpoints: { endpoint: [{ ...endpoint, formats: { format: endpoint.formats } }] } })
  }

  /** A route's handler with the format of its path and every refusal in the spec's error form. */
  const handle = (fn: (req: Request, res: Response, format: Open311Format, id: string) => unknown) => async (req: Request, res: Response) => {
    const { parts, format } = parsePath(req.path)
    try {
      await fn(req, res, format, parts[1] ?? '')
    } catch (err) {
      sendRefusal(req, res, format, err)
    }
  }

  function sendRefusal(req: Request, res: Response, format: Open311Format, err: unknown) {
    if (err instanceof RateLimited) {
      res.set('Retry-After', '60')
      return sendOpen311Error(res, format, 429, `api_key: more than ${err.perMinute} requests a minute`)
    }
    if (err instanceof IssueError) return sendOpen311Error(res, format, ISSUE_ERROR_STATUS[err.kind], err.message)
    const parseError = err as { type?: string; status?: number }
    if (parseError.type === 'entity.too.large') return sendOpen311Error(res, format, 413, 'request body is too large')
    if (typeof parseError.status === 'number' && parseError.status < 500) return sendOpen311Error(res, format, parseError.status, (err as Error).message)
    log.error({ err, path: req.path }, 'open311 request failed')
    return sendOpen311Error(res, format, 500, 'the request failed on the server')
  }

  router.get('/discovery{.:format}', handle(discovery))
  router.get('/services{.:format}', handle((req, res, format) => sendOpen311(res, format, 200, 'services', 'service', listOpen311Services(localeOf(req)))))
  router.get('/services/:file', handle((req, res, format, code) => {
    const definition = getOpen311ServiceDefinition(code, localeOf(req))
    if (!definition) throw new IssueError('not-found', `service_code: no service ${code}`)
    const xmlShape = { ...definition, attributes: { attribute: definition.attributes.map((a) => ({ ...a, ...(a.values ? { values: { value: a.values } } : {}) })) } }
    sendOpen311Object(res, format, 'service_definition', definition, xmlShape)
  }))
  router.post('/requests{.:format}', handle(create))
  router.get('/requests{.:format}', handle(list))
  router.get('/requests/:file', handle(one))
  router.get('/tokens/:file', handle(token))
  // Anything else, and a body that did not parse, in the spec's form too.
  router.use((req: Request, res: Response) => sendOpen311Error(res, parsePath(req.path).format, 404, `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`))
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendRefusal(req, res, parsePath(req.path).format, err))
  return router
}

class RateLimited extends Error {
  constructor(readonly perMinute: number) {
    super('rate limited')
  }
}
