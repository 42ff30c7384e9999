// The archive of old months (`npm run archive`): a month of issues that the retention rule lets go
// (core/domain/issue-retention.ts) is written to files, checked, and only then taken out of the
// database — its two partitions (migration 0018) detached and dropped, its photo links, its ids and
// the photos no other issue links deleted — in one transaction. `restoreMonth` puts it back as it was.
//
// The files, in `DIR/YYYY-MM/`: one per table, in PostgreSQL's COPY text format gzipped (what
// `COPY … FROM STDIN` and psql's \copy read back, on either engine), and `manifest.json` with each
// file's columns, row count and the sha256 of its rows. A month is read in slices of its key (50,000
// numbers or seqs each), so neither engine nor this process holds a whole month's log at once. The figures and hotspots of its days stay: they are read from
// the rollups, which the rule requires to hold the month already.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import zlib from 'node:zlib'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { judgeMonth, type RetentionVerdict } from '../../core/domain/issue-retention.js'
import type { Sql, Tx } from '../db/client.js'
import { selectRollupState } from '../db/queries/figure-rollups.js'
import { deleteArchivedMonth, ensureIssueMonths, insertArchivedMonth, monthTables, selectIssueMonths, type IssueMonth } from '../db/queries/issue-months.js'
import { CopyBuffer, copyRow } from '../demo/copy-rows.js'

/** Rows per COPY slice (of the key's range: numbers of issues, seqs of events). */
const SLICE = 50_000

export interface ArchivedTable {
  file: string
  columns: string[]
  rows: number
  /** sha256 of the rows as COPY wrote them (before gzip). */
  sha256: string
}

export interface ArchiveManifest {
  month: string
  archivedAt: string
  keepMonths: number
  format: 'PostgreSQL COPY text format, gzip'
  tables: { issues: ArchivedTable; events: ArchivedTable; photoLinks: ArchivedTable; photos: ArchivedTable }
}

export class ArchiveRefused extends Error {}

export interface MonthVerdict {
  month: IssueMonth
  verdict: RetentionVerdict
}

/** Every month in the database with the retention rule's verdict on it. */
export async function judgeMonths(sql: Sql, o: { keepMonths: number; now?: Date }): Promise<MonthVerdict[]> {
  const state = await selectRollupState(sql)
  const now = o.now ?? new Date()
  return (await selectIssueMonths(sql)).map((month) => ({
    month,
    verdict: month.issues === 0 ? { archivable: false, reason: 'holds no issues' } : judgeMonth(month, { keepMonths: o.keepMonths, now, rolledUpSeq: state?.rolledUpSeq ?? 0 }),
  }))
}

/** Every column as text (its type's output function, as COPY writes it). */
const asText = (columns: string[], alias?: string) => columns.map((c) => `${alias ? `${alias}.` : ''}"${c}"::text`).join(', ')

/** The queries that read each of a month's tables, in slices of their key, and their columns. */
async function monthQueries(db: Sql | Tx, month: string) {
  const t = monthTables(month)
  const columnsOf = async (table: string) =>
    (await db<{ name: string }[]>`SELECT attname AS name FROM pg_attribute WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`).map((r) => r.name)
  const slices = async (table: string, key: string, columns: string[]) => {
    const [r] = await db<{ lo: string | null; hi: string | null }[]>`SELECT min(${db(key)})::text AS lo, max(${db(key)})::text AS hi FROM ${db(table)}`
    const list = asText(columns)
    const out: string[] = []
    if (r.lo === null) return out
    for (let lo = BigInt(r.lo); lo <= BigInt(r.hi!); lo += BigInt(SLICE)) {
      out.push(`SELECT ${list} FROM "${table}" WHERE "${key}" >= ${lo} AND "${key}" < ${lo + BigInt(SLICE)} ORDER BY "${key}"`)
    }
    return out
  }
  const issueColumns = await columnsOf(t.issues)
  const eventColumns = await columnsOf(t.events)
  const linkColumns = await columnsOf('issue_photos')
  const photoColumns = await columnsOf('photos')
  const links = `SELECT ${asText(linkColumns, 'l')} FROM issue_photos l JOIN "${t.issues}" i ON i.id = l.issue_id ORDER BY l.issue_id, l.sha256`
  // Every photo the month's issues link, so the month restores alone; those no other issue links
  // leave the database with it.
  const photos = `SELECT ${asText(photoColumns, 'p')} FROM photos p
    WHERE p.sha256 IN (SELECT l.sha256 FROM issue_photos l JOIN "${t.issues}" i ON i.id = l.issue_id)
    ORDER BY p.sha256`
  return {
    tables: t,
    issues: { columns: issueColumns, queries: await slices(t.issues, 'number', issueColumns) },
    events: { columns: eventColumns, queries: await slices(t.events, 'seq', eventColumns) },
    photoLinks: { columns: linkColumns, queries: [links] },
    photos: { columns: photoColumns, queries: [photos] },
  }
}

/**
 * Writes the rows of the queries to a gzipped file in COPY's text format; returns the rows and their
 * sha256. Each query selects every column as text (its type's output, what COPY would write), and the
 * rows are escaped here as COPY escapes them: `COPY … TO STDOUT` through postgres.js can leave its
 * connection paused for good when the reader falls behind on the last rows (its socket is resumed
 * only by a later read, which an ended stream never makes), so it is not used.
 */
async function exportRows(db: Sql | Tx, file: string, queries: string[]): Promise<{ rows: number; sha256: string }> {
  const gzip = zlib.createGzip()
  const out = fs.createWriteStream(file)
  gzip.pipe(out)
  const hash = createHash('sha256')
  let rows = 0
  for (const q of queries) {
    const values = (await db.unsafe(q).values()) as unknown as (string | null)[][]
    const text = values.map((r) => copyRow(r)).join('')
    rows += values.length
    hash.update(text)
    if (!gzip.write(text)) await once(gzip, 'drain')
  }
  gzip.end()
  await finished(out)
  return { rows, sha256: hash.digest('hex') }
}

/**
 * Archives one month into `dir/YYYY-MM/` and takes it out of the database. Refuses (ArchiveRefused)
 * a month the rule keeps, or one that changed while its files were written (the files stay then, and
 * nothing is taken out).
 */
export async function archiveMonth(sql: Sql, month: string, dir: string, o: { keepMonths: number; now?: Date }): Promise<ArchiveManifest> {
  const judged = (await judgeMonths(sql, o)).find((m) => m.month.month === month)
  if (!judged) throw new ArchiveRefused(`no month ${month} in the database`)
  if (!judged.verdict.archivable) throw new ArchiveRefused(`${month} is kept: ${judged.verdict.reason}`)
  const into = path.join(dir, month)
  fs.mkdirSync(into, { recursive: true })
  const q = await monthQueries(sql, month)
  const tables = {} as ArchiveManifest['tables']
  for (const name of ['issues', 'events', 'photoLinks', 'photos'] as const) {
    const file = `${name === 'photoLinks' ? 'issue_photos' : name === 'events' ? 'issue_events' : name}.copy.gz`
    const written = await exportRows(sql, path.join(into, file), q[name].queries)
    tables[name] = { file, columns: q[name].columns, ...written }
  }
  if (tables.issues.rows !== judged.month.issues || tables.events.rows !== judged.month.events) {
    throw new ArchiveRefused(`${month} changed while it was written (${tables.issues.rows} issues and ${tables.events.rows} events written, ${judged.month.issues} and ${judged.month.events} counted): nothing was taken out`)
  }
  const manifest: ArchiveManifest = { month, archivedAt: new Date().toISOString(), keepMonths: o.keepMonths, format: 'PostgreSQL COPY text format, gzip', tables }
  const manifestFile = path.join(into, 'manifest.json')
  fs.writeFileSync(`${manifestFile}.tmp`, JSON.stringify(manifest, null, 2))
  fs.renameSync(`${manifestFile}.tmp`, manifestFile)

  const t = q.tables
  await sql.begin(async (tx) => {
    // The parents first, whole: the detach needs them so, and a writer holds them (a report's photo
    // count updates issues of every month) while it waits for the month — locked the other way round,
    // the two would wait for each other. Reports wait meanwhile (on the server's year about a second,
    // once a month); a lock not had in 5 s (a long read in the way) refuses rather than holds every
    // writer queued behind it. No write reaches a finished month, but a late one would be lost: the
    // month is counted again under the lock.
    await tx`SET LOCAL lock_timeout = '5s'`
    try {
      await tx.unsafe(`LOCK TABLE issues, issue_events IN ACCESS EXCLUSIVE MODE`)
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') throw new ArchiveRefused(`${month}: the tables were busy for 5 s (a long query?); nothing was taken out, try again`)
      throw err
    }
    const [now] = await tx<{ issues: number; events: number }[]>`
      SELECT (SELECT count(*)::int FROM ${tx(t.issues)}) AS issues, (SELECT count(*)::int FROM ${tx(t.events)}) AS events`
    if (now.issues !== tables.issues.rows || now.events !== tables.events.rows) {
      throw new ArchiveRefused(`${month} changed while it was written: nothing was taken out`)
    }
    const links = await tx.unsafe<{ sha256: string }[]>(`DELETE FROM issue_photos l USING "${t.issues}" i WHERE i.id = l.issue_id RETURNING l.sha256`)
    await tx`
      DELETE FROM photos p WHERE p.sha256 = ANY(${[...new Set(links.map((l) => l.sha256))]}::text[])
        AND NOT EXISTS (SELECT 1 FROM issue_photos o WHERE o.sha256 = p.sha256)`
    if (links.length !== tables.photoLinks.rows) {
      throw new ArchiveRefused(`${month}'s photos changed while they were written: nothing was taken out`)
    }
    await tx.unsafe(`DELETE FROM issue_ids d USING "${t.issues}" i WHERE d.id = i.id`)
    await insertArchivedMonth(tx, { month, from: judged.month.from, lastAt: judged.month.lastUpdatedAt!, issues: tables.issues.rows, events: tables.events.rows, location: path.resolve(into) })
    await tx.unsafe(`ALTER TABLE issue_events DETACH PARTITION "${t.events}"`)
    await tx.unsafe(`ALTER TABLE issues DETACH PARTITION "${t.issues}"`)
    await tx.unsafe(`DROP TABLE "${t.events}", "${t.issues}"`)
  })
  return manifest
}

/** Reads a gzipped COPY file line by line, checking its row count and sha256 against the manifest. */
async function* readRows(file: string, expected: ArchivedTable): AsyncGenerator<string> {
  const hash = createHash('sha256')
  let rows = 0
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity })
  for await (const line of lines) {
    const row = `${line}\n`
    hash.update(row)
    rows++
    yield row
  }
  if (rows !== expected.rows || hash.digest('hex') !== expected.sha256) {
    throw new ArchiveRefused(`${path.basename(file)} does not hold what its manifest says (${rows} rows read, ${expected.rows} written, or another checksum)`)
  }
}

/**
 * Puts an archived month back from `dir/YYYY-MM/`, as it was: its partitions made again (they must
 * be absent or empty), its issues, events, ids, photos and photo links, in one transaction that
 * checks every file against its manifest before it commits.
 */
export async function restoreMonth(sql: Sql, month: string, dir: string): Promise<ArchiveManifest> {
  const into = path.join(dir, month)
  const manifestFile = path.join(into, 'manifest.json')
  if (!fs.existsSync(manifestFile)) throw new ArchiveRefused(`no archive of ${month} in ${dir} (no ${manifestFile})`)
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ArchiveManifest
  if (manifest.month !== month) throw new ArchiveRefused(`${manifestFile} is the archive of ${manifest.month}, not ${month}`)
  const t = monthTables(month)
  await sql.begin(async (tx) => {
    await ensureIssueMonths(tx, new Date(`${month}-01T00:00:00Z`), new Date(`${month}-01T00:00:00Z`))
    const [held] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM ${tx(t.issues)}`
    if (held.n > 0) throw new ArchiveRefused(`${month} holds ${held.n} issues already: it is restored only into an empty month`)
    // Photos first (the links name them), through a table of their own: one may be back already.
    // The links before their issues: the trigger that counts new links onto their issues' rows
    // (migration 0016) finds none of them then, and the issues come back with the counts they had.
    await tx.unsafe(`CREATE TEMP TABLE restored_photos (LIKE photos) ON COMMIT DROP`)
    const parts: [keyof ArchiveManifest['tables'], string][] = [['photos', 'restored_photos'], ['photoLinks', 'issue_photos'], ['issues', t.issues], ['events', t.events]]
    for (const [name, table] of parts) {
      const m = manifest.tables[name]
      const out = new CopyBuffer(tx as unknown as Sql, { [table]: m.columns })
      for await (const row of readRows(path.join(into, m.file), m)) await out.addLine(table, row)
      await out.flush()
      if (name === 'photos') await tx`INSERT INTO photos SELECT * FROM restored_photos ON CONFLICT (sha256) DO NOTHING`
    }
    // An archived id can have come back since (a client retrying a report a year later).
    const [clash] = await tx.unsafe<{ id: string }[]>(`SELECT d.id FROM issue_ids d JOIN "${t.issues}" i USING (id) LIMIT 1`)
    if (clash) throw new ArchiveRefused(`${month} cannot come back: issue ${clash.id} of it was reported again since it was archived`)
    await tx.unsafe(`INSERT INTO issue_ids (id, reported_at) SELECT id, reported_at FROM "${t.issues}"`)
    await deleteArchivedMonth(tx, month)
  })
  return manifest
}
