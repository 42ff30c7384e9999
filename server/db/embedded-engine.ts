// Runs inside the embedded database's worker thread: opens PGlite + PostGIS on the data folder
// and serves it on a loopback port with pglite-socket. Kept off the main thread so the database's
// CPU work (WebAssembly) runs on its own core while the main thread serves HTTP and sockets.
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { AddressInfo } from 'node:net'
import { enforceExtendedProtocolSync } from './extended-protocol-sync.js'

/** What the worker tells the thread that started it. */
export type EngineMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string } | { type: 'stopped' }

const { pgDataDir } = workerData as { pgDataDir: string }
const port = parentPort!
const post = (message: EngineMessage) => port.postMessage(message)

try {
  const db = await PGlite.create({ dataDir: pgDataDir, extensions: { postgis } })
  enforceExtendedProtocolSync(db)
  // One client connection: pglite-socket would interleave the transactions of several.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 })
  await server.start()
  const address = (server as unknown as { server: import('node:net').Server }).server.address() as AddressInfo | null
  if (!address || typeof address === 'string') throw new Error('pglite-socket did not report a TCP port')
  port.on('message', async (message: unknown) => {
    if (message !== 'stop') return
    try {
      await server.stop()
      await db.close()
    } finally {
      post({ type: 'stopped' })
    }
  })
  post({ type: 'listening', port: address.port })
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
}
