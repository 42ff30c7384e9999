// Starts GridPulse: opens the database (embedded unless DATABASE_URL), applies migrations,
// seeds the demo data (and its history) on an empty database, serves the API, tiles and client,
// and, on the synthetic demo, runs the living demo's activity.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pino, { type Logger } from 'pino'
import { readConfig, type ServerConfig } from './config.js'
import { openDb, type Db } from './db/client.js'
import { seedDemo } from './import/seed-demo.js'
import { sweepUnlinkedPhotos } from './db/queries/photos.js'
import { createDemoUsers, formatDemoAccounts, resolveDemoPassword } from './auth/demo-users.js'
import { serveApp, type ServedApp } from './http-server.js'
import { holdsOnlyDemoData } from './db/queries/areas.js'
import { seedIssueHistory, type SeededHistory } from './demo/seed-issue-history.js'
import { startDemoActivity, type DemoActivity } from './demo/demo-activity.js'
import { loadTimeLimits } from './issues/time-limits.js'
import { backfillIssueCells } from './issues/backfill-issue-cells.js'
import { DEFAULT_TIME_ZONE } from '../core/domain/city-time.js'
import type { DemoAccount } from './auth/demo-users.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLIENT_DIR = process.env.CLIENT_BUILD_DIR ? path.resolve(process.env.CLIENT_BUILD_DIR) : path.join(ROOT, 'dist/client')

export function readVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

export interface RunningServer extends ServedApp {
  db: Db
  /** The demo accounts created at this start and their password (DEMO_USERS). */
  demoAccounts?: { accounts: DemoAccount[]; password: string }
  /** The history written at this start (a first start on the demo data). */
  demoHistory?: SeededHistory
  /** The living demo's activity, when it runs. */
  demoActivity?: DemoActivity
}

export interface StartOptions {
  /** Each phase as it starts (opening the database, each migration, seeding …): `npm start` prints them. */
  progress?: (message: string) => void
  /** Awaited before the server listens (`npm start` builds the client meanwhile). */
  beforeServe?: Promise<void>
  /** Mean time between the demo activity's steps (default 3 s; the tests go faster). */
  demoActivityPeriodMs?: number
  /** How often the figures' rollups follow the log (default 1 s); 0: never (tests that roll up themselves). */
  figureRollupPeriodMs?: number
  /** The built client to serve (default CLIENT_BUILD_DIR, else dist/client): a test serves a copy it changes. */
  clientDir?: string
}

/** Starts the whole server; `overrides` lets tests pick a port and data folder. */
export async function startServer(overrides: Partial<ServerConfig> = {}, log?: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const config = { ...readConfig(), ...overrides }
  log ??= pino({ level: config.logLevel })
  // A caller that prints the phases itself gets them once, not also as log lines.
  const progress = (m: string) => {
    if (options.progress) {
      log.debug(m)
      options.progress(m)
    } else log.info(m)
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedSharedBuffers: config.embeddedSharedBuffers, parallelWorkers: config.parallelWorkers, onProgress: progress })
  let activity: DemoActivity | null = null
  let served: ServedApp | undefined
  try {
    const seeded = config.seedDemo ? await seedDemo(db.sql, { onProgress: (m) => progress(`demo data: ${m}`) }) : null
    if (seeded) progress('demo data seeded')
    let demoAccounts: RunningServer['demoAccounts']
    if (config.demoUsers) {
      const { password } = resolveDemoPassword(config.demoPassword, config.dataDir)
      demoAccounts = { accounts: await createDemoUsers(db.sql, password), password }
      // Printed whatever the log level unless the caller prints its own summary: the first thing a new user needs.
      if (!options.progress) console.log(formatDemoAccounts(demoAccounts.accounts, password))
    }
    let demoHistory: SeededHistory | undefined
    // Written while the log is empty and the data only the demo's: on the first start, or on a later
    // one if that start was interrupted before its history was committed.
    if (config.seedDemo && config.demoHistoryDays > 0 && (await holdsOnlyDemoData(db.sql))) {
      progress(`demo history: planning ${config.demoHistoryDays} days of issues`)
      demoHistory = (await seedIssueHistory(db.sql, {
        days: config.demoHistoryDays,
        end: new Date(),
        timeZone: DEFAULT_TIME_ZONE,
        limits: await loadTimeLimits(db.sql),
        onProgress: progress,
      })) ?? undefined
      if (demoHistory) progress(`demo history: ${demoHistory.issues} issues, ${demoHistory.events} events in ${demoHistory.seconds.toFixed(1)} s`)
    }
    // Issues stored before their H3 cells were (migration 0008) get them now.
    const filled = await backfillIssueCells(db.sql)
    if (filled) progress(`H3 cells filled in for ${filled} issues`)
    // Photos a request stored and then died before linking (a crash between the two): gone at start.
    const swept = await sweepUnlinkedPhotos(db.sql)
    if (swept) log.info({ photos: swept }, 'removed photos linked to no issue')
    await options.beforeServe
    served = await serveApp({ db, config, log, version: readVersion(), clientDir: options.clientDir ?? CLIENT_DIR, figureRollupPeriodMs: options.figureRollupPeriodMs })
    const app = served
    log.info({ url: served.url, db: db.engine }, 'GridPulse is listening')
    activity = config.demoActivity ? await startDemoActivity({ sql: db.sql, issues: served.issues, log, periodMs: options.demoActivityPeriodMs }) : null
    return {
      ...app,
      db,
      demoAccounts,
      demoHistory,
      demoActivity: activity ?? undefined,
      async close() {
        await activity?.stop()
        await app.close()
        await db.close()
      },
    }
  } catch (err) {
    // A failure after listening (the activity's start) closes the server too, or the process would stay up on a closed pool.
    await activity?.stop()
    await served?.close()
    await db.close()
    throw err
  }
}
