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

/**
 * PGlite must not be opened twice at once (by two processes, or twice in one): say so clearly
 * instead of corrupting it. The lock file is created exclusively; a stale one (its process gone)
 * is removed and the creation tried again.
 */
function takeLock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      return () => fs.rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = Number(fs.readFileSync(file, 'utf8'))
    if (pid && isAlive(pid)) {
      const who = pid === process.pid ? 'this process already' : `process ${pid}`
      throw new Error(
        `the embedded database in ${dataDir} is in use by ${who}; stop that process, ` +
          'use another DATA_DIR, or set DATABASE_URL to a PostgreSQL server',
      )
    }
    fs.rmSync(file, { force: true })
  }
  throw new Error(`could not take the lock ${file}: another process keeps creating it`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
