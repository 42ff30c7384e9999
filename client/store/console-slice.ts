// The live issues, for the console and the wall: every live issue by id (from the snapshot, then the socket),
// the feed's connection, the filters shared by the map and the feed, the area drilled into, the
// issue open in the panel, and the figures of the top bar. Actions update an issue at once
// (optimistically) and are reconciled by the answer and by the event that comes back.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import { DEFAULT_FILTERS, type IssueFilters } from '../live/issue-filters'
import type { IssueFiguresResponse, IssueSummary, TaxonomyPayload } from '../../core/wire/issues'
import { isOpenStatus } from '../../core/domain/issue-lifecycle'

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'refused'

export interface ConsoleSlice {
  issues: Map<string, IssueSummary>
  /** The last seq applied (snapshot or socket). */
  lastSeq: number
  connection: ConnectionState
  /** When the last event arrived (ISO), for the connection indicator. */
  lastEventAt: string | null
  /** Issues that arrived live, with when they arrived (ms), for the flash and the sound. */
  freshIds: Map<string, number>
  filters: IssueFilters
  area: string | null
  selectedIssueId: string | null
  /** Issues with an action in flight: the summary to go back to if it is refused. */
  pending: Map<string, IssueSummary>
  figures: IssueFiguresResponse | null
  taxonomy: TaxonomyPayload | null
  soundOn: boolean
  /** The hotline form waits for a click on the map; the click's place. */
  pickingPlace: boolean
  pickedPlace: [number, number] | null
  setPicking(on: boolean): void
  setPickedPlace(p: [number, number] | null): void
  loadSnapshot(issues: IssueSummary[], lastSeq: number): void
  /** Applies an issue as it stands after `seq` (from the socket or an answer); older states are ignored. */
  applyIssue(issue: IssueSummary, seq: number, live: boolean): void
  setConnection(c: ConnectionState): void
  setFilters(f: Partial<IssueFilters>): void
  setArea(code: string | null): void
  selectIssue(id: string | null): void
  /** Shows `optimistic` at once and remembers what to restore. */
  beginAction(optimistic: IssueSummary): void
  /** The action is done (answered) or refused (restore). */
  endAction(id: string, outcome: { issue: IssueSummary } | { refused: true }): void
  setFigures(f: IssueFiguresResponse): void
  setTaxonomy(t: TaxonomyPayload): void
  setSoundOn(on: boolean): void
  pruneFresh(now: number): void
  /** Forgets finished issues last changed before `before` (ms): a screen left running holds a bounded set. */
  pruneIssues(before: number): void
}

/** What a signed-out page must not keep: the issues, the log position, the figures, the open issue. */
export const noLiveIssues = (): Pick<ConsoleSlice, 'issues' | 'lastSeq' | 'figures' | 'selectedIssueId'> => ({
  issues: new Map(),
  lastSeq: 0,
  figures: null,
  selectedIssueId: null,
})

/** How long a new issue flashes. */
export const FRESH_MS = 8_000

export const createConsoleSlice: StateCreator<AppState, [], [], ConsoleSlice> = (set, get) => ({
  issues: new Map(),
  lastSeq: 0,
  connection: 'connecting',
  lastEventAt: null,
  freshIds: new Map(),
  filters: DEFAULT_FILTERS,
  area: null,
  selectedIssueId: null,
  pending: new Map(),
  figures: null,
  taxonomy: null,
  soundOn: false,
  pickingPlace: false,
  pickedPlace: null,
  setPicking: (pickingPlace) => set({ pickingPlace }),
  setPickedPlace: (pickedPlace) => set({ pickedPlace, pickingPlace: false }),
  loadSnapshot: (issues, lastSeq) => set({ issues: new Map(issues.map((i) => [i.id, i])), lastSeq }),
  applyIssue: (issue, seq, live) => {
    const s = get()
    const known = s.issues.get(issue.id)
    const update: Partial<ConsoleSlice> = {}
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
  setFilters: (f) => set((s) => ({ filters: { ...s.filters, ...f } })),
  setArea: (area) => set({ area }),
  selectIssue: (selectedIssueId) => set({ selectedIssueId }),
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
  setFigures: (figures) => set({ figures }),
  setTaxonomy: (taxonomy) => set({ taxonomy }),
  setSoundOn: (soundOn) => set({ soundOn }),
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
