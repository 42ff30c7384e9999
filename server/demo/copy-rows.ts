// Rows for COPY … FROM STDIN in PostgreSQL's text format, and the statement that sends them —
// the same on the PostgreSQL server and on the embedded engine (whose session runs one COPY as one
// PGlite call: server/db/embedded/wire-session.ts), so a bulk load sends its rows in statements of
// at most a few megabytes.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setImmediate } from 'node:timers/promises'
import type { Sql } from '../db/client.js'

export type CopyValue = string | number | boolean | null | undefined

/** One field: \N for null; backslash, tab, newline and carriage return escaped. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (typeof v === 'number') return String(v)
  // Most fields hold none of the four: a test is cheaper than a replace (a city's year is 200 million fields).
  return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v
}

const NEEDS_ESCAPE = /[\\\t\n\r]/
const ESCAPED = /[\\\t\n\r]/g

/** One row (a line ending in a newline). */
export function copyRow(values: CopyValue[]): string {
  let line = copyField(values[0])
  for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i])
  return line + '\n'
}

/** A text[] value as an array literal, its elements quoted. */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/** One table's rows, as the UTF-8 bytes COPY reads, outside the JavaScript heap. */
class TableRows {
  /** Allocated at the first row after each statement, as large as the last one grew (none held between statements). */
  private bytes: Buffer | undefined
  private capacity = 1 << 20
  length = 0
  rows = 0

  push(line: string): void {
    // At most three bytes a UTF-16 unit.
    this.reserve(this.length + line.length * 3)
    this.length += this.bytes!.write(line, this.length, 'utf8')
    this.rows++
  }

  /** Rows already encoded (whole lines, UTF-8). */
  pushBytes(bytes: Uint8Array, rows: number): void {
    this.reserve(this.length + bytes.length)
    this.bytes!.set(bytes, this.length)
    this.length += bytes.length
    this.rows += rows
  }

  /** Room for `need` bytes: allocated as large as the last statement grew, doubled when that might not fit. */
  private reserve(need: number): void {
    if (!this.bytes) this.bytes = Buffer.allocUnsafe((this.capacity = Math.max(this.capacity, need)))
    else if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe((this.capacity = Math.max(need, this.bytes.length * 2)))
      this.bytes.copy(grown, 0, 0, this.length)
      this.bytes = grown
    }
  }

  /** The bytes gathered, in pieces of at most `size` (a CopyData message may end mid-row); empties the table. */
  take(size: number): Buffer[] {
    const pieces: Buffer[] = []
    for (let i = 0; i < this.length; i += size) pieces.push(this.bytes!.subarray(i, Math.min(i + size, this.length)))
    this.bytes = undefined
    this.length = 0
    this.rows = 0
    return pieces
  }
}

/** The size of one CopyData message. */
const PIECE_BYTES = 256 * 1024

/**
 * Rows gathered per table and sent by COPY once a table holds `rowsPerStatement` of them. One
 * statement is in flight while the caller makes the next rows (on the embedded engine, PGlite's
 * thread writes one chunk while this one builds the next). The rows are written as bytes into a
 * buffer per table as they come, not kept as strings: a year's 15 million rows held as strings
 * until their statement (50,000 a table) outlived the young generation and were copied and
 * promoted before they died, and the collector took 37 % of the writer's time (a CPU profile of
 * a 30-day history); joining them into messages took another 13 %.
 * postgres.js never settles a COPY the server rejects after its data is sent (porsager/postgres#1173):
 * a statement that has not finished after `stallMs` is reported as failed rather than waited for forever.
 */
export class CopyBuffer {
  private tablesRows = new Map<string, TableRows>()
  private inFlight: Promise<void> = Promise.resolve()
  private added = 0

  constructor(
    private readonly sql: Sql,
    private readonly tables: Record<string, readonly string[]>,
    private readonly rowsPerStatement = 50_000,
    private readonly stallMs = 600_000,
    /**
     * Tables loaded with COPY's FREEZE: their rows written frozen and their pages marked all-visible
     * as they are loaded, so no VACUUM has to read and write them all again after. PostgreSQL allows
     * it only for a table created or truncated earlier in the same (sub)transaction.
     */
    private readonly freeze: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Adds a row. Returns a promise only when the caller must wait — the table is full and its rows go
   * out after the statement in flight, or it is time to let the event loop in — and nothing
   * otherwise: a city's year adds 17 million rows, and an async call and an await for each cost
   * the writer a seventh of its time (a CPU profile of 30 days).
   */
  add(table: string, values: CopyValue[]): Promise<void> | undefined {
    return this.addLine(table, copyRow(values))
  }

  /** Adds a row already in COPY's text format (a line, with its newline), e.g. one read back from an archive; as `add`. */
  addLine(table: string, line: string): Promise<void> | undefined {
    const rows = this.rowsOf(table)
    rows.push(line)
    // Let the event loop in now and then: the COPY in flight moves only on its I/O callbacks, which
    // a caller that never waits on anything else would otherwise hold off until its next flush.
    const turn = ++this.added % 2000 === 0
    if (!turn && rows.rows < this.rowsPerStatement) return undefined
    return this.afterAdd(table, rows, turn)
  }

  private async afterAdd(table: string, rows: TableRows, turn: boolean): Promise<void> {
    if (turn) await setImmediate()
    await this.sendIfFull(table, rows)
  }

  /** Adds rows already in COPY's text format and encoded (whole lines, UTF-8), e.g. made on another thread. */
  async addBytes(table: string, bytes: Uint8Array, rows: number): Promise<void> {
    const t = this.rowsOf(table)
    t.pushBytes(bytes, rows)
    await this.sendIfFull(table, t)
  }

  private rowsOf(table: string): TableRows {
    let rows = this.tablesRows.get(table)
    if (!rows) this.tablesRows.set(table, (rows = new TableRows()))
    return rows
  }

  /** Sends the table's rows once there are enough (after the statement in flight). */
  private async sendIfFull(table: string, rows: TableRows): Promise<void> {
    if (rows.rows >= this.rowsPerStatement) {
      await this.inFlight
      this.inFlight = this.send(table)
    }
  }

  /** Sends what every table holds, in the order they were declared, and waits for all of it. */
  async flush(): Promise<void> {
    await this.inFlight
    for (const name of Object.keys(this.tables)) await this.send(name)
  }

  private async send(name: string): Promise<void> {
    const rows = this.tablesRows.get(name)
    if (!rows?.rows) return
    const pieces = rows.take(PIECE_BYTES)
    const columns = this.tables[name]
    let timer: NodeJS.Timeout | undefined
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`COPY into ${name} did not finish in ${this.stallMs / 1000} s (a row the database refused?)`)), this.stallMs)
    })
    try {
      const copy = (async () => {
        const freeze = this.freeze.has(name) ? this.sql`(FREEZE)` : this.sql``
        const writable = await this.sql`COPY ${this.sql(name)} (${this.sql(columns as string[])}) FROM STDIN ${freeze}`.writable()
        await pipeline(Readable.from(pieces), writable)
      })()
      await Promise.race([copy, stalled])
    } finally {
      clearTimeout(timer)
    }
  }
}
