// The embedded engine keeps its relation files' sizes in memory (server/db/embedded/file-size-cache.ts).
// A size it got wrong would make PostgreSQL extend a relation over its own blocks or read past its
// end: here every size PostgreSQL sees (ANALYZE's page count, from a seek to the end) is checked
// against the file on disk through growth, VACUUM's truncation, growth again, a bulk insert, TRUNCATE,
// a dropped and recreated table, and a reopening; the file system's own operations are checked too.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { cacheFileSizes, type EmscriptenFs, type FileSizeCacheStats } from '../../server/db/embedded/file-size-cache.js'

// A new data folder takes seconds to initialise: only where the embedded engine is under test.
describe.skipIf(inject('dbEngine') !== 'embedded')('the embedded engine\'s file sizes in memory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-file-sizes-'))
  let db: PGlite
  let stats: FileSizeCacheStats
  const open = async () => {
    db = await PGlite.create({ dataDir: dir })
    stats = cacheFileSizes(db.Module.FS as unknown as EmscriptenFs)
  }

  beforeAll(open)
  afterAll(async () => {
    await db?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  /** The pages PostgreSQL counts for the table and its key (ANALYZE asks each its size) and the pages on disk. */
  async function pages(table: string) {
    await db.exec(`ANALYZE ${table}`)
    const { rows } = await db.query<{ relpages: number; file: string }>(
      `SELECT relpages, pg_relation_filepath(oid) AS file FROM pg_class WHERE oid IN ('${table}'::regclass, '${table}_pkey'::regclass) ORDER BY relkind DESC`,
    )
    return rows.map((r) => ({ seen: r.relpages, onDisk: fs.statSync(path.join(dir, r.file)).size / 8192 }))
  }
  const expectTrue = async (table: string) => {
    const found = await pages(table)
    for (const { seen, onDisk } of found) expect(seen).toBe(onDisk)
    return found[0].onDisk
  }
  const insert = (from: number, to: number) =>
    db.exec(`INSERT INTO t SELECT i, repeat('x', 200) FROM generate_series(${from}, ${to}) i`)

  it('wraps every operation of the file system that can change a size (a new one after an upgrade of PGlite fails here)', () => {
    const nodefs = (db.Module.FS as unknown as { filesystems: { NODEFS: { stream_ops: object; node_ops: object } } }).filesystems.NODEFS
    // write, and open (O_TRUNC) are wrapped; no allocate (posix_fallocate fails, PostgreSQL writes zeros instead).
    expect(Object.keys(nodefs.stream_ops).sort()).toEqual(['close', 'dup', 'llseek', 'mmap', 'msync', 'open', 'read', 'write'])
    // setattr (a truncation) is wrapped; the rest change no file's length.
    expect(Object.keys(nodefs.node_ops).sort()).toEqual(['getattr', 'lookup', 'mknod', 'readdir', 'readlink', 'rename', 'rmdir', 'setattr', 'statfs', 'symlink', 'unlink'])
  })

  it('sees each file\'s true size as it grows, shrinks and is replaced', async () => {
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, body text NOT NULL)')
    await insert(1, 20_000)
    const grown = await expectTrue('t')
    expect(grown).toBeGreaterThan(100)

    // VACUUM cuts the empty pages at the end off the file.
    await db.exec('DELETE FROM t WHERE id > 5000')
    await db.exec('VACUUM t')
    const cut = await expectTrue('t')
    expect(cut).toBeLessThan(grown / 2)

    // Growing again from the cut end: a size remembered from before the cut would put these rows past the file's end.
    await insert(20_001, 40_000)
    expect(await expectTrue('t')).toBeGreaterThan(cut)

    // A bulk insert extends a relation many blocks at once (PostgreSQL tries posix_fallocate, then writes zeros).
    await db.exec(`CREATE TABLE bulk AS SELECT i AS id, repeat('y', 300) AS body FROM generate_series(1, 30000) i`)
    await db.exec('ALTER TABLE bulk ADD PRIMARY KEY (id)')
    expect(await expectTrue('bulk')).toBeGreaterThan(500)
    await db.exec(`INSERT INTO bulk SELECT i, repeat('z', 300) FROM generate_series(30001, 60000) i`)
    expect(await expectTrue('bulk')).toBeGreaterThan(1000)

    await db.exec('TRUNCATE t')
    await insert(1, 1000)
    await expectTrue('t')

    await db.exec('DROP TABLE t')
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, body text NOT NULL)')
    await insert(1, 3000)
    await expectTrue('t')
    expect((await db.query<{ n: number; s: number }>('SELECT count(*)::int AS n, sum(id)::int AS s FROM t')).rows[0]).toEqual({ n: 3000, s: 4_501_500 })
  })

  it('answers a statement\'s second planning from memory', async () => {
    const plan = () => db.query('EXPLAIN SELECT * FROM t WHERE id = 7')
    await plan()
    const { hits, misses } = stats
    await plan()
    expect(stats.misses).toBe(misses)
    expect(stats.hits).toBeGreaterThan(hits)
  })

  it('follows a file written past its end and cut while open', async () => {
    type Stream = { fd: number }
    const FS = db.Module.FS as unknown as {
      open(path: string, flags: string): Stream
      write(stream: Stream, data: Uint8Array, offset: number, length: number, position: number): number
      llseek(stream: Stream, offset: number, whence: number): number
      ftruncate(fd: number, length: number): void
      close(stream: Stream): void
      unlink(path: string): void
    }
    const home = (await db.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory
    const stream = FS.open(`${home}/size-probe`, 'w+')
    const end = () => FS.llseek(stream, 0, 2)
    FS.write(stream, new Uint8Array(10_000), 0, 10_000, 0)
    expect(end()).toBe(10_000)
    const { hits } = stats
    expect(end()).toBe(10_000)
    expect(stats.hits).toBe(hits + 1)
    FS.write(stream, new Uint8Array(500), 0, 500, 12_000)
    expect(end()).toBe(12_500)
    FS.write(stream, new Uint8Array(500), 0, 500, 100)
    expect(end()).toBe(12_500)
    FS.ftruncate(stream.fd, 3000)
    expect(end()).toBe(3000)
    expect(fs.statSync(path.join(dir, 'size-probe')).size).toBe(3000)
    // Another stream on the same file, written past the end: the first one sees it.
    const other = FS.open(`${home}/size-probe`, 'r+')
    expect(end()).toBe(3000)
    FS.write(other, new Uint8Array(1000), 0, 1000, 4000)
    const before = stats.hits
    expect(end()).toBe(5000)
    expect(stats.hits).toBe(before + 1)
    FS.close(other)
    FS.close(stream)
    FS.unlink(`${home}/size-probe`)
  })

  it('leaves the data whole for the next opening', async () => {
    await db.close()
    await open()
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(3000)
    await insert(3001, 6000)
    await expectTrue('t')
  })
})
