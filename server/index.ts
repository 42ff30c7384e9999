// Starts GridPulse: opens the database (embedded unless DATABASE_URL), applies migrations,
// seeds the demo data on an empty database, and serves the API, tiles and client.
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLIENT_DIR = process.env.CLIENT_BUILD_DIR ? path.resolve(process.env.CLIENT_BUILD_DIR) : path.join(ROOT, 'dist/client')

export function readVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

export interface RunningServer extends ServedApp {
  db: Db
}

/** Starts the whole server; `overrides` lets tests pick a port and data folder. */
export async function startServer(overrides: Partial<ServerConfig> = {}, log?: Logger): Promise<RunningServer> {
  const config = { ...readConfig(), ...overrides }
  log ??= pino({ level: config.logLevel })
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onProgress: (m) => log.info(m) })
  try {
    if (config.seedDemo) {
      const seeded = await seedDemo(db.sql, { onProgress: (m) => log.info(m) })
      if (seeded) log.info('demo data seeded')
    }
    if (config.demoUsers) {
      const { password } = resolveDemoPassword(config.demoPassword, config.dataDir)
      const accounts = await createDemoUsers(db.sql, password)
      // Printed whatever the log level: the first thing a new user needs.
      console.log(formatDemoAccounts(accounts, password))
    }
    // Photos a request stored and then died before linking (a crash between the two): gone at start.
    const swept = await sweepUnlinkedPhotos(db.sql)
    if (swept) log.info({ photos: swept }, 'removed photos linked to no issue')
    const served = await serveApp({ db, config, log, version: readVersion(), clientDir: CLIENT_DIR })
    log.info({ url: served.url, db: db.engine }, 'GridPulse is listening')
    return {
      ...served,
      db,
      async close() {
        await served.close()
        await db.close()
      },
    }
  } catch (err) {
    await db.close()
    throw err
  }
}
