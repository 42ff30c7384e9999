// The bulk writers' COPY (server/demo/copy-rows.ts) on the run's engine: rows sent as bytes in
// messages that end mid-row and mid-character come back exactly as they went, escapes and nulls too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type Db, type Sql } from '../../server/db/client.js'
import { CopyBuffer } from '../../server/demo/copy-rows.js'
import { createScratchDatabase } from './test-db.js'

let db: Db
let cleanup = async () => {}
beforeAll(async () => {
  // A database of its own, opened as the bulk writers open theirs (the embedded engine in this process).
  const scratch = await createScratchDatabase('copy_rows')
  cleanup = scratch.cleanup
  db = await openDb({ ...scratch.where, migrate: false })
  await db.sql`CREATE TABLE copy_rows_probe (n int PRIMARY KEY, label text, note text, flag boolean)`
}, 180_000)
afterAll(async () => {
  await db?.close()
  await cleanup()
})

describe('CopyBuffer', () => {
  it('writes 3,000 rows of about 1 KB of Chinese text each (several messages, split inside characters) in two statements, unchanged', async () => {
    const label = (n: number) => `第${n}号 垃圾满溢 ${'网格巡查上报'.repeat(50 + (n % 7))}`
    const note = (n: number) => (n % 5 === 0 ? null : n % 5 === 1 ? 'tab\there\nnew line \\ back' : `备注 ${n}`)
    // In a transaction, as both bulk writers send theirs.
    await db.sql.begin(async (tx) => {
      const out = new CopyBuffer(tx as unknown as Sql, { copy_rows_probe: ['n', 'label', 'note', 'flag'] }, 2_000)
      for (let n = 1; n <= 3000; n++) await out.add('copy_rows_probe', [n, label(n), note(n), n % 2 === 0])
      await out.flush()
    })
    const rows = await db.sql<{ n: number; label: string; note: string | null; flag: boolean }[]>`SELECT n, label, note, flag FROM copy_rows_probe ORDER BY n`
    expect(rows).toHaveLength(3000)
    // More bytes than one message holds (256 KB), so messages ended inside rows.
    expect(rows.reduce((sum, r) => sum + Buffer.byteLength(r.label), 0)).toBeGreaterThan(2 * 256 * 1024)
    for (const r of rows) expect(r).toEqual({ n: r.n, label: label(r.n), note: note(r.n), flag: r.n % 2 === 0 })
  })
})
