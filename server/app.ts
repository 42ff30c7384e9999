// Builds the Express app from its dependencies (database, config, logger), so tests run
// the real routes against the embedded PostGIS without mocks.
import fs from 'node:fs'
import path from 'node:path'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { Logger } from 'pino'
import type { ServerConfig } from './config.js'
import type { Db } from './db/client.js'
import { HttpError } from './routes/http-error.js'
import { IssueError, ISSUE_ERROR_STATUS } from './issues/issue-errors.js'
import { createAuthRoutes, type AuthRoutesDeps } from './routes/auth.js'
import { createCoverageRoutes } from './routes/coverage.js'
import { createCoverageService, type CoverageService } from './coverage/coverage-service.js'
import { createClosureFeed, type ClosureFeed } from './realtime/closure-feed.js'
import { createIssueRoutes, type IssueRoutesDeps } from './routes/issues.js'
import { createReadApi } from './routes/read-api.js'
import { createTileRouter } from './routes/tiles.js'
import { createTileService, type TileService } from './tiles/tile-service.js'
import { createSecurityHeaders } from './security-headers.js'
import { createOpen311Router } from './open311/open311-router.js'

export interface AppDeps {
  db: Db
  config: ServerConfig
  log: Logger
  version: string
  tiles?: TileService
  /** Coverage answers, cached per data version; one is made when omitted. */
  coverage?: CoverageService
  /** Live closures and their cost; one is made (with no sockets) when omitted. */
  closures?: ClosureFeed
  /** Built client to serve (dist/client); omitted in API-only tests. */
  clientDir?: string
  /** Login and wall tokens; omitted in read-only tests. */
  authRoutes?: AuthRoutesDeps
  /** Issues and photos; omitted in read-only tests. */
  issueRoutes?: IssueRoutesDeps
}

/** Client-side routes that all load index.html. */
const CLIENT_ROUTES = ['/', '/plan', '/wall', '/wall/remote', '/report']

export function createApp(deps: AppDeps) {
  const app = express()
  app.disable('x-powered-by')
  app.use(createSecurityHeaders({ basemap: deps.config.basemap, frameAncestors: deps.config.frameAncestors }))
  app.set('query parser', 'simple')
  // Answers over 1 KB gzipped for a client that accepts it (level 1, the fastest: a city's live
  // snapshot as JSON shrinks about 6×, 31.5 → 5.4 MB, in zlib's thread pool — README, *A city's
  // year*). Tiles that are gzipped already say so and are left alone.
  app.use(compression({ level: 1, threshold: 1024 }))
  app.use(express.json({ limit: deps.config.maxBodyBytes }))

  // Unset: X-Forwarded-For is ignored and the client is the socket's peer (a made-up header changes nothing).
  app.set('trust proxy', deps.config.trustProxy)
  const auth = deps.authRoutes?.auth
  app.use('/api', createReadApi(deps, auth))
  const coverage = deps.coverage ?? createCoverageService(deps.db.sql)
  const closures = deps.closures ?? createClosureFeed({ sql: deps.db.sql, coverage, log: deps.log })
  app.use('/api', createCoverageRoutes({ sql: deps.db.sql, coverage, closures, auth }))
  if (deps.authRoutes) app.use('/api', createAuthRoutes(deps.authRoutes))
  if (deps.issueRoutes) app.use('/api', createIssueRoutes(deps.issueRoutes))
  // Open311 GeoReport v2 for outside systems (server/open311/): its own paths, formats and errors.
  if (deps.issueRoutes) app.use('/open311/v2', createOpen311Router({ issues: deps.issueRoutes.issues, log: deps.log }))
  app.use('/tiles', createTileRouter(deps.tiles ?? createTileService(deps.db.sql), deps.version, auth))
  app.use(['/api', '/tiles'], (req, _res, next) => next(new HttpError(404, `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`)))

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const index = path.join(deps.clientDir, 'index.html')
    app.use('/assets', express.static(path.join(deps.clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
    app.use(express.static(deps.clientDir, { index: false }))
    app.get(CLIENT_ROUTES, (_req, res) => res.sendFile(index))
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = describeError(err)
    if (status >= 500) deps.log.error({ err, path: req.path }, 'request failed')
    res.status(status).json(body)
  })
  return app
}

/** Maps any thrown error to a status and a body `{ error: { message, field? } }`. */
function describeError(err: unknown): { status: number; body: { error: { message: string; field?: string } } } {
  if (err instanceof HttpError) return { status: err.status, body: { error: { message: err.message, field: err.field } } }
  if (err instanceof IssueError) return { status: ISSUE_ERROR_STATUS[err.kind], body: { error: { message: err.message, field: err.field }, ...err.details } }
  const e = err as { type?: string; status?: number; message?: string }
  if (e?.type === 'entity.parse.failed') return { status: 400, body: { error: { message: `malformed JSON: ${e.message}` } } }
  if (e?.type === 'entity.too.large') return { status: 413, body: { error: { message: 'request body is too large' } } }
  if (e?.status && e.status >= 400 && e.status < 500) return { status: e.status, body: { error: { message: e.message ?? 'bad request' } } }
  return { status: 500, body: { error: { message: 'internal error' } } }
}
