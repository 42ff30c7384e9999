// Applies the numbered SQL files in migrations/ in order, each in its own transaction,
// and records them, so every start brings any database to the current schema.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Sql } from './client.js'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
/** Advisory-lock key that serialises migrating processes on one database. */
const MIGRATION_LOCK = 7405561
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/

export interface Migration {
  version: number
  name: string
  sql: string
  checksum: string
}

/** Lists the migration files in version order; refuses gaps and duplicate numbers. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort()
  return files.map((name, i) => {
    const version = Number(FILE_PATTERN.exec(name)![1])
    if (version !== i + 1) throw new Error(`migration ${name} is out of sequence: expected number ${i + 1}`)
    const text = fs.readFileSync(path.join(dir, name), 'utf8')
    return { version, name, sql: text, checksum: createHash('sha256').update(text).digest('hex') }
  })
}

/** Applies pending migrations; returns the names applied. Safe with several processes starting at once. */
export async function applyMigrations(sql: Sql, onProgress?: (m: string) => void, dir?: string): Promise<string[]> {
  const migrations = listMigrations(dir)
  await sql.begin(async (tx) => {
    // Two processes starting on a new database would both try to create the table: serialise them.
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`
  })
  const applied: string[] = []
  for (const m of migrations) {
    const done = await sql.begin(async (tx) => {
      // Serialise concurrent starters on the same database.
      await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
      const [row] = await tx<{ checksum: string }[]>`SELECT checksum FROM schema_migrations WHERE version = ${m.version}`
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`)
        }
        return false
      }
      onProgress?.(`applying migration ${m.name}`)
      await tx.unsafe(m.sql)
      await tx`INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`
      return true
    })
    if (done) applied.push(m.name)
  }
  return applied
}
