// Starts one database for the whole `unit` run: the real server named by DATABASE_URL, or
// a new embedded PostGIS in .data/test; migrates and seeds the demo data and accounts.
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDb } from '../../server/db/client.js'
import { startEmbeddedPostgres } from '../../server/db/embedded/start-embedded.js'
import { seedDemo } from '../../server/import/seed-demo.js'
import { createDemoUsers } from '../../server/auth/demo-users.js'

/** Password of the demo accounts in the test database. */
export const TEST_PASSWORD = 'gridpulse-test'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    dbEngine: 'embedded' | 'server'
  }
}

export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL
  let stop = async () => {}
  if (!url) {
    // A new folder each run, so the database always holds exactly the committed demo data.
    const dir = path.resolve(process.env.TEST_DATA_DIR ?? '.data/test')
    fs.rmSync(dir, { recursive: true, force: true })
    const pg = await startEmbeddedPostgres(dir, { serveTcp: true })
    url = `postgres://postgres@${pg.tcp!.host}:${pg.tcp!.port}/postgres`
    stop = pg.stop
  }
  try {
    // Migrate and seed through one connection; test files then connect on their own, one at a time.
    const db = await openDb({ databaseUrl: url, dataDir: '', maxConnections: 1 })
    try {
      await seedDemo(db.sql)
      await createDemoUsers(db.sql, TEST_PASSWORD)
    } finally {
      await db.close()
    }
  } catch (err) {
    await stop()
    throw err
  }
  project.provide('databaseUrl', url)
  project.provide('dbEngine', process.env.DATABASE_URL ? 'server' : 'embedded')
  return stop
}
