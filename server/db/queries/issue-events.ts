// The append-only event log. A writer takes the next seq by updating the one head row (in
// queries/issues.ts, in the statement that writes the event, the last before commit): the row
// lock holds until commit, so a transaction that took seq n+1 cannot commit before the one that
// took n. Seq order is therefore commit order, and a reader that has seen n has seen everything
// below it — with any pool size, on either engine.
import type { IssueEventRecord, IssueSummary } from '../../../core/wire/issues.js'
import type { Sql, Tx } from '../client.js'

/**
 * The highest committed seq (0 before the first event): the head row, which every writer moves in
 * the transaction that writes the event (and the bulk history to its last). The log's max(seq) is
 * the same number, but planned over every month of the log: 1.7 ms each time on the embedded engine.
 */
export async function selectHeadSeq(sql: Sql | Tx): Promise<number> {
  const [row] = await sql<{ seq: string }[]>`SELECT seq::text FROM issue_event_head`
  return Number(row.seq)
}

export interface EventRow {
  seq: string
  event: IssueEventRecord
  /** Null only for a bulk-loaded history's older events (migration 0010), which no replay reaches. */
  issue: IssueSummary | null
  rooms: string[]
}

const EVENT_RECORD = (sql: Sql) => sql`json_build_object(
  'seq', seq, 'issueId', issue_id, 'type', type, 'fromStatus', from_status, 'toStatus', to_status, 'actor', actor,
  'actorRole', actor_role, 'note', note, 'data', data,
  'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`

/** Events after `after` up to `upTo`, in seq order; only those of `room` when given. */
export async function selectEventsAfter(
  sql: Sql,
  q: { after: number; upTo: number; room?: string; limit: number },
): Promise<EventRow[]> {
  return sql<EventRow[]>`
    SELECT seq::text, ${EVENT_RECORD(sql)} AS event, issue, rooms FROM issue_events
    WHERE seq > ${q.after} AND seq <= ${q.upTo} ${q.room ? sql`AND rooms @> ARRAY[${q.room}]::text[]` : sql``}
    ORDER BY issue_events.seq LIMIT ${q.limit}`
}

/** One issue's timeline, oldest first. */
export async function selectIssueEvents(sql: Sql, issueId: string): Promise<IssueEventRecord[]> {
  const rows = await sql<{ event: IssueEventRecord }[]>`
    SELECT ${EVENT_RECORD(sql)} AS event FROM issue_events WHERE issue_id = ${issueId} ORDER BY seq`
  return rows.map((r) => r.event)
}

/** Who last resolved the issue, if anyone (the on-site check must be someone else). */
export async function selectLastResolver(sql: Sql, issueId: string): Promise<string | undefined> {
  const [row] = await sql<{ actor: string }[]>`
    SELECT actor FROM issue_events WHERE issue_id = ${issueId} AND type = 'resolve' ORDER BY seq DESC LIMIT 1`
  return row?.actor
}
