// Counts of failed logins (migration 0006), per address and username and per account. The rule
// that reads them is server/auth/login-limits.ts.
import type { FailureCount } from '../../auth/login-limits.js'
import type { Sql } from '../client.js'

export const addressKey = (address: string, username: string) => `address:${address}|${username}`
export const accountKey = (username: string) => `account:${username}`

interface Row {
  key: string
  failures: number
  first_at: Date
  last_at: Date
}

export async function selectLoginFailures(sql: Sql, keys: string[]): Promise<Map<string, FailureCount>> {
  const rows = await sql<Row[]>`SELECT key, failures, first_at, last_at FROM login_failures WHERE key = ANY(${keys}::text[])`
  return new Map(rows.map((r) => [r.key, { failures: r.failures, firstAt: new Date(r.first_at), lastAt: new Date(r.last_at) }]))
}

/** Stores counts as the rule computed them (a failure that races another may count once: a limit, not a ledger). */
export async function upsertLoginFailures(sql: Sql, username: string, counts: [key: string, count: FailureCount][]): Promise<void> {
  for (const [key, c] of counts) {
    await sql`
      INSERT INTO login_failures (key, username, failures, first_at, last_at)
      VALUES (${key}, ${username}, ${c.failures}, ${c.firstAt}, ${c.lastAt})
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, last_at = excluded.last_at`
  }
}

export async function deleteLoginFailures(sql: Sql, keys: string[]): Promise<void> {
  await sql`DELETE FROM login_failures WHERE key = ANY(${keys}::text[])`
}

/** Clears every count of a username (from every address); answers how many were cleared. */
export async function unlockUsername(sql: Sql, username: string): Promise<number> {
  const rows = await sql`DELETE FROM login_failures WHERE username = ${username} RETURNING key`
  return rows.length
}
