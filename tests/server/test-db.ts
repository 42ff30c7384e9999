// Connects a test file to the run's database (see global-setup.ts) as the server would.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
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

/**
 * The file's database connection, an app served on loopback and a token for each of `users` (demo
 * accounts), filled in before the first test; `beforeClose` runs before the app and the connection close.
 */
export function useAppAs(users: string[], beforeClose?: (db: Db) => Promise<unknown>) {
  const ctx = { tokens: {} as Record<string, string> } as { db: Db; app: ServedApp; tokens: Record<string, string> }
  beforeAll(async () => {
    ctx.db = await connectTestDb()
    ctx.app = await serveOnLoopback(ctx.db)
    for (const u of users) ctx.tokens[u] = await login(ctx.app.url, u)
  })
  afterAll(async () => {
    if (ctx.db) await beforeClose?.(ctx.db)
    await ctx.app?.close()
    await ctx.db?.close()
  })
  return ctx
}

/**
 * A database of its own for a test file that starts whole servers on it (a first start, a bulk
 * history): a scratch database beside the suite's on a PostgreSQL server (`<suite db>_<name>`), or a
 * new data folder for the embedded engine. `cleanup` drops it.
 */
export async function createScratchDatabase(name: string): Promise<{ where: { databaseUrl: string | undefined; dataDir: string }; cleanup(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name.replace(/_/g, '-')}-`))
  if (inject('dbEngine') !== 'server') return { where: { databaseUrl: undefined, dataDir }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) }
  const url = new URL(inject('databaseUrl'))
  const database = `${url.pathname.slice(1)}_${name}`
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${database}`)
  await admin.unsafe(`CREATE DATABASE ${database}`)
  url.pathname = `/${database}`
  return {
    where: { databaseUrl: url.toString(), dataDir },
    cleanup: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
