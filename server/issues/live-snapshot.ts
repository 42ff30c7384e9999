// The live snapshot (GET /api/issues/live) from memory: every issue a console or a wall may start
// from — the open ones and those changed in the last `days` — held once per process with its
// summary and rooms, and brought up to date before each answer by reading only the issues that have
// an event after the last read (every change to an issue writes an event: server/issues/).
//
// Why (a city's year on the PostgreSQL server, ~40,000 issues in the console's first answer): read
// from the table for every console, fetching the rows from the heap took ~300 ms, parsing them
// ~110 and building their summaries ~100, of an answer of 1.1–1.5 s (README, *A city's year*).
//
// Exact at the seq it answers with: the issues held, updated with the rows of every issue that has
// an event in (seq, head], read in one repeatable-read transaction with the head, are the table as it
// stood at the head; a socket opened with that seq brings every later event. A window further back
// than the one held, or a city with more than `maxIssues` in it, is read from the table as before.
import { getIssueRooms } from '../../core/domain/issue-scope.js'
import { TERMINAL_STATUSES } from '../../core/domain/issue-lifecycle.js'
import type { IssueSummary } from '../../core/wire/issues.js'
import type { Sql } from '../db/client.js'
import { selectIssuesChangedAfter, selectLiveIssues } from '../db/queries/issues.js'
import { toIssueSummary, type TimeLimits } from './issue-summary.js'

/** An issue held: its number (the snapshot's order and cursor), summary and rooms. */
export interface LiveEntry {
  number: number
  summary: IssueSummary
  rooms: readonly string[]
  finished: boolean
  updatedMs: number
}

export interface LiveSnapshotOptions {
  sql: Sql
  limits: TimeLimits
  clock?: () => Date
  /** How far back finished issues are held (the console's longest window). */
  days?: number
  /** More issues than this in the window: the snapshot is read from the table. */
  maxIssues?: number
  /** More events than this since the last read: everything is read again rather than caught up. */
  maxCatchUp?: number
  /** A read of the table failed (the table then answers; everything is read again a minute later). */
  onError?: (err: unknown) => void
}

export interface LiveRead {
  activeSince: Date
  finishedBefore?: Date
  beforeNumber?: bigint
  limit: number
}

interface Held {
  seq: number
  floorMs: number
  byId: Map<string, LiveEntry>
  sorted: LiveEntry[] | null
}

const DAY_MS = 86_400_000
const EVICT_EVERY_MS = 60_000
const FAILED_RETRY_MS = 60_000
const TOO_LARGE_RETRY_MS = 600_000
const newestFirst = (a: LiveEntry, b: LiveEntry) => b.number - a.number
/** Finished issues are held this much longer than the window, so the later pages of a snapshot (which keep its first page's window) are answered from memory too. */
const MARGIN_MS = 3_600_000

export function createLiveSnapshot({
  sql,
  limits,
  clock = () => new Date(),
  days = 7,
  maxIssues = 200_000,
  maxCatchUp = 20_000,
  onError = () => {},
}: LiveSnapshotOptions) {
  let held: Held | undefined
  /** After a failed or too large read of everything, the table answers until then (epoch ms). */
  let loadAfter = 0
  let pending: Promise<void> | undefined

  const toEntry = (row: Parameters<typeof toIssueSummary>[0]): LiveEntry => {
    const summary = toIssueSummary(row, limits)
    return { number: Number(row.number), summary, rooms: getIssueRooms(summary), finished: TERMINAL_STATUSES.includes(row.status), updatedMs: row.updated_at.getTime() }
  }

  const getFloorMs = () => clock().getTime() - days * DAY_MS - MARGIN_MS
  const giveUp = (forMs: number) => {
    held = undefined
    loadAfter = Date.now() + forMs
  }

  async function loadAll() {
    const floorMs = getFloorMs()
    try {
      const { rows, lastSeq } = await selectLiveIssues(sql, { room: 'all', activeSince: new Date(floorMs), limit: maxIssues + 1 })
      if (rows.length > maxIssues) return giveUp(TOO_LARGE_RETRY_MS)
      held = { seq: lastSeq, floorMs, byId: new Map(rows.map((r) => [r.id, toEntry(r)])), sorted: null }
    } catch (err) {
      giveUp(FAILED_RETRY_MS)
      throw err
    }
  }

  /** Brings `h` to the log's head; a failed read leaves it as it was, at its seq. */
  async function catchUp(h: Held) {
    const changed = await selectIssuesChangedAfter(sql, h.seq, maxCatchUp)
    if (changed === 'too-far') {
      held = undefined // let the old copy go before the new one is read
      return loadAll()
    }
    // An issue held is changed in place (its number, hence its place, never changes); new ones go in
    // front when they are the newest, as they almost always are, else each into its place.
    const added: LiveEntry[] = []
    for (const row of changed.rows) {
      const entry = toEntry(row)
      const old = h.byId.get(row.id)
      if (old) Object.assign(old, entry)
      else {
        h.byId.set(row.id, entry)
        added.push(entry)
      }
    }
    if (h.sorted && added.length) h.sorted = insertNewestFirst(h.sorted, added)
    h.seq = changed.lastSeq
    if (h.byId.size > maxIssues) return giveUp(TOO_LARGE_RETRY_MS)
    // The finished issues that left the window, once a minute (the floor only moves forward).
    const floorMs = getFloorMs()
    if (floorMs - h.floorMs < EVICT_EVERY_MS) return
    for (const [id, e] of h.byId) if (e.finished && e.updatedMs < floorMs) h.byId.delete(id)
    if (h.sorted) h.sorted = h.sorted.filter((e) => h.byId.get(e.summary.id) === e)
    h.floorMs = floorMs
  }

  /** One read of the table at a time; readers that come meanwhile take its result. */
  function refresh(): Promise<void> {
    pending ??= (held ? catchUp(held) : Date.now() >= loadAfter ? loadAll() : Promise.resolve()).finally(() => {
      pending = undefined
    })
    return pending
  }

  return {
    /** Reads what is held ahead of the first console (a city's week: a few seconds). */
    prime() {
      refresh().catch(onError)
    },
    /**
     * The room's issues open or changed since `activeSince` (with `finishedBefore`: only the
     * finished ones changed before it), newest first, at most `limit`, after `beforeNumber`, and the
     * seq they stand at; undefined when the table must answer: the window reaches back further than
     * what is held, nothing is held (too large, or its read failed: `onError` is told).
     */
    async read(room: string, f: LiveRead): Promise<{ entries: LiveEntry[]; lastSeq: number } | undefined> {
      try {
        await refresh()
      } catch (err) {
        onError(err)
        return undefined
      }
      const h = held
      if (h === undefined || f.activeSince.getTime() < h.floorMs) return undefined
      h.sorted ??= [...h.byId.values()].sort(newestFirst)
      const since = f.activeSince.getTime()
      const until = f.finishedBefore?.getTime()
      const before = f.beforeNumber === undefined ? Infinity : Number(f.beforeNumber)
      const entries: LiveEntry[] = []
      for (const e of h.sorted) {
        if (e.number >= before || !e.rooms.includes(room)) continue
        if (until !== undefined ? !e.finished || e.updatedMs < since || e.updatedMs >= until : e.finished && e.updatedMs < since) continue
        entries.push(e)
        if (entries.length === f.limit) break
      }
      return { entries, lastSeq: h.seq }
    },
  }
}

export type LiveSnapshot = ReturnType<typeof createLiveSnapshot>

/** `added` (newest first) put into `sorted` (newest first): in front when all are newer, else each in its place. */
export function insertNewestFirst(sorted: LiveEntry[], added: LiveEntry[]): LiveEntry[] {
  added.sort(newestFirst)
  if (sorted.length === 0 || added[added.length - 1].number > sorted[0].number) return [...added, ...sorted]
  for (const e of added) {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid].number > e.number) lo = mid + 1
      else hi = mid
    }
    sorted.splice(lo, 0, e)
  }
  return sorted
}
