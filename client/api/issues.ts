// Fetchers of the live-issues API: the taxonomy, posting a report (JSON, or multipart with
// photos), the caller's issues, and the console's snapshot, detail, actions and figures, and a
// window's hotspots.
import type { AssigneesResponse, HotspotsResponse, IssueDetail, IssueFiguresResponse, IssueListResponse, IssueResponse, IssueSummary, LiveIssueColumnsResponse, LiveIssuesResponse, NewIssueRequest, PassageMarkRequest, TaxonomyPayload, TransitionRequest } from '../../core/wire/issues'
import type { HotspotBy } from '../../core/analysis/rank-hotspots'
import type { WallWindow } from '../../core/wire/wall'
import { decodeIssueColumnsInChunks, type IssueColumns } from '../../core/wire/issue-columns'
import { getJson } from './http'
import { authFetch, type Session } from './session'
import type { EvaluationResponse, EvaluationView } from '../../core/wire/evaluation'
import { getAttachmentName } from '../components/download'

export function fetchTaxonomy(signal?: AbortSignal): Promise<TaxonomyPayload> {
  return getJson('/api/taxonomy', undefined, signal)
}

/** Posts a report; the same id again is harmless (the server answers with the same issue). */
export async function postIssue(session: Session, report: NewIssueRequest, photos: Blob[]): Promise<IssueResponse> {
  let init: RequestInit
  if (photos.length === 0) {
    init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report) }
  } else {
    const form = new FormData()
    form.append('issue', JSON.stringify(report))
    photos.forEach((p, i) => form.append('photos', p, `photo-${i + 1}`))
    init = { method: 'POST', body: form }
  }
  const res = await authFetch(session, '/api/issues', init)
  return (await res.json()) as IssueResponse
}

/** The caller's own reports, newest first. */
export async function fetchMyIssues(session: Session): Promise<IssueListResponse> {
  const res = await authFetch(session, '/api/issues?mine=true&limit=50', {})
  return (await res.json()) as IssueListResponse
}

/**
 * The console's snapshot: open issues and those changed in `days`, every page of it (as columns,
 * core/wire/issue-columns.ts), with the seq of the first page. Later pages may hold an issue newer
 * than that seq: the socket, opened from it, brings that event again, and the store keeps the higher
 * seq. With `finishedBefore` (the `activeSince` of a snapshot of fewer days), only the finished issues
 * that snapshot left out.
 */
export async function fetchLiveIssues(session: Session, days: number, finishedBefore?: string): Promise<LiveIssuesResponse> {
  const query = (extra: string) => `/api/issues/live?format=columns&days=${days}${finishedBefore ? `&finishedBefore=${encodeURIComponent(finishedBefore)}` : ''}${extra}`
  // (A server from before the columns answers with objects: taken as they come.)
  const read = async (extra: string) => (await (await authFetch(session, query(extra), {})).json()) as LiveIssueColumnsResponse & Partial<Pick<LiveIssuesResponse, 'issues'>>
  const first = await read('')
  // Each next page asked for as soon as its cursor is known, before this one is decoded: the server
  // reads it while the page decodes. (Asked after the decoding, a city's wall on the year waited
  // 1–2 s between pages in headless Chromium.)
  const after = (next: string | null | undefined) => {
    if (next === null || next === undefined) return null
    const page = read(`&before=${encodeURIComponent(next)}&activeSince=${encodeURIComponent(first.activeSince)}`)
    page.catch(() => undefined) // a failure is met where it is awaited, not as an unhandled rejection meanwhile
    return page
  }
  let pending = after(first.next)
  const issues = first.columns ? await decodeBetweenFrames(first.columns) : (first.issues ?? [])
  while (pending) {
    const page = await pending
    pending = after(page.next)
    issues.push(...(page.columns ? await decodeBetweenFrames(page.columns) : (page.issues ?? [])))
  }
  return { issues, lastSeq: first.lastSeq, truncated: false, next: null, activeSince: first.activeSince }
}

/**
 * A page decoded 5,000 issues at a time, the page free to draw between them (20,000 at once took
 * 100–240 ms). A hidden page draws nothing and its timers are slowed to one a second or less: it
 * decodes at once.
 */
async function decodeBetweenFrames(columns: IssueColumns): Promise<IssueSummary[]> {
  const issues: IssueSummary[] = []
  for (const chunk of decodeIssueColumnsInChunks(columns, 5_000)) {
    issues.push(...chunk)
    if (typeof document !== 'undefined' && !document.hidden) await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return issues
}

export async function fetchIssueDetail(session: Session, id: string): Promise<IssueDetail> {
  const res = await authFetch(session, `/api/issues/${encodeURIComponent(id)}`, {})
  return (await res.json()) as IssueDetail
}

/** Takes an action; a refusal (409) is an ApiError whose message says why. */
export async function postTransition(session: Session, id: string, body: TransitionRequest): Promise<IssueResponse> {
  const res = await authFetch(
    session,
    `/api/issues/${encodeURIComponent(id)}/transitions`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  )
  return (await res.json()) as IssueResponse
}

/** Marks an open issue as blocking passage, or takes the mark off (POST /api/issues/:id/passage). */
export async function postPassageMark(session: Session, id: string, body: PassageMarkRequest): Promise<IssueResponse> {
  const res = await authFetch(
    session,
    `/api/issues/${encodeURIComponent(id)}/passage`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  )
  return (await res.json()) as IssueResponse
}

/** The evaluation pack of a period (GET /api/issues/evaluation). */
export async function fetchEvaluation(session: Session, period: { from: string; to: string }): Promise<EvaluationResponse> {
  const res = await authFetch(session, `/api/issues/evaluation?${new URLSearchParams(period)}`, {})
  return (await res.json()) as EvaluationResponse
}

/** The evaluation pack as a file: the workbook (every view) or one view as CSV, with the server's file name. */
export async function fetchEvaluationFile(session: Session, q: { from: string; to: string; format: 'xlsx' | 'csv'; view: EvaluationView }): Promise<{ blob: Blob; fileName: string }> {
  const res = await authFetch(session, `/api/issues/evaluation?${new URLSearchParams(q)}`, {})
  return { blob: await res.blob(), fileName: getAttachmentName(res.headers.get('content-disposition'), `gridpulse-evaluation.${q.format}`) }
}

export async function fetchIssueFigures(session: Session, period: { from?: string; to?: string } = {}): Promise<IssueFiguresResponse> {
  const q = new URLSearchParams(Object.entries(period).filter((e): e is [string, string] => !!e[1]))
  const res = await authFetch(session, `/api/issues/figures${q.size ? `?${q}` : ''}`, {})
  return (await res.json()) as IssueFiguresResponse
}

export interface HotspotsRequest {
  area: string
  window: WallWindow
  by: HotspotBy
  buckets: number
  /** Hotspots ranked (every cell the map draws), and how many of the first carry their details. */
  limit: number
  detail: number
}

/** A window's hotspots, ranked by the server (over the cells' day counts) as rank-hotspots.ts ranks them. */
export async function fetchHotspots(session: Session, q: HotspotsRequest): Promise<HotspotsResponse> {
  const params = new URLSearchParams({ area: q.area, window: q.window, by: q.by.kind, buckets: String(q.buckets), limit: String(q.limit), detail: String(q.detail) })
  if (q.by.kind === 'hex') params.set('resolution', String(q.by.resolution))
  const res = await authFetch(session, `/api/issues/hotspots?${params}`, {})
  return (await res.json()) as HotspotsResponse
}

/** Who the issue may be dispatched to, the most local first. */
export async function fetchAssignees(session: Session, id: string): Promise<AssigneesResponse> {
  const res = await authFetch(session, `/api/issues/${encodeURIComponent(id)}/assignees`, {})
  return (await res.json()) as AssigneesResponse
}
