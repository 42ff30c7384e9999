// Fetchers of the live-issues API: the taxonomy, posting a report (JSON, or multipart with
// photos), and the caller's issues.
import type { IssueListResponse, IssueResponse, NewIssueRequest, TaxonomyPayload } from '../../core/wire/issues'
import { getJson } from './http'
import { authFetch, type Session } from './session'

export function fetchTaxonomy(signal?: AbortSignal): Promise<TaxonomyPayload> {
  return getJson('/api/taxonomy', undefined, signal)
}

/** Posts a report; the same id again is harmless (the server answers with the same issue). */
export async function postIssue(session: Session, report: NewIssueRequest, photos: Blob[], onUnauthorized?: () => void): Promise<IssueResponse> {
  let init: RequestInit
  if (photos.length === 0) {
    init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report) }
  } else {
    const form = new FormData()
    form.append('issue', JSON.stringify(report))
    photos.forEach((p, i) => form.append('photos', p, `photo-${i + 1}`))
    init = { method: 'POST', body: form }
  }
  const res = await authFetch(session, '/api/issues', init, onUnauthorized)
  return (await res.json()) as IssueResponse
}

/** The caller's own reports, newest first. */
export async function fetchMyIssues(session: Session, onUnauthorized?: () => void): Promise<IssueListResponse> {
  const res = await authFetch(session, '/api/issues?mine=true&limit=50', {}, onUnauthorized)
  return (await res.json()) as IssueListResponse
}
