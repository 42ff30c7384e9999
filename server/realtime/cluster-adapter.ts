// The Socket.IO adapter that lets several server processes share the live feed and the walls'
// rooms: the Redis Streams adapter when REDIS_URL is set (the measured default for scale-out, see
// README › Scaling out), otherwise @socket.io/postgres-adapter on the PostgreSQL server itself
// (LISTEN/NOTIFY, nothing else to run). The embedded engine serves one process and needs none.
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter'
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter'
import pg from 'pg'
import type { Logger } from 'pino'
import { createClient } from 'redis'
import type { Server } from 'socket.io'

export type ClusterAdapterKind = 'redis' | 'postgres'

export interface ClusterAdapter {
  kind: ClusterAdapterKind
  /**
   * Whether another process may be listening: false only while the adapter counts this one alone
   * (asked every second). A process that serves alone then sends nothing through the adapter for
   * its commits: on the PostgreSQL server each notice was a NOTIFY that every commit paid for and
   * nobody read.
   */
  hasPeers(): boolean
  close(): Promise<void>
}

/** How often the adapter is asked how many processes share it. */
const PEER_CHECK_MS = 1000

/** Sets the adapter on `io` (and returns it), or returns undefined when there is nothing to share with. */
export async function attachClusterAdapter(
  io: Server,
  { databaseUrl, redisUrl, log }: { databaseUrl?: string; redisUrl?: string; log: Logger },
): Promise<ClusterAdapter | undefined> {
  if (redisUrl) {
    // Once running, a lost Redis is waited for (the stream resumes where it was); at start, an
    // unreachable one stops the server with a clear error instead of a silent wait.
    let started = false
    const client = createClient({
      url: redisUrl,
      socket: {
        reconnectStrategy: (retries: number, cause: Error) =>
          !started && retries >= 4 ? new Error(`cannot reach Redis at REDIS_URL (${cause.message})`) : Math.min(100 * 2 ** retries, 5000),
      },
    })
    client.on('error', (err: Error) => log.warn({ err }, 'redis adapter client error'))
    await client.connect()
    started = true
    io.adapter(createRedisStreamsAdapter(client, { streamName: 'gridpulse:socket.io' }))
    const peers = watchPeers(io, log)
    return {
      kind: 'redis',
      hasPeers: peers.hasPeers,
      async close() {
        peers.stop()
        // The adapter reads the stream on a client of its own (a duplicate) that ends with the process;
        // this one is closed here.
        await client.quit().catch(() => undefined)
      },
    }
  }
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
    pool.on('error', (err) => log.error({ err }, 'socket.io adapter pool error'))
    // A client out of the pool — the adapter's LISTEN connection — has no error listener of its own:
    // PostgreSQL ending it (a restart, a failover, pg_terminate_backend, DROP DATABASE … FORCE) threw
    // an uncaught exception and stopped the process. Every client gets one that logs; a client still
    // out when its connection has ended is handed back to be dropped (else pool.end() waits for it at
    // close), after any query's own release (pool.query releases on the error itself: releasing
    // there too would throw), and before the adapter's own 'end' listener takes another client and
    // listens again.
    const out = new WeakSet<pg.PoolClient>()
    pool.on('acquire', (client) => out.add(client))
    pool.on('release', (_err, client) => out.delete(client))
    pool.on('connect', (client) => {
      client.on('error', (err) => log.warn({ err }, 'socket.io adapter: a connection to PostgreSQL was lost'))
      client.on('end', () => {
        const held = client as pg.PoolClient
        if (!out.has(held)) return
        out.delete(held)
        try {
          held.release(new Error('connection ended'))
        } catch (err) {
          log.warn({ err }, 'socket.io adapter: could not drop an ended connection')
        }
      })
    })
    io.adapter(createPostgresAdapter(pool, { errorHandler: (err) => log.warn({ err }, 'socket.io adapter error') }))
    // The adapter takes its LISTEN client from the pool in the background, and a close() that comes
    // before it has never releases it, so pool.end() waited for good (a server closed right after it
    // started). Start returns once the client is taken and listening; a close that still finds one out
    // gives up waiting after 5 s.
    for (const until = Date.now() + 5000; Date.now() < until && !(pool.totalCount > 0 && pool.idleCount < pool.totalCount); ) await sleep(10)
    await sleep(50)
    // The adapter announced this process (its first heartbeat) as it was made, before its LISTEN
    // connection existed: the others' answers went unheard, and it would count itself alone until
    // their next heartbeat (5 s). Announced again now that it listens, it counts them within a second.
    await io.of('/').adapter.init()
    const peers = watchPeers(io, log)
    return {
      kind: 'postgres',
      hasPeers: peers.hasPeers,
      close: async () => {
        peers.stop()
        const ended = await Promise.race([pool.end().then(() => true), sleep(5000).then(() => false)])
        if (!ended) log.warn('socket.io adapter pool: a client was still out after 5 s; not waiting for it')
      },
    }
  }
  return undefined
}

/**
 * Asks the adapter every second how many processes share it (the Postgres adapter counts the
 * processes it has heard from in the last 10 s; the Redis Streams adapter asks Redis for its
 * channel's subscribers). Until the first answer, and after a failed one, others are assumed. A
 * process that starts next to this one is counted within a second; until then its relay finds this
 * one's commits by its poll of the log (issue-feed.ts), so nothing is lost, only a second late.
 */
export function watchPeers(io: Pick<Server, 'of'>, log: Pick<Logger, 'warn'>, everyMs = PEER_CHECK_MS): { hasPeers(): boolean; stop(): void } {
  let peers = true
  const check = () =>
    io.of('/').adapter.serverCount().then(
      (count) => (peers = !(count <= 1)),
      (err: Error) => {
        peers = true
        log.warn({ err }, 'socket.io adapter: could not count the processes')
      },
    )
  void check()
  const timer = setInterval(check, everyMs)
  timer.unref()
  return { hasPeers: () => peers, stop: () => clearInterval(timer) }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
