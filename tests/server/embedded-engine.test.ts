// The embedded engine as the server uses it: PGlite in a worker thread, reached by postgres.js
// through a MessagePort. Queries stay in step after errors, a session that ends inside a
// transaction leaves nothing behind, the engine stops cleanly and the data is there next time.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDb, type Db } from '../../server/db/client.js'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded/start-embedded.js'
import { splitMessages } from '../../server/db/embedded/wire-messages.js'

describe('splitMessages', () => {
  const typed = (type: string, body: number[]) => [type.charCodeAt(0), 0, 0, 0, 4 + body.length, ...body]
  const startup = [0, 0, 0, 9, 0, 3, 0, 0, 0]

  it('takes the untyped first message, then typed ones, and keeps an incomplete tail', () => {
    const bytes = new Uint8Array([...startup, ...typed('Q', [65, 0]), ...typed('S', []), ...typed('Q', [66]).slice(0, 4)])
    const { messages, rest } = splitMessages(bytes, true)
    expect(messages.map((m) => [...m])).toEqual([startup, typed('Q', [65, 0]), typed('S', [])])
    expect([...rest]).toEqual(typed('Q', [66]).slice(0, 4))
  })

  it('waits for a header that is cut short', () => {
    expect(splitMessages(new Uint8Array([81, 0, 0]), false)).toMatchObject({ messages: [], rest: new Uint8Array([81, 0, 0]) })
  })

  it('refuses a length shorter than its own field', () => {
    expect(() => splitMessages(new Uint8Array(typed('Q', []).map((b, i) => (i === 4 ? 2 : b))), false)).toThrow(/malformed/)
  })
})

// A new data folder takes 10–20 s to initialise: only where the embedded engine is under test.
describe.skipIf(inject('dbEngine') !== 'embedded')('the embedded engine in a worker thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-engine-'))
  let pg: EmbeddedPostgres
  let sql: postgres.Sql
  const connect = () =>
    postgres({ ...({ socket: () => pg.openSocket() } as object), host: 'embedded', user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} })

  beforeAll(async () => {
    pg = await startEmbeddedPostgres(dir)
    sql = connect()
    await sql`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`
  })
  afterAll(async () => {
    await sql?.end()
    await pg?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('serves no TCP port unless asked', () => {
    expect(pg.tcp).toBeNull()
  })

  it('keeps pipelined queries in step after errors', async () => {
    const results = await Promise.allSettled([
      sql`SELECT 1 / 0`,
      sql`SELECT 'a'::text AS v`,
      sql`SELECT no_such_column FROM notes`,
      sql`SELECT 'b'::text AS v`,
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value[0].v : 'error'))).toEqual(['error', 'a', 'error', 'b'])
  })

  it("answers a pipeline's earlier statements while its later ones still run", async () => {
    // Sent at once (one chunk to the worker): the first answer comes back at its Sync, not with the last's.
    const t0 = performance.now()
    const at: Record<string, number> = {}
    const first = sql`SELECT pg_sleep(0.02), 1 AS n`.then((r) => ((at.first = performance.now() - t0), r))
    const second = sql`SELECT pg_sleep(1), 2 AS n`.then((r) => ((at.second = performance.now() - t0), r))
    const [a, b] = await Promise.all([first, second])
    expect([a[0].n, b[0].n]).toEqual([1, 2])
    // A whole second of the second statement lies between the two answers (answered together: ~0).
    expect(at.second - at.first).toBeGreaterThan(500)
  })

  it('takes COPY … FROM STDIN in chunks, as a bulk load sends it, and stays in step after it', async () => {
    await sql`CREATE TABLE copied (id int PRIMARY KEY, body text, data jsonb)`
    const writable = await sql`COPY copied (id, body, data) FROM STDIN`.writable()
    // Several CopyData messages, one row split across two of them.
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}\tzeile ${i} 街道\t{"n": ${i}}\n`).join('')
    await pipeline(Readable.from([lines.slice(0, 1000), lines.slice(1000, 50_000), lines.slice(50_000)]), writable)
    // A second COPY on the same session (a bulk load sends many).
    await pipeline(Readable.from(['3000\tlast\t{"n": 0}\n']), await sql`COPY copied (id, body, data) FROM STDIN`.writable())
    const [row] = await sql`SELECT count(*)::int AS n, sum(id)::int AS s, max(body) AS top, sum((data ->> 'n')::int)::int AS d FROM copied`
    expect(row).toEqual({ n: 3001, s: (3001 * 3000) / 2, top: 'zeile 999 街道', d: (2999 * 3000) / 2 })
    expect((await sql`SELECT 'after'::text AS v`)[0].v).toBe('after')
  })

  it('serves sessions one at a time and rolls back what one left open when it ends', async () => {
    await sql.end()
    const first = connect()
    const pending = first.begin(async (tx) => {
      await tx`INSERT INTO notes VALUES (1, 'left open')`
      await new Promise(() => {}) // never commits
    })
    pending.catch(() => {})
    await new Promise((r) => setTimeout(r, 200))
    // The next session waits for the first to end, then sees nothing of its transaction.
    sql = connect()
    const count = sql`SELECT count(*)::int AS n FROM notes`.then((rows) => rows[0].n)
    const settled = await Promise.race([count.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))])
    expect(settled).toBe('waiting')
    await first.end({ timeout: 0 })
    expect(await count).toBe(0)
    await sql`INSERT INTO notes VALUES (2, 'committed')`
  })

  it('stops cleanly and opens the same folder again with the data in it', async () => {
    await sql.end()
    await pg.stop()
    const db: Db = await openDb({ dataDir: dir, migrate: false })
    try {
      expect(await db.sql`SELECT id, body FROM notes`).toEqual([{ id: 2, body: 'committed' }])
    } finally {
      await db.close()
    }
    pg = await startEmbeddedPostgres(dir)
    sql = connect()
  })

  it('queues TCP clients from other processes behind the session in progress, and skips one that left while waiting', async () => {
    await sql.end()
    await pg.stop()
    pg = await startEmbeddedPostgres(dir, { serveTcp: true })
    const overTcp = () => postgres({ host: pg.tcp!.host, port: pg.tcp!.port, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} })
    const holder = overTcp()
    const held = holder.begin(async (tx) => {
      await tx`INSERT INTO notes VALUES (3, 'held')`
      await new Promise(() => {})
    })
    held.catch(() => {})
    await new Promise((r) => setTimeout(r, 200))
    // A client that gives up while it waits: its socket closes before its turn comes.
    const quitter = await new Promise<net.Socket>((resolve) => {
      const socket = net.connect(pg.tcp!.port, pg.tcp!.host, () => resolve(socket))
    })
    const waiter = overTcp()
    const count = waiter`SELECT count(*)::int AS n FROM notes`.then((rows) => rows[0].n)
    const local = connect()
    const localCount = local`SELECT count(*)::int AS n FROM notes`.then((rows) => rows[0].n)
    quitter.destroy()
    const settled = await Promise.race([count.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))])
    expect(settled).toBe('waiting')
    await holder.end({ timeout: 0 })
    // Refused before (ECONNRESET); now each answers in its turn, without the held row.
    expect(await count).toBe(1)
    await waiter.end()
    expect(await localCount).toBe(1)
    await local.end()
    sql = connect()
  })
})
