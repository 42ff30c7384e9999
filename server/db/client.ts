// Opens the one database API the server uses: a postgres.js `sql` tag, connected either to
// a real PostgreSQL + PostGIS (DATABASE_URL) or to the embedded PGlite + PostGIS.
import postgres from 'postgres'
import { startEmbeddedPostgres } from './embedded/start-embedded.js'
import { applyMigrations } from './migrate.js'
import { readParallelWorkers } from './parallel-workers.js'

export type Sql = postgres.Sql<Record<string, never>>
export type Tx = postgres.TransactionSql<Record<string, never>>

export interface Db {
  sql: Sql
  engine: 'embedded' | 'server'
  close(): Promise<void>
}

export interface OpenDbOptions {
  databaseUrl?: string
  dataDir: string
  /** Pool size for a real server; the embedded engine is always one session. */
  maxConnections?: number
  migrate?: boolean
  onProgress?: (message: string) => void
  /** The embedded engine's shared_buffers (default: EMBEDDED_SHARED_BUFFERS, else 512MB). */
  embeddedSharedBuffers?: string
  /** Parallel workers per query on a real server (default: DATABASE_PARALLEL_WORKERS, else 0; parallel-workers.ts says why). */
  parallelWorkers?: number
}

const quiet = { onnotice: () => {} }

/** Connects (starting the embedded engine when no URL is given) and applies migrations. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  let db: Db
  if (options.databaseUrl) {
    // JIT off: every statement here is short, and a cost estimate inflated by a table not yet
    // analysed (a fresh database) put the intake statement over jit_above_cost, so PostgreSQL
    // compiled it on every report (35 ms of JIT for a 1.5 ms statement; see README, performance).
    // Every statement planned for its parameters, as on the embedded engine (server/db/embedded/engine.ts):
    // under auto, after five executions on a connection PostgreSQL took the generic plan of the live
    // snapshot's second page on a city's year, and that page went from 0.25 to 5.6 s.
    // No parallel workers by default: on two cores their start cost the command centre's reads more than they saved.
    const connection = { jit: 'off', plan_cache_mode: 'force_custom_plan', max_parallel_workers_per_gather: String(options.parallelWorkers ?? readParallelWorkers()) }
    const { url, path } = splitSocketHost(options.databaseUrl)
    const sql = postgres(url, { max: options.maxConnections ?? 10, connection, ...(path ? { path } : {}), ...quiet }) as Sql
    db = { sql, engine: 'server', close: () => sql.end({ timeout: 5 }) }
  } else {
    options.onProgress?.(`starting embedded PostGIS in ${options.dataDir}`)
    const pg = await startEmbeddedPostgres(options.dataDir, { sharedBuffers: options.embeddedSharedBuffers })
    // PGlite is a single session: one connection, so no two transactions ever interleave.
    const sql = postgres({
      // postgres.js's documented `socket` option (missing from its types): the worker's MessagePort.
      ...({ socket: () => pg.openSocket() } as object),
      host: 'embedded',
      user: 'postgres',
      database: 'postgres',
      max: 1,
      ...quiet,
    }) as Sql
    db = {
      sql,
      engine: 'embedded',
      async close() {
        await sql.end({ timeout: 5 })
        await pg.stop()
      },
    }
  }
  if (options.migrate !== false) {
    try {
      await applyMigrations(db.sql, options.onProgress)
    } catch (err) {
      await db.close()
      throw err
    }
  }
  return db
}

/** libpq's `?host=/dir` (a Unix socket's folder) as postgres.js's `path`; the URL without it. */
export function splitSocketHost(databaseUrl: string): { url: string; path?: string } {
  const u = new URL(databaseUrl)
  const dir = u.searchParams.get('host')
  if (!dir?.startsWith('/')) return { url: databaseUrl }
  u.searchParams.delete('host')
  return { url: u.toString(), path: `${dir}/.s.PGSQL.${u.port || 5432}` }
}
