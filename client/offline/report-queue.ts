// Reports that have not reached the server yet, kept in IndexedDB (idb-keyval) with their
// photos, so nothing a worker sends is lost to a dead network or a reload. Each keeps its id:
// sending again is idempotent on the server.
import { createStore, del, entries, set } from 'idb-keyval'
import type { NewIssueRequest } from '../../core/wire/issues'

export interface QueuedReport {
  request: NewIssueRequest
  photos: Blob[]
  queuedAt: string
  /** waiting: will be sent when possible; failed: the server refused it, the worker decides. */
  state: 'waiting' | 'failed'
  error?: string
  attempts: number
}

const store = () => createStore('gridpulse-reports', 'queue')

export async function listQueued(): Promise<QueuedReport[]> {
  const all = await entries<string, QueuedReport>(store())
  return all.map(([, r]) => r).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
}

export function putQueued(r: QueuedReport): Promise<void> {
  return set(r.request.id, r, store())
}

export function removeQueued(id: string): Promise<void> {
  return del(id, store())
}

/**
 * What to do after a send: keep waiting (no network, server busy or down, token expired — the
 * worker logs in again), or give up on this report (the server refused its content).
 */
export function classifySendFailure(status: number): 'retry' | 'refused' {
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return 'retry'
  return 'refused'
}

/** Seconds to wait before the next try: 2, 4, 8 … up to 5 minutes. */
export function getRetryDelayMs(attempts: number): number {
  return Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1))
}
