// Connects a test file to the run's database (see global-setup.ts) as the server would.
import { afterAll, beforeAll, inject } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'
import type { ServedApp } from '../../server/http-server.js'
import { serveOnLoopback } from '../../server/serve-on-loopback.js'

/** One connection by default; a pool of `maxConnections` on a real server (the embedded engine is always one). */
export async function connectTestDb(maxConnections = 1): Promise<Db> {
  const embedded = inject('dbEngine') === 'embedded'
  const db = await openDb({ databaseUrl: inject('databaseUrl'), dataDir: '', maxConnections: embedded ? 1 : maxConnections, migrate: false })
  return { ...db, engine: inject('dbEngine') }
}

/**
 * The file's database connection and an app served on loopback for its tests: filled in before
 * the first test, closed after the last.
 */
export function useServedApp(overrides: Parameters<typeof serveOnLoopback>[1] = {}): { db: Db; app: ServedApp } {
  const ctx = {} as { db: Db; app: ServedApp }
  beforeAll(async () => {
    ctx.db = await connectTestDb()
    ctx.app = await serveOnLoopback(ctx.db, overrides)
  })
  afterAll(async () => {
    await ctx.app?.close()
    await ctx.db?.close()
  })
  return ctx
}
