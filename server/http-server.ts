// Puts the parts together on one HTTP server: the Express app, the auth and issue services,
// and Socket.IO with the live issue feed (through a cluster adapter when the database is a
// PostgreSQL server, so several processes share one feed: realtime/cluster-adapter.ts).
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { Server } from 'socket.io'
import { primePool } from './db/primed-pool.js'
import { primeIntake } from './issues/prime-intake.js'
import { createApp } from './app.js'
import { createExpressHttpServer } from './express-http-server.js'
import { createAuthService, type AuthService } from './auth/auth-service.js'
import type { ServerConfig } from './config.js'
import type { Db } from './db/client.js'
import type { IssueContext } from './issues/report-issue.js'
import { startEmbeddedMaintenance } from './db/embedded-maintenance.js'
import { startFigureRollups } from './issues/figure-rollups.js'
import { createAreaChains } from './issues/area-chains.js'
import { makeMonthsAhead, startIssueMonths } from './issues/issue-months.js'
import { DEFAULT_TIME_ZONE } from '../core/domain/city-time.js'
import { loadTimeLimits } from './issues/time-limits.js'
import { createIssueFeed, type FeedServer, type IssueFeed } from './realtime/issue-feed.js'
import { attachWallRemote } from './realtime/wall-remote.js'
import { attachClusterAdapter, type ClusterAdapter, type ClusterAdapterKind } from './realtime/cluster-adapter.js'
import { createCoverageService } from './coverage/coverage-service.js'
import { createClosureFeed } from './realtime/closure-feed.js'
import { createLiveSnapshot } from './issues/live-snapshot.js'
import { LIVE_SNAPSHOT_DAYS } from '../core/wire/issues.js'

export interface ServeOptions {
  db: Db
  config: ServerConfig
  log: Logger
  version: string
  clientDir?: string
  /** How often the figures' rollups follow the log (default ROLLUP_PERIOD_MS); 0: never. */
  figureRollupPeriodMs?: number
  /** The most a connecting socket is replayed (default MAX_REPLAY_EVENTS; tests go lower). */
  maxReplayEvents?: number
  /** How many of the last relayed events the feed holds for replays (default RECENT_EVENTS; the tests make it small). */
  recentEvents?: number
}

export interface ServedApp {
  url: string
  /** The Express app (its routes are checked against the access table by the tests). */
  app: ReturnType<typeof createApp>
  port: number
  /** The HTTP server the app and Socket.IO listen on (express-http-server.ts). */
  httpServer: import('node:http').Server
  io: FeedServer
  feed: IssueFeed
  /** How the processes share the feed ('redis', 'postgres'), or undefined on the embedded engine. */
  adapter?: ClusterAdapterKind
  auth: AuthService
  /** The issue services' context: what every report and transition goes through (the demo activity too). */
  issues: IssueContext
  close(): Promise<void>
}

/** Serves everything on config.host:config.port (0: a free port). */
export async function serveApp({ db, config, log, version, clientDir, figureRollupPeriodMs, maxReplayEvents, recentEvents }: ServeOptions): Promise<ServedApp> {
  // A server's pool opened and primed now rather than by the first burst of reports (primed-pool.ts).
  if (db.engine === 'server') await primePool(db.sql, (c) => primeIntake(c))
  const auth = await createAuthService({ sql: db.sql, secret: config.authSecret, tokenTtlHours: config.tokenTtlHours })
  // One embedded engine serves one process: there is no other process to share the feed with.
  const clustered = db.engine === 'server' && !!config.databaseUrl
  /** The cluster adapter, attached once Socket.IO is made (below). */
  let adapter: ClusterAdapter | undefined
  const coverage = createCoverageService(db.sql)
  const closures = createClosureFeed({ sql: db.sql, coverage, log })
  const feed = createIssueFeed({ sql: db.sql, log, authenticate: (token) => auth.verify(token), coalesceMs: config.feedCoalesceMs, hasPeers: () => adapter?.hasPeers() ?? false, maxReplayEvents, recentEvents, onRelayed: (messages) => closures.relayed(messages) })
  const limits = await loadTimeLimits(db.sql)
  const issues: IssueContext = {
    sql: db.sql,
    limits,
    evaluation: config.evaluation,
    onCommitted: (message, rooms) => void feed.committed(message, rooms),
    areaChains: createAreaChains(db.sql),
    liveSnapshot: createLiveSnapshot({
      sql: db.sql,
      limits,
      days: LIVE_SNAPSHOT_DAYS,
      onError: (err) => log.warn({ err }, 'live snapshot: reading the issues failed; the table answers, and they are read again within a minute'),
    }),
  }
  issues.liveSnapshot?.prime()
  const app = createApp({
    db,
    coverage,
    closures,
    config,
    log,
    version,
    clientDir,
    authRoutes: { auth, sql: db.sql, loginAttempts: config.loginAttempts, log, onWallTokenRevoked: (id) => {
        feed.disconnectWallToken(id)
        wallRemote?.disconnectWallToken(id)
      }, onSessionsRevoked: (username) => feed.disconnectUser(username) },
    issueRoutes: { auth, issues },
  })
  let wallRemote: ReturnType<typeof attachWallRemote> | undefined
  const server = createExpressHttpServer(app)
  // WebSocket only: no long-polling handshake to pin to one process, so no sticky sessions.
  const io: FeedServer = new Server(server, {
    transports: ['websocket'],
    serveClient: false,
    // A page from another site may not open the feed with a token it holds (Socket.IO's default takes any Origin).
    allowRequest: (req, callback) => {
      const ok = isAllowedOrigin(req.headers.origin, req.headers.host, config.allowedOrigins)
      callback(ok ? null : `origin ${req.headers.origin} is not allowed`, ok)
    },
  })
  adapter = clustered ? await attachClusterAdapter(io as unknown as Server, { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, log }) : undefined
  await feed.attach(io)
  closures.attach(io as unknown as Server)
  wallRemote = attachWallRemote(io as unknown as Server, { authenticate: (token) => auth.verify(token), log })
  // This month's and the next months' tables before the first report can come (a database not
  // served for months would have none for today).
  await makeMonthsAhead(db.sql)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  // The figures' day rows follow the event log (issues/figure-rollups.ts); figures are exact at any lag.
  const rollups =
    figureRollupPeriodMs === 0
      ? undefined
      : startFigureRollups(db.sql, { timeZone: DEFAULT_TIME_ZONE, limits: issues.limits, periodMs: figureRollupPeriodMs, onError: (err) => log.warn({ err }, 'figure rollups: run failed, trying again') })
  // The embedded engine has no autovacuum: statistics and dead rows are kept by a job of ours.
  const maintenance = db.engine === 'embedded' ? startEmbeddedMaintenance(db.sql, { onError: (err) => log.warn({ err }, 'embedded maintenance: VACUUM (ANALYZE) failed') }) : undefined
  // The issues' monthly partitions are made ahead of the reports that go to them.
  const months = startIssueMonths(db.sql, { engine: db.engine, onError: (err) => log.warn({ err }, 'issue months: making the next months or analysing the tables failed') })
  return {
    url: `http://${config.host}:${port}`,
    app,
    port,
    httpServer: server,
    io,
    feed,
    auth,
    issues,
    adapter: adapter?.kind,
    async close() {
      feed.close()
      closures.close()
      io.disconnectSockets(true)
      server.closeAllConnections()
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await adapter?.close()
      await coverage.close()
      await rollups?.stop()
      await maintenance?.stop()
      await months.stop()
    },
  }
}

/**
 * Whether a browser page at `origin` may open a socket here: no Origin at all (a script or a
 * service, not a browser page), this server's own origin (the Host it was asked by), or one of
 * ALLOWED_ORIGINS.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true
  return allowed.includes(origin)
}
