// Starts the real server for a browser test: 127.0.0.1, a free port, the embedded PostGIS in
// .data/test-e2e (new each run, shared by its files) seeded with the demo data, and the built client.
import type { Db } from '../../server/db/client'
import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import pino from 'pino'
import { startServer } from '../../server/index.js'

/** Password of the demo accounts in the browser tests. */
export const E2E_PASSWORD = 'gridpulse-e2e'

export interface TestApp {
  url: string
  /** The server's database (to issue an Open311 key, as the CLI would). */
  db: Db
  close(): Promise<void>
}

/**
 * The server of the browser tests; `living` starts one as a new user's first start does (its own
 * data folder, days of history, the demo activity every `periodMs`) instead of the quiet shared one.
 */
export async function startTestApp(options: { port?: number; living?: { dataDir: string; historyDays: number; periodMs: number }; clientDir?: string } = {}): Promise<TestApp> {
  const { living } = options
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: options.port ?? 0,
      databaseUrl: undefined,
      dataDir: living?.dataDir ?? path.resolve(process.env.E2E_DATA_DIR ?? '.data/test-e2e'),
      seedDemo: true,
      // The browser tests post their own reports: no history, no background activity (unless living).
      demoHistoryDays: living?.historyDays ?? 0,
      demoActivity: !!living,
      demoUsers: true,
      demoPassword: E2E_PASSWORD,
      basemap: { kind: 'none' },
    },
    pino({ level: 'warn' }),
    { demoActivityPeriodMs: living?.periodMs, clientDir: options.clientDir },
  )
  return { url: server.url, db: server.db, close: server.close }
}

/** Logs a demo account in over the API: its session (token, expiry, user). */
export async function loginApi(url: string, username: string): Promise<{ token: string; expiresAt: string; user: unknown }> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: E2E_PASSWORD }) })
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`)
  return (await res.json()) as { token: string; expiresAt: string; user: unknown }
}

/** Logs `username` in over the API and puts the session into every page of `context` before its scripts run. */
export async function signIn(context: BrowserContext, url: string, username: string): Promise<{ token: string }> {
  const body = await loginApi(url, username)
  await context.addInitScript((s) => localStorage.setItem('gridpulse.session', s), JSON.stringify({ token: body.token, expiresAt: body.expiresAt, user: body.user }))
  return { token: body.token }
}
