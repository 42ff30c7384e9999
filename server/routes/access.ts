// Who may read what, in one place: each protected route names one of these rules, README ›
// Security lists them as a table, and tests/server/route-rules.test.ts checks every route the app
// serves against that table, so no route can be added without a rule.
import type { RequestHandler } from 'express'
import type { Role } from '../../core/domain/issue-lifecycle.js'
import type { SessionUser } from '../../core/wire/issues.js'
import type { AuthService } from '../auth/auth-service.js'
import { getSession, requireSession } from './auth.js'
import { HttpError } from './http-error.js'

type Caller = Role | 'wall'

/** Coverage figures per area: the planning roles, and a leader's or wall's own area (answers are cut to it). */
export const COVERAGE_READERS: readonly Caller[] = ['admin', 'operator', 'planner', 'street_leader', 'community_leader', 'wall']
/** Residents' locations and the analysis inputs: the planning roles only. */
export const RESIDENT_DATA_READERS: readonly Caller[] = ['admin', 'operator', 'planner']

/** Requires a session whose role is one of `roles` (401 without a session, 403 with another role). */
export function requireRole(auth: AuthService | undefined, roles: readonly Caller[]): RequestHandler {
  if (!auth) return (_req, _res, next) => next(new HttpError(401, 'authorization: this server has no logins configured', 'authorization'))
  const session = requireSession(auth)
  return (req, res, next) =>
    session(req, res, (err?: unknown) => {
      if (err) return next(err)
      const s = getSession(res)
      next(roles.includes(s.role) ? undefined : new HttpError(403, `a ${s.role} may not read this`))
    })
}

/** Reads a Bearer token if there is one (res.locals.session), and goes on without one; a bad token is still a 401. */
export function readOptionalSession(auth: AuthService | undefined): RequestHandler {
  const required = auth ? requireSession(auth) : undefined
  return (req, res, next) => (required && req.headers.authorization ? required(req, res, next) : next())
}

/** The session readOptionalSession found, if any. */
export const findSession = (res: { locals: unknown }): SessionUser | undefined => (res.locals as { session?: SessionUser }).session

/** Whether the caller sees every area (district-wide roles) or only its own area and below. */
export const seesOnlyOwnArea = (s: SessionUser) => s.role === 'street_leader' || s.role === 'community_leader' || s.role === 'grid_worker' || s.role === 'wall'
