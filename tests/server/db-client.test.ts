// The database connection stays in step after errors: a failed statement in postgres.js's
// pipelined extended protocol must not shift later results (PGlite needed a fix for that).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'
import { dropReadyAfterError } from '../../server/db/embedded/extended-protocol-sync.js'
import { connectTestDb } from './test-db.js'

let db: Db
beforeAll(async () => {
  db = await connectTestDb()
})
afterAll(() => db.close())

describe('after a failed statement', () => {
  it('every later query gets its own result', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(db.sql`SELECT ${i}::int / 0 AS boom`).rejects.toThrow(/division by zero/)
      await expect(db.sql`SELECT no_such_column FROM areas`).rejects.toThrow(/no_such_column/)
      expect(await db.sql`SELECT ${i}::int AS i`).toEqual([{ i }])
    }
  })

  it('a failed transaction rolls back and the next one works', async () => {
    await expect(
      db.sql.begin(async (tx) => {
        await tx`UPDATE facility_types SET name = name`
        await tx`SELECT 1 / 0`
      }),
    ).rejects.toThrow(/division by zero/)
    const rows = await db.sql.begin((tx) => tx`SELECT count(*)::int AS n FROM facility_types`)
    expect(rows[0].n).toBeGreaterThan(0)
  })
})

describe.skipIf(inject('dbEngine') !== 'server')('a connection to the PostgreSQL server', () => {
  const workers = async (d: Db) => (await d.sql<{ w: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS w`)[0].w
  it('starts no parallel workers for a query unless told to (server/db/parallel-workers.ts)', async () => {
    expect(await workers(db)).toBe('0')
    const two = await openDb({ databaseUrl: inject('databaseUrl'), dataDir: '', maxConnections: 1, migrate: false, parallelWorkers: 2 })
    try {
      expect(await workers(two)).toBe('2')
      // Inside a transaction too, where the app's reads run: the setting is the connection's own.
      expect(await two.sql.begin(async (tx) => (await tx<{ w: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS w`)[0].w)).toBe('2')
    } finally {
      await two.close()
    }
  })
})

describe('dropReadyAfterError', () => {
  const message = (type: string, body: number[] = []) => [type.charCodeAt(0), 0, 0, 0, 4 + body.length, ...body]
  it('drops a ReadyForQuery that follows an ErrorResponse, and nothing else', () => {
    const out = new Uint8Array([...message('1'), ...message('E', [83, 0]), ...message('Z', [73])])
    const { filtered, failed } = dropReadyAfterError(out)
    expect(failed).toBe(true)
    expect([...filtered]).toEqual([...message('1'), ...message('E', [83, 0])])
  })
  it('keeps a ReadyForQuery when nothing failed', () => {
    const out = new Uint8Array([...message('C', [0]), ...message('Z', [73])])
    expect(dropReadyAfterError(out)).toEqual({ filtered: out, failed: false })
  })
})
