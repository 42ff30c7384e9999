// The phone's outbox: every report goes into IndexedDB first, then to the server; what cannot
// be sent now is retried when the network returns (online event, backoff, next page load).
import { useCallback, useEffect, useRef, useState } from 'react'
import type { IssueSummary, NewIssueRequest } from '../../../core/wire/issues'
import { ApiError } from '../../api/http'
import { postIssue } from '../../api/issues'
import type { Session } from '../../api/session'
import { classifySendFailure, getRetryDelayMs, listQueued, putQueued, removeQueued, type QueuedReport } from '../../offline/report-queue'

export function useReportOutbox(session: Session | null, onSent: (issue: IssueSummary) => void) {
  const [queue, setQueue] = useState<QueuedReport[]>([])
  const flushing = useRef(false)
  const timer = useRef<number | undefined>(undefined)
  const latest = useRef({ session, onSent })
  latest.current = { session, onSent }

  const refresh = useCallback(async () => setQueue(await listQueued()), [])

  const flush = useCallback(async () => {
    const { session } = latest.current
    if (!session || flushing.current) return
    flushing.current = true
    window.clearTimeout(timer.current)
    let retryIn: number | undefined
    try {
      for (const item of await listQueued()) {
        if (item.state !== 'waiting') continue
        try {
          const { issue } = await postIssue(session, item.request, item.photos)
          await removeQueued(item.request.id)
          latest.current.onSent(issue)
        } catch (err) {
          const status = err instanceof ApiError ? err.status : 0
          if (classifySendFailure(status) === 'refused') {
            await putQueued({ ...item, state: 'failed', error: (err as Error).message, attempts: item.attempts + 1 })
          } else {
            const next = { ...item, attempts: item.attempts + 1 }
            await putQueued(next)
            retryIn = Math.min(retryIn ?? Infinity, getRetryDelayMs(next.attempts))
            if (status === 0 || status === 401) break
          }
        }
      }
    } finally {
      flushing.current = false
      await refresh()
      if (retryIn !== undefined) timer.current = window.setTimeout(() => void flush(), retryIn)
    }
  }, [refresh])

  useEffect(() => {
    void refresh().then(flush)
    const online = () => void flush()
    window.addEventListener('online', online)
    return () => {
      window.removeEventListener('online', online)
      window.clearTimeout(timer.current)
    }
  }, [flush, refresh, session?.token])

  /** Keeps the report on the phone, then tries to send it. */
  const submit = useCallback(
    async (request: NewIssueRequest, photos: Blob[]) => {
      await putQueued({ request, photos, queuedAt: new Date().toISOString(), state: 'waiting', attempts: 0 })
      await refresh()
      await flush()
    },
    [flush, refresh],
  )

  const discard = useCallback(
    async (id: string) => {
      await removeQueued(id)
      await refresh()
    },
    [refresh],
  )

  return { queue, submit, discard, flush }
}
