// Runs inside the embedded database's worker thread: opens PGlite + PostGIS on the data folder
// and serves client sessions — over MessagePorts from the thread that started it (the server's
// own connection), and, when asked, on a loopback TCP port (for clients in other processes, such
// as test files). Both kinds wait in one queue and are served one whole session at a time. Kept off the main thread so the database's CPU work
// (WebAssembly) runs on its own core while the main thread serves HTTP and sockets.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { enforceExtendedProtocolSync } from './extended-protocol-sync.js'
import { cacheFileSizes, type EmscriptenFs } from './file-size-cache.js'
import { serveWireSession } from './wire-session.js'
import { portChannel, socketChannel, type WireChannel } from './wire-channel.js'

export interface EngineOptions {
  pgDataDir: string
  /** Also listen on 127.0.0.1 (a random port) for clients in other processes. */
  serveTcp: boolean
  /** PostgreSQL's shared_buffers (EMBEDDED_SHARED_BUFFERS): why 512 MB, below. */
  sharedBuffers: string
}

/** What the worker tells the thread that started it. */
export type EngineMessage =
  | { type: 'ready'; tcpPort: number | null }
  | { type: 'failed'; message: string }
  | { type: 'stopped' }

/** What the thread that started it asks of the worker. */
export type EngineRequest = { type: 'session'; port: MessagePort } | { type: 'stop' }

const { pgDataDir, serveTcp, sharedBuffers } = workerData as EngineOptions
const parent = parentPort!
const post = (message: EngineMessage) => parent.postMessage(message)

try {
  // 512 MB of shared buffers by default instead of PostgreSQL's 128: a scan of a table larger than a
  // quarter of them goes through a small ring of buffers and is read from the files again every time —
  // in PGlite each 8 kB page a file read made from JavaScript. A month of a city's issues is about
  // 85 MB: with 128 MB, the hotspots' and figures' scans of a 30-day window read 10,500 pages per
  // request. Measured on the embedded year (two runs each, p50): the city's 30-day figures 180–191 →
  // 155 ms, a street's week 90–98 → 69–80, the r8 hotspots 224–248 → 176–179. The cost: a fresh
  // engine's resident memory 0.87–1.01 → 1.28–1.29 GB (WebAssembly memory, at most 2 GB in all).
  const db = await PGlite.create({ dataDir: pgDataDir, extensions: { postgis }, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] })
  enforceExtendedProtocolSync(db)
  // A relation's size from memory rather than an fstat per seek to its end (file-size-cache.ts).
  cacheFileSizes(db.Module.FS as unknown as EmscriptenFs)
  // Every statement is planned for its parameters (a millisecond or two of planning). Forced generic
  // plans, as here before, cost a city's year dearly: a range over the event log planned for no bounds
  // in particular hash-joined all 14.6 million events (10.5 s for a figures edge that takes 78 ms
  // planned for its bounds). PostgreSQL's own choice (auto) is no better: after five executions it
  // took the generic plan of the live snapshot's second page, whose estimate looked cheaper, and that
  // page went from 0.5 to 8.8 s. Statistics come from server/db/embedded-maintenance.ts.
  await db.exec('SET plan_cache_mode = force_custom_plan')
  // PGlite is one backend: sessions take turns, each served whole before the next begins (a
  // waiting session's bytes stay queued in its port or its paused socket), so no two transactions
  // ever interleave. A second TCP client waits its turn rather than being refused (pglite-socket,
  // used here before, reset it: a test file connecting while another closed failed with ECONNRESET).
  const waiting: WireChannel[] = []
  let active: WireChannel | undefined
  const serveNext = () => {
    active = waiting.shift()
    if (active) serveWireSession(db, active, serveNext)
  }
  const enqueue = (channel: WireChannel) => {
    waiting.push(channel)
    if (!active) serveNext()
  }
  let tcp: Server | undefined
  if (serveTcp) {
    const server = createServer((socket) => enqueue(socketChannel(socket)))
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
    tcp = server
  }
  parent.on('message', async (request: EngineRequest) => {
    if (request.type === 'session') {
      enqueue(portChannel(request.port))
    } else if (request.type === 'stop') {
      try {
        for (const channel of [...waiting.splice(0), active]) channel?.close()
        await new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()))
        await db.close()
      } finally {
        post({ type: 'stopped' })
      }
    }
  })
  const address = tcp ? (tcp.address() as AddressInfo) : null
  post({ type: 'ready', tcpPort: address ? address.port : null })
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
}
