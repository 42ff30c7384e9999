// The embedded PostgreSQL + PostGIS: PGlite with its PostGIS extension, persisted in a data
// folder. The engine runs in a worker thread (engine.ts), so its WebAssembly work uses
// the second core instead of the thread serving HTTP and sockets; postgres.js reaches it through
// a MessagePort (worker-socket.ts) exactly as it talks to a real server, and other processes
// (test files) through a loopback TCP port when one is asked for.
import fs from 'node:fs'
import path from 'node:path'
import { MessageChannel, Worker } from 'node:worker_threads'
import type { EngineMessage, EngineOptions, EngineRequest } from './engine.js'
import { WorkerSocket } from './worker-socket.js'
import { readEmbeddedSharedBuffers } from './shared-buffers.js'

export interface EmbeddedPostgres {
  /** A new client session in this process (for postgres.js's `socket` option). */
  openSocket(): WorkerSocket
  /** The loopback TCP address, when started with `serveTcp`. */
  tcp: { host: string; port: number } | null
  stop(): Promise<void>
}

const LOCK_FILE = 'gridpulse.lock'
/** How long a clean shutdown (checkpoint and close) may take before the thread is ended. */
const STOP_TIMEOUT_MS = 15_000

/** Starts PGlite + PostGIS; one process per data folder. */
export async function startEmbeddedPostgres(
  dataDir: string,
  /** sharedBuffers: unset, EMBEDDED_SHARED_BUFFERS or 512MB (shared-buffers.ts). */
  options: { serveTcp?: boolean; sharedBuffers?: string } = {},
): Promise<EmbeddedPostgres> {
  fs.mkdirSync(dataDir, { recursive: true })
  const releaseLock = takeLock(dataDir)
  const workerData: EngineOptions = { pgDataDir: path.join(dataDir, 'pgdata'), serveTcp: options.serveTcp ?? false, sharedBuffers: options.sharedBuffers ?? readEmbeddedSharedBuffers() }
  const worker = new Worker(new URL('./engine-boot.mjs', import.meta.url), { workerData })
  const request = (r: EngineRequest, transfer: Transferable[] = []) => worker.postMessage(r, transfer as never)
  try {
    const tcpPort = await new Promise<number | null>((resolve, reject) => {
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`the embedded database stopped while starting (exit ${code})`)))
      worker.once('message', (message: EngineMessage) => {
        if (message.type === 'ready') resolve(message.tcpPort)
        else if (message.type === 'failed') reject(new Error(`the embedded database did not start: ${message.message}`))
      })
    })
    worker.removeAllListeners('exit')
    worker.removeAllListeners('error')
    let stopping: Promise<void> | undefined
    return {
      openSocket() {
        const { port1, port2 } = new MessageChannel()
        request({ type: 'session', port: port2 }, [port2])
        return new WorkerSocket(port1)
      },
      tcp: tcpPort === null ? null : { host: '127.0.0.1', port: tcpPort },
      stop: () => (stopping ??= stopWorker(worker, request).finally(releaseLock)),
    }
  } catch (err) {
    await worker.terminate()
    releaseLock()
    throw err
  }
}

/** Asks the engine to close the database cleanly, then ends the thread (at once if it hangs). */
async function stopWorker(worker: Worker, request: (r: EngineRequest) => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const stopped = new Promise<boolean>((resolve) => {
    worker.on('message', (message: EngineMessage) => message.type === 'stopped' && resolve(true))
    worker.once('exit', () => resolve(true))
    worker.once('error', () => resolve(true))
    timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS)
  })
  request({ type: 'stop' })
  const clean = await stopped
  clearTimeout(timer)
  if (!clean) console.error(`the embedded database did not close within ${STOP_TIMEOUT_MS / 1000} s; ending it`)
  await worker.terminate()
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
