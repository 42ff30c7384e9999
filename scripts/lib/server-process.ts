// A GridPulse server in a process of its own (server-process-child.ts), for the realtime bench and
// the tests that kill one: fork it on a database, wait for its URL, ask for its figures, close it
// or kill it with SIGKILL.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const SERVER_PROCESS_ENV = 'GRIDPULSE_SERVER_PROCESS'

export interface ServerProcessConfig {
  databaseUrl?: string
  /** The embedded engine's data folder (when no databaseUrl). */
  dataDir: string
  redisUrl?: string
  /** A new database: migrate it, seed the demo data and create the demo accounts with this password first. */
  seedWithPassword?: string
}

export interface ServerStats {
  pid: number
  /** After a full garbage collection. */
  rssMb: number
  heapMb: number
  headSeq: number
  relayedSeq: number
  /** Replay query of the last 100 events of the log (what a reconnecting console asks). */
  logQueryMs: number
}

export type ServerMessage = { type: 'ready'; url: string; adapter?: string } | { type: 'stats'; stats: ServerStats } | { type: 'error'; message: string }

export interface ServerProcess {
  url: string
  /** How it shares the feed with other processes ('postgres', 'redis'), if at all. */
  adapter?: string
  pid: number
  stats(): Promise<ServerStats>
  close(): Promise<void>
  /** SIGKILL: no clean-up of any kind; resolves once the process is gone. */
  kill(): Promise<void>
}

/** Starts one server process and waits for its URL; `profileDir` writes a CPU profile there at exit. */
export function startServerProcess(config: ServerProcessConfig, { profileDir }: { profileDir?: string } = {}): Promise<ServerProcess> {
  // --expose-gc: its memory is read after a full collection, so a soak sees growth, not garbage.
  const execArgv = ['--import', 'tsx', '--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-process-child.ts', import.meta.url)), [], {
    execArgv,
    env: { ...process.env, [SERVER_PROCESS_ENV]: JSON.stringify(config), LOG_LEVEL: 'silent' },
    serialization: 'advanced',
  })
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let waiting: ((s: ServerStats) => void) | undefined
  return new Promise((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`server process exited with ${code} before it was ready`))
    child.once('exit', early)
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'error') return reject(new Error(m.message))
      if (m.type === 'stats') return waiting?.(m.stats)
      child.off('exit', early)
      resolve({
        url: m.url,
        adapter: m.adapter,
        pid: child.pid!,
        stats: () =>
          new Promise((r) => {
            waiting = r
            child.send({ type: 'stats' })
          }),
        close: () => {
          if (child.exitCode === null && child.signalCode === null) child.send({ type: 'close' })
          return gone
        },
        kill: () => {
          child.kill('SIGKILL')
          return gone
        },
      })
    })
  })
}
