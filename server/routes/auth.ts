// Who is asking: login (limited per address and name, and slowed per account: auth/login-limits.ts),
// the session of a Bearer token, and wall tokens (read-only, scoped, revocable) for the screens of /wall.
import { Router, type RequestHandler, type Response } from 'express'
import type { Logger } from 'pino'
import { z } from 'zod'
import { loginRequestSchema } from '../../core/wire/issue-requests.js'
import type { SessionUser } from '../../core/wire/issues.js'
import { textSchema } from '../../core/wire/text.js'
import { LoginFailed, type AuthService } from '../auth/auth-service.js'
import { addFailure, decideLogin, DEFAULT_LOGIN_LIMITS, type LoginLimitPolicy } from '../auth/login-limits.js'
import { InvalidTokenError } from '../auth/tokens.js'
import type { Sql } from '../db/client.js'
import { areaExists } from '../db/queries/areas.js'
import { accountKey, addressKey, deleteLoginFailures, selectLoginFailures, upsertLoginFailures } from '../db/queries/login-failures.js'
import { revokeWallToken } from '../db/queries/users.js'
import { HttpError, parseInput } from './http-error.js'

export interface AuthRoutesDeps {
  auth: AuthService
  sql: Sql
  /** Failed logins allowed per address and username (and per account before it is slowed) in 15 minutes. */
  loginAttempts?: number
  /** Where a lock is logged. */
  log?: Pick<Logger, 'warn'>
  now?: () => Date
  /** Ends the live sockets of a revoked wall token. */
  onWallTokenRevoked?: (id: string) => void
  /** Ends the live sockets of a user who logged out. */
  onSessionsRevoked?: (username: string) => void
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

export function createAuthRoutes({ auth, sql, loginAttempts = 10, log, now = () => new Date(), onWallTokenRevoked, onSessionsRevoked }: AuthRoutesDeps): Router {
  const router = Router()
  const authed = requireSession(auth)
  const policy: LoginLimitPolicy = { ...DEFAULT_LOGIN_LIMITS, attempts: loginAttempts }

  router.post('/login', async (req, res) => {
    const { username, password } = parseInput(loginRequestSchema, req.body)
    // req.ip is the socket's address unless TRUST_PROXY names the proxies whose X-Forwarded-For counts.
    const keys = { address: addressKey(req.ip ?? 'unknown', username), account: accountKey(username) }
    const counts = await selectLoginFailures(sql, [keys.address, keys.account])
    const at = now()
    const verdict = decideLogin({ address: counts.get(keys.address), account: counts.get(keys.account) }, at, policy)
    if (!verdict.allowed) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))
      res.set('Retry-After', String(seconds))
      throw new HttpError(429, verdict.reason === 'address' ? `too many failed logins from this address: wait ${Math.ceil(seconds / 60)} minutes and try again` : `too many failed logins for this account: wait ${seconds} s and try again`)
    }
    try {
      const answer = await auth.login(username, password)
      await deleteLoginFailures(sql, [keys.address, keys.account])
      res.json(answer)
    } catch (err) {
      if (!(err instanceof LoginFailed)) throw err
      const address = addFailure(counts.get(keys.address), 'address', at, policy)
      const account = addFailure(counts.get(keys.account), 'account', at, policy)
      await upsertLoginFailures(sql, username, [
        [keys.address, address],
        [keys.account, account],
      ])
      if (address.failures === policy.attempts || account.failures === policy.attempts) {
        log?.warn({ username, address: req.ip, addressFailures: address.failures, accountFailures: account.failures }, 'login locked: too many failed logins')
      }
      throw new HttpError(401, err.message)
    }
  })

  // Ends every session of the user (this token and the others), and their live sockets here.
  router.post('/logout', authed, async (_req, res) => {
    const s = getSession(res)
    if (s.role === 'wall') throw new HttpError(400, 'a wall token is ended by revoking it (DELETE /api/wall-tokens/:id)')
    await auth.revokeSessions(s.username)
    onSessionsRevoked?.(s.username)
    res.status(204).end()
  })

  router.get('/me', authed, (_req, res) => {
    res.json({ user: getSession(res) })
  })

  router.post('/wall-tokens', authed, async (req, res) => {
    const s = getSession(res)
    if (s.role !== 'admin' && s.role !== 'operator') throw new HttpError(403, 'only an admin or operator may create wall tokens')
    const body = parseInput(
      z.object({
        label: textSchema(100).transform((s) => s.trim()).pipe(z.string().min(1, 'required')),
        area: z.string().regex(/^[0-9A-Za-z-]{1,40}$/, 'an area code'),
        days: z.number().int().min(1).max(3650).default(365),
      }),
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
