// Who is asking: login (rate-limited), the session of a Bearer token, and wall tokens (read-only,
// scoped, revocable) for the screens of /wall.
import { Router, type RequestHandler, type Response } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import { z } from 'zod'
import { loginRequestSchema } from '../../core/wire/issue-requests.js'
import type { SessionUser } from '../../core/wire/issues.js'
import { LoginFailed, type AuthService } from '../auth/auth-service.js'
import { InvalidTokenError } from '../auth/tokens.js'
import type { Sql } from '../db/client.js'
import { areaExists } from '../db/queries/areas.js'
import { revokeWallToken } from '../db/queries/users.js'
import { HttpError, parseInput } from './http-error.js'

export interface AuthRoutesDeps {
  auth: AuthService
  sql: Sql
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

/** The session requireSession put on the response. */
export const getSession = (res: Response) => (res.locals as Locals).session

export function createAuthRoutes({ auth, sql, loginAttempts = 10, onWallTokenRevoked }: AuthRoutesDeps): Router {
  const router = Router()
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
    res.json({ user: getSession(res) })
  })

  router.post('/wall-tokens', authed, async (req, res) => {
    const s = getSession(res)
    if (s.role !== 'admin' && s.role !== 'operator') throw new HttpError(403, 'only an admin or operator may create wall tokens')
    const body = parseInput(
      z.object({ label: z.string().trim().min(1).max(100), area: z.string().min(1).max(40), days: z.number().int().min(1).max(3650).default(365) }),
      req.body,
    )
    if (!(await areaExists(sql, body.area))) throw new HttpError(400, `area: unknown area ${body.area}`, 'area')
    res.status(201).json(await auth.createWallToken({ label: body.label, areaCode: body.area, createdBy: s.username, days: body.days }))
  })

  router.delete('/wall-tokens/:id', authed, async (req, res) => {
    const s = getSession(res)
    if (s.role !== 'admin' && s.role !== 'operator') throw new HttpError(403, 'only an admin or operator may revoke wall tokens')
    const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be a UUID' }) }), req.params)
    if (!(await revokeWallToken(sql, id))) throw new HttpError(404, `wall token ${id} not found or already revoked`, 'id')
    onWallTokenRevoked?.(id)
    res.status(204).end()
  })

  return router
}
