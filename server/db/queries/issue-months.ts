// SQL of the monthly partitions of the issues and their log (migration 0018): making the months that
// rows will go to, what each month holds, and taking a month out once it is archived.
import type { Sql, Tx } from '../client.js'

type Db = Sql | Tx

/** Makes the partitions of every month from one instant's to another's (UTC months); returns how many were new. */
export async function ensureIssueMonths(db: Db, from: Date, to: Date): Promise<number> {
  const [row] = await db<{ n: number }[]>`SELECT create_issue_months(${from}, ${to}) AS n`
  return row.n
}

/** A month's partitions as they stand. */
export interface IssueMonth {
  /** 'YYYY-MM' (UTC). */
  month: string
  from: Date
  to: Date
  issues: number
  events: number
  /** Issues not yet closed, rejected or merged. */
  unfinished: number
  /** The last change to any of its issues (null when it holds none). */
  lastUpdatedAt: Date | null
  /** Its last event's seq (0 when it holds none). */
  lastSeq: number
}

/** Every month with partitions, oldest first, with its counts (one index-only count per month and table). */
export async function selectIssueMonths(db: Db): Promise<IssueMonth[]> {
  const parts = await db<{ name: string; bound: string }[]>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'issues'::regclass ORDER BY c.relname`
  const months: IssueMonth[] = []
  for (const p of parts) {
    const suffix = p.name.slice('issues_'.length)
    const [from, to] = [...p.bound.matchAll(/'([^']+)'/g)].map((m) => new Date(m[1]))
    const [row] = await db<{ issues: number; unfinished: number; last_updated_at: Date | null; events: number; last_seq: string | null }[]>`
      SELECT count(*)::int AS issues,
        count(*) FILTER (WHERE status NOT IN ('closed', 'rejected', 'merged'))::int AS unfinished,
        max(updated_at) AS last_updated_at,
        (SELECT count(*)::int FROM ${db(`issue_events_${suffix}`)}) AS events,
        (SELECT max(seq)::text FROM ${db(`issue_events_${suffix}`)}) AS last_seq
      FROM ${db(p.name)}`
    months.push({
      month: suffix.replace('_', '-'), from, to, issues: row.issues, events: row.events, unfinished: row.unfinished,
      lastUpdatedAt: row.last_updated_at, lastSeq: Number(row.last_seq ?? 0),
    })
  }
  return months
}

/** The table names of a month ('YYYY-MM'). */
export function monthTables(month: string): { issues: string; events: string } {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`not a month: ${month} (YYYY-MM)`)
  const suffix = month.replace('-', '_')
  return { issues: `issues_${suffix}`, events: `issue_events_${suffix}` }
}

/** Records a month as archived, in the transaction that takes it out. */
export async function insertArchivedMonth(tx: Tx, m: { month: string; from: Date; lastAt: Date; issues: number; events: number; location: string }): Promise<void> {
  await tx`INSERT INTO issue_archived_months (month, from_at, last_at, issues, events, location)
    VALUES (${m.month}, ${m.from}, ${m.lastAt}, ${m.issues}, ${m.events}, ${m.location})`
}

export async function deleteArchivedMonth(tx: Tx, month: string): Promise<void> {
  await tx`DELETE FROM issue_archived_months WHERE month = ${month}`
}

/**
 * Every archived month (YYYY-MM, in order); with `lock`, none can be archived until the transaction
 * ends (an archive records its month here, in the transaction that takes it out).
 */
export async function selectArchivedMonths(db: Db, { lock = false } = {}): Promise<string[]> {
  if (lock) await db`LOCK TABLE issue_archived_months IN SHARE MODE`
  return (await db<{ month: string }[]>`SELECT month FROM issue_archived_months ORDER BY month`).map((r) => r.month)
}

/** The archived months whose issues lived within [from, to). */
export async function selectArchivedMonthsWithin(db: Db, from: Date, to: Date): Promise<string[]> {
  const rows = await db<{ month: string }[]>`
    SELECT month FROM issue_archived_months WHERE from_at < ${to} AND last_at >= ${from} ORDER BY month`
  return rows.map((r) => r.month)
}
