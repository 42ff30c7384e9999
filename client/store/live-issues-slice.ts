// The live issues, for every page that shows them (the console, the wall, /report): every issue by
// id (from the snapshot, then the socket), the last seq applied, the feed's connection, the issues
// that just arrived, and the taxonomy. Actions update an issue at once (optimistically) and are
// reconciled by the answer and by the event that comes back. What only the console views — its
// filters, area, open issue, figures — is in console-slice.ts.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import type { IssueSummary, TaxonomyPayload } from '../../core/wire/issues'
import { isOpenStatus } from '../../core/domain/issue-lifecycle'

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'refused'

export interface LiveIssuesSlice {
  issues: Map<string, IssueSummary>
  /** The last seq applied (snapshot or socket). */
  lastSeq: number
  connection: ConnectionState
  /** When the last event arrived (ISO), for the connection indicator. */
  lastEventAt: string | null
  /** Issues that arrived live, with when they arrived (ms), for the flash and the sound. */
  freshIds: Map<string, number>
  /** Issues with an action in flight: the summary to go back to if it is refused. */
  pending: Map<string, IssueSummary>
  taxonomy: TaxonomyPayload | null
  loadSnapshot(issues: IssueSummary[], lastSeq: number): void
  /** Adds issues read after the snapshot (older finished ones): one already held is at least as new. */
  addOlderIssues(issues: IssueSummary[]): void
  /** Applies an issue as it stands after `seq` (from the socket or an answer); older states are ignored. */
  applyIssue(issue: IssueSummary, seq: number, live: boolean): void
  setConnection(c: ConnectionState): void
  /** Shows `optimistic` at once and remembers what to restore. */
  beginAction(optimistic: IssueSummary): void
  /** The action is done (answered) or refused (restore). */
  endAction(id: string, outcome: { issue: IssueSummary } | { refused: true }): void
  setTaxonomy(t: TaxonomyPayload): void
  pruneFresh(now: number): void
  /** Forgets finished issues last changed before `before` (ms): a screen left running holds a bounded set. */
  pruneIssues(before: number): void
}

/** What a signed-out page must not keep: the issues, the log position, actions in flight. */
export const noLiveIssues = (): Pick<LiveIssuesSlice, 'issues' | 'lastSeq' | 'pending' | 'freshIds'> => ({
  issues: new Map(),
  lastSeq: 0,
  pending: new Map(),
  freshIds: new Map(),
})

/** How long a new issue flashes. */
export const FRESH_MS = 8_000

export const createLiveIssuesSlice: StateCreator<AppState, [], [], LiveIssuesSlice> = (set, get) => ({
  issues: new Map(),
  lastSeq: 0,
  connection: 'connecting',
  lastEventAt: null,
  freshIds: new Map(),
  pending: new Map(),
  taxonomy: null,
  loadSnapshot: (issues, lastSeq) => set({ issues: new Map(issues.map((i) => [i.id, i])), lastSeq }),
  addOlderIssues: (older) =>
    set((s) => {
      const missing = older.filter((i) => !s.issues.has(i.id))
      if (!missing.length) return {}
      const issues = new Map(s.issues)
      for (const i of missing) issues.set(i.id, i)
      return { issues }
    }),
  applyIssue: (issue, seq, live) => {
    const s = get()
    const known = s.issues.get(issue.id)
    const update: Partial<LiveIssuesSlice> = {}
    if (seq > s.lastSeq && live) update.lastSeq = seq
    if (live) update.lastEventAt = new Date().toISOString()
    if (!known || known.seq <= issue.seq) {
      const issues = new Map(s.issues)
      issues.set(issue.id, issue)
      update.issues = issues
      if (!known && live) update.freshIds = new Map(s.freshIds).set(issue.id, Date.now())
      // The event of an action in flight ends its optimism.
      if (s.pending.has(issue.id) && issue.status === s.issues.get(issue.id)?.status) {
        const pending = new Map(s.pending)
        pending.delete(issue.id)
        update.pending = pending
      }
    }
    set(update)
  },
  setConnection: (connection) => set({ connection }),
  beginAction: (optimistic) =>
    set((s) => {
      const before = s.issues.get(optimistic.id)
      if (!before) return {}
      return { pending: new Map(s.pending).set(optimistic.id, s.pending.get(optimistic.id) ?? before), issues: new Map(s.issues).set(optimistic.id, optimistic) }
    }),
  endAction: (id, outcome) =>
    set((s) => {
      const before = s.pending.get(id)
      const pending = new Map(s.pending)
      pending.delete(id)
      const issues = new Map(s.issues)
      if ('issue' in outcome) {
        const now = issues.get(id)
        // The socket may already have brought a later state.
        if (!now || now.seq <= outcome.issue.seq || s.pending.has(id)) issues.set(id, outcome.issue)
      } else if (before) {
        issues.set(id, before)
      }
      return { pending, issues }
    }),
  setTaxonomy: (taxonomy) => set({ taxonomy }),
  pruneFresh: (now) =>
    set((s) => {
      if (![...s.freshIds.values()].some((t) => now - t > FRESH_MS)) return {}
      return { freshIds: new Map([...s.freshIds].filter(([, t]) => now - t <= FRESH_MS)) }
    }),
  pruneIssues: (before) =>
    set((s) => {
      const stale = [...s.issues.values()].filter((i) => !isOpenStatus(i.status) && Date.parse(i.updatedAt) < before && !s.pending.has(i.id))
      if (!stale.length) return {}
      const issues = new Map(s.issues)
      for (const i of stale) issues.delete(i.id)
      return { issues }
    }),
})
