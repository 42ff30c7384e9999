// Opens every connection of a PostgreSQL server's pool at start and primes each one, so the first
// burst of requests after a start does not open them one by one while it waits. A new backend
// builds its catalogue caches on its first statements — the intake's placement planned cold on a
// new connection took 25 ms instead of 0.7 — and a burst that found the pool at the two or three
// connections a quiet start had opened sent every new one through that at once: reports at 150/s
// right after a sequential warm-up waited up to 760 ms (POST p99 367–554 ms; 30–60 ms primed:
// README › Benchmarks › The live feed, *A primed pool*).
import type postgres from 'postgres'
import type { Sql } from './client.js'

/** What a primer gets: one connection of the pool, held for it alone. */
export type PoolConnection = postgres.ReservedSql<Record<string, never>>

/** Reserves all `sql.options.max` connections at once (opening them), runs `prime` on each, releases them; returns how many. */
export async function primePool(sql: Sql, prime: (connection: PoolConnection) => Promise<unknown>): Promise<number> {
  const connections = await Promise.all(Array.from({ length: sql.options.max }, () => sql.reserve()))
  try {
    await Promise.all(connections.map(prime))
  } finally {
    for (const c of connections) c.release()
  }
  return connections.length
}
