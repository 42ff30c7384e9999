// A server's pool opened and primed at start (server/db/primed-pool.ts, server/issues/prime-intake.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { splitSocketHost, type Db } from '../../server/db/client.js'
import { primePool } from '../../server/db/primed-pool.js'
import { primeIntake } from '../../server/issues/prime-intake.js'
import { connectTestDb } from './test-db.js'

const server = inject('dbEngine') === 'server'
let db: Db
beforeAll(async () => {
  db = await connectTestDb(3)
})
afterAll(() => db.close())

describe('primePool', () => {
  it('primes every connection of the pool once, each its own backend, and hands them back', async () => {
    const pids: number[] = []
    const primed = await primePool(db.sql, async (c) => {
      const [{ pid }] = await c<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
      pids.push(pid)
    })
    expect(primed).toBe(server ? 3 : 1)
    expect(new Set(pids).size).toBe(primed)
    // All back in the pool: as many statements at once as connections, each answered.
    const answers = await Promise.all(Array.from({ length: primed }, (_, i) => db.sql<{ i: number }[]>`SELECT ${i}::int AS i, pg_sleep(0.05)`))
    expect(answers.map((r) => r[0].i)).toEqual(Array.from({ length: primed }, (_, i) => i))
  })

  it('hands the connections back when a primer fails, and says why', async () => {
    await expect(primePool(db.sql, (c) => c`SELECT no_such_column FROM areas`)).rejects.toThrow(/no_such_column/)
    expect(await db.sql`SELECT 1 AS one`).toEqual([{ one: 1 }])
  })
})

describe('primeIntake', () => {
  it('plans the placement without drawing an issue number', async () => {
    const number = async () => (await db.sql<{ n: string }[]>`SELECT last_value::text AS n, is_called FROM issue_number`)[0]
    const before = await number()
    await primePool(db.sql, (c) => primeIntake(c))
    expect(await number()).toEqual(before)
  })
})

describe('splitSocketHost (libpq’s ?host=/folder)', () => {
  it('turns a socket folder into postgres.js’s path, on the URL’s port or 5432', () => {
    expect(splitSocketHost('postgres://u:p@localhost/db?host=/var/run/postgresql')).toEqual({ url: 'postgres://u:p@localhost/db', path: '/var/run/postgresql/.s.PGSQL.5432' })
    expect(splitSocketHost('postgres://u:p@localhost:5433/db?host=/tmp&sslmode=disable')).toEqual({ url: 'postgres://u:p@localhost:5433/db?sslmode=disable', path: '/tmp/.s.PGSQL.5433' })
  })
  it('leaves a URL without a socket folder as it is', () => {
    expect(splitSocketHost('postgres://u:p@127.0.0.1:5432/db')).toEqual({ url: 'postgres://u:p@127.0.0.1:5432/db' })
    expect(splitSocketHost('postgres://u:p@127.0.0.1:5432/db?host=db.internal')).toEqual({ url: 'postgres://u:p@127.0.0.1:5432/db?host=db.internal' })
  })
})
