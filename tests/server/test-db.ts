// Connects a test file to the run's database (see global-setup.ts) as the server would.
import { afterAll, beforeAll, inject } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'
import { login } from './live-helpers.js'

/** One connection by default; a pool of `maxConnections` on a real server (the embedded engine is always one). */
export async function connectTestDb(maxConnections = 1): Promise<Db> {
  const embedded = inject('dbEngine') === 'embedded'
  const db = await openDb({ databaseUrl: inject('databaseUrl'), dataDir: '', maxConnections: embedded ? 1 : maxConnections, migrate: false })
  return { ...db, engine: inject('dbEngine') }
}

/**
 * The file's database connection and an app served on loopback for its tests: filled in before
 * the first test, closed after the last. `fetch` calls the app as the demo planner (who may read
 * every planning endpoint); `anonymous` without a token.
 */
export function useServedApp(overrides: Parameters<typeof serveOnLoopback>[1] = {}) {
  const ctx = {} as {
    db: Db
    app: ServedApp
    token: string
    fetch(url: string, init?: RequestInit): Promise<Response>
    anonymous(url: string, init?: RequestInit): Promise<Response>
  }
  beforeAll(async () => {
    ctx.db = await connectTestDb()
    ctx.app = await serveOnLoopback(ctx.db, overrides)
    ctx.token = await login(ctx.app.url, 'planner')
    const absolute = (url: string) => (url.startsWith('http') ? url : ctx.app.url + url)
    ctx.fetch = (url, init = {}) => fetch(absolute(url), { ...init, headers: { Authorization: `Bearer ${ctx.token}`, ...(init.headers as Record<string, string>) } })
    ctx.anonymous = (url, init) => fetch(absolute(url), init)
  })
  afterAll(async () => {
    await ctx.app?.close()
    await ctx.db?.close()
  })
  return ctx
}
