// The embedded PostgreSQL + PostGIS: PGlite with its PostGIS extension, persisted in a
// data folder and served on a loopback port by pglite-socket so postgres.js talks to it
// exactly as it talks to a real server.
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { enforceExtendedProtocolSync } from './extended-protocol-sync.js'

export interface EmbeddedPostgres {
  host: string
  port: number
  stop(): Promise<void>
}

const LOCK_FILE = 'gridpulse.lock'

/** Starts PGlite + PostGIS on 127.0.0.1 (random port); one process per data folder. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  fs.mkdirSync(dataDir, { recursive: true })
  const releaseLock = takeLock(dataDir)
  try {
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata'), extensions: { postgis } })
    enforceExtendedProtocolSync(db)
    // One client connection: pglite-socket would interleave the transactions of several.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 })
    await server.start()
    const address = (server as unknown as { server: import('node:net').Server }).server.address()
    if (!address || typeof address === 'string') throw new Error('pglite-socket did not report a TCP port')
    return {
      host: '127.0.0.1',
      port: address.port,
      async stop() {
        await server.stop()
        await db.close()
        releaseLock()
      },
    }
  } catch (err) {
    releaseLock()
    throw err
  }
}

/** PGlite must not be opened by two processes at once: say so clearly instead of corrupting it. */
function takeLock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE)
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'))
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${pid}; stop that process, ` +
          'use another DATA_DIR, or set DATABASE_URL to a PostgreSQL server',
      )
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  fs.writeFileSync(file, String(process.pid))
  return () => fs.rmSync(file, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
