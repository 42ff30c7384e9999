// Payloads of the live-issues API and the typed Socket.IO events: what the server sends and
// the clients (console, wall, phone page, simulator) read, typed once for both sides.
import type { DepartmentOption } from '../domain/departments.js'
import type { Hotspot } from '../analysis/rank-hotspots.js'
import type { InputCrs } from '../domain/coordinates.js'
import type { IssueAction, IssueStatus, Role } from '../domain/issue-lifecycle.js'
import type { IssueCategory, Level } from '../domain/issue-taxonomy.js'
import type { ClosuresResponse } from './closures.js'
import type { TriageColour } from '../domain/triage.js'
import type { IssueFiguresReport } from '../domain/issue-figures.js'
import type { IssueColumns } from './issue-columns.js'

export type { IssueAction, IssueStatus, Role, TriageColour, Level, InputCrs, IssueFiguresReport }

/** Who a token speaks for. Wall tokens are read-only and scoped to an area. */
export interface SessionUser {
  username: string
  displayName: string
  role: Role | 'wall'
  /** The area the user may see (and below); the district for district-wide roles. */
  area: string
}

/** POST /api/login `{ username, password }` */
export interface LoginResponse {
  token: string
  /** When the token expires (ISO 8601). */
  expiresAt: string
  user: SessionUser
}

/** GET /api/taxonomy */
export interface TaxonomyPayload {
  categories: {
    code: string
    name: string
    nameEn: string
    subcategories: { code: string; name: string; nameEn: string; importance: Level; urgency: Level }[]
  }[]
  colours: { code: TriageColour; name: string; nameEn: string; hex: string }[]
  statuses: { code: IssueStatus; name: string; nameEn: string }[]
  actions: { code: IssueAction; name: string; nameEn: string }[]
}
export type TaxonomyCategory = IssueCategory

/** Where a report came from: a worker's phone, a 12345 call an operator recorded, or an outside system over Open311 (server/open311/). */
export type IssueSource = 'field' | 'hotline' | 'open311'

/** POST /api/issues (JSON, or multipart with this as the `issue` part and up to 3 `photos`). */
export interface NewIssueRequest {
  /** Chosen by the client (UUID): sending the same request again creates nothing. */
  id: string
  /** A sub-category code, e.g. `sanitation.garbage`. */
  category: string
  description: string
  lon: number
  lat: number
  crs?: InputCrs
  importance?: Level
  urgency?: Level
  /** Hotline (12345) reports recorded by an operator: the caller's contact. */
  source?: 'field' | 'hotline'
  callerName?: string
  callerPhone?: string
  /** Free text of where, as the reporter said it. */
  address?: string
}

/** An issue as every client sees it (no personal data: phones travel only in IssueDetail). */
export interface IssueSummary {
  id: string
  /** Human-readable code, e.g. E20261122000042. */
  code: string
  /** Sequence number of the issue's latest event. */
  seq: number
  status: IssueStatus
  colour: TriageColour
  /** Sub-category code. */
  category: string
  importance: Level
  urgency: Level
  description: string
  address: string | null
  source: IssueSource
  /** Lowest area containing the point (a grid), or null when out of area. */
  areaCode: string | null
  gridCode: string | null
  communityCode: string | null
  streetCode: string | null
  districtCode: string | null
  outOfArea: boolean
  lon: number
  lat: number
  /** The pair as reported, before conversion to WGS-84. */
  raw: { lon: number; lat: number; crs: InputCrs }
  reporter: string
  assignee: string | null
  department: string | null
  rating: number | null
  possibleDuplicateOf: string | null
  duplicateOf: string | null
  photoCount: number
  reportedAt: string
  updatedAt: string
  /** When the current stage began, and when it is due (null when no stage runs). */
  stageStartedAt: string
  dueAt: string | null
  /** Marked by an operator as blocking passage (core/domain/passage-closures.ts); absent when not. */
  blocksPassage?: true
}

/** One row of the append-only event log. */
export interface IssueEventRecord {
  seq: number
  issueId: string
  /** 'report' for the creation, 'passage' for a passage mark set or taken off, otherwise the action taken. */
  type: 'report' | IssueAction | 'passage'
  fromStatus: IssueStatus | null
  toStatus: IssueStatus
  actor: string
  actorRole: Role
  note: string | null
  /** assignee, department, rating, duplicateOf, photos when the action carried them. */
  data: Record<string, unknown>
  at: string
}

/** POST /api/issues/:id/passage: mark an open issue as blocking passage (true) or take the mark off (false). */
export interface PassageMarkRequest {
  blocksPassage: boolean
  /** Why (what blocks the way, or why it no longer does). */
  note?: string
}

/** 201 / 200 of POST /api/issues, 200 of POST /api/issues/:id/transitions and of POST /api/issues/:id/passage */
export interface IssueResponse {
  issue: IssueSummary
}

/** GET /api/issues/:id */
export interface IssueDetail {
  issue: IssueSummary
  events: IssueEventRecord[]
  /** Photo URLs, served only to those allowed to see the issue. */
  photos: { url: string; sha256: string; mime: string; bytes: number; eventSeq: number }[]
  /** Masked unless the caller's role needs them. */
  reporterPhone: string | null
  callerName: string | null
  callerPhone: string | null
  /** An Open311 request's caller e-mail (to the roles that call back; null for others) and the media URL it was sent with. */
  callerEmail: string | null
  mediaUrl: string | null
  /** Actions the caller may take now. */
  allowedActions: IssueAction[]
}

/** GET /api/issues */
export interface IssueListResponse {
  issues: IssueSummary[]
  /** Pass as `before` for the next page; null on the last page. */
  nextCursor: string | null
}

/** GET /api/issues/live: what a console starts from, then follows on the socket with `since: lastSeq`. */
export interface LiveIssuesResponse {
  /** Open issues and those changed in the window, newest first. */
  issues: IssueSummary[]
  /** The last event the snapshot includes. */
  lastSeq: number
  /** More issues matched than this page holds (the newest are sent first). */
  truncated: boolean
  /** The next page's `before` (an issue number), or null on the last page: nothing is cut silently. */
  next: string | null
  /** The window's start this snapshot used: later pages pass it back as `activeSince`. */
  activeSince: string
}

/**
 * A console's first snapshot holds the open issues and those finished in this many days; the
 * finished ones of the rest of its window follow once it is live (`finishedBefore`). On a city's
 * year the console's 7 days were 70,000 issues; the open ones and a day's, 38,000.
 */
export const LIVE_FIRST_SNAPSHOT_DAYS = 1

/** The console's window: the open issues and those finished in this many days (what a server holds in memory). */
export const LIVE_SNAPSHOT_DAYS = 7

/** GET /api/issues/live?format=columns: the same page, its issues as columns (core/wire/issue-columns.ts), about a third of the bytes. */
export interface LiveIssueColumnsResponse extends Omit<LiveIssuesResponse, 'issues'> {
  columns: IssueColumns
}

/** GET /api/issues/figures?from=&to=: the evaluation figures of a period, in the caller's scope. */
export interface IssueFiguresResponse extends IssueFiguresReport {
  from: string
  to: string
  /** When the figures were computed (open and overdue are as of then). */
  at: string
}

/** POST /api/issues/:id/transitions */
export interface TransitionRequest {
  action: IssueAction
  note?: string
  assignee?: string
  department?: string
  rating?: number
  duplicateOf?: string
}

/** 409 body of a transition the lifecycle or the role does not allow. */
export interface TransitionRefusal {
  error: { message: string; field?: string }
  status: IssueStatus
  allowed: IssueAction[]
}

/** `issue:event` (the single form): one committed event and the issue as it stands after it. */
export interface IssueEventMessage {
  seq: number
  event: IssueEventRecord
  issue: IssueSummary
}

/**
 * One committed event in the batch form: its seq and type, and the issue as it stands after it.
 * The event's actor, note and data travel only in the single form and in GET /api/issues/:id.
 */
export interface IssueChange {
  seq: number
  type: IssueEventRecord['type']
  issue: IssueSummary
}

/** Socket.IO handshake `auth`. */
export interface SocketAuth {
  token: string
  /** The last seq the client holds; the server replays every later event it may see. */
  since?: number
  /**
   * true: events arrive as `issue:events` batches (every client of this project); absent or
   * false: one `issue:event` per event, the original form kept for outside clients.
   */
  batch?: boolean
  /** false: no issue feed on this socket (no replay, no events): a page that listens only for `closures` (/plan). */
  feed?: boolean
}

export interface ServerToClientEvents {
  'issue:event': (message: IssueEventMessage) => void
  /** The batch form: the events committed since the last batch that the socket's room may see, in seq order (a replay comes in pages of up to 500). */
  'issue:events': (changes: IssueChange[]) => void
  /**
   * Sent once the replay after `since` is complete: live events follow. With `stale`, `since` lay
   * further back than the server replays (MAX_REPLAY_EVENTS): nothing follows on this socket; the
   * client reloads its snapshot and connects again from it (or from `lastSeq`, if later).
   */
  'replay:done': (info: { lastSeq: number; replayed: number; stale?: boolean }) => void
  /** Live closures (core/wire/closures.ts): the open closures the socket's area may see and what they cost the walk; sent on connecting and after each change. Only to roles that see coverage. */
  closures: (figures: ClosuresResponse) => void
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/**
 * GET /api/issues/hotspots: the top hotspots of a window, ranked in SQL, shaped as
 * core/analysis/rank-hotspots.ts does; only the first `detail` carry their categories, sparkline,
 * main grid and newest issue ids (at most 20).
 */
export interface HotspotsResponse {
  hotspots: Hotspot[]
  /** Issues reported in the window in scope, all cells together. */
  reported: number
}

/** GET /api/issues/:id/assignees: who may take the issue, and the departments it may go to (the competent ones first). */
export interface AssigneesResponse {
  assignees: { username: string; displayName: string; role: Role; area: string }[]
  departments: DepartmentOption[]
}
