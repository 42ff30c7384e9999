// Starts GridPulse: opens the database (embedded unless DATABASE_URL), applies migrations,
// seeds the demo data on an empty database, and serves the API, tiles and client.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pino, { type Logger } from 'pino'
import { createApp } from './app.js'
import { readConfig, type ServerConfig } from './config.js'
import { openDb, type Db } from './db/client.js'
import { seedDemo } from './import/seed-demo.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLIENT_DIR = path.join(ROOT, 'dist/client')

export function readVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

export interface RunningServer {
  url: string
  port: number
  db: Db
  close(): Promise<void>
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
    const app = createApp({ db, config, log, version: readVersion(), clientDir: CLIENT_DIR })
    const server = http.createServer(app)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, resolve)
    })
    const address = server.address() as import('node:net').AddressInfo
    const url = `http://${config.host}:${address.port}`
    log.info({ url, db: db.engine }, 'GridPulse is listening')
    return {
      url,
      port: address.port,
      db,
      async close() {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await db.close()
      },
    }
  } catch (err) {
    await db.close()
    throw err
  }
}
