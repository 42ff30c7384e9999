// The wall's hooks around the server: who it is (kiosk token or the signed-in user, retried
// while the server is unreachable), the stage for the screen's size, a clock, an area's
// outline and fit, and an area's figures and hotspots for the window (refetched after events and
// every minute), its evaluation row (after the start, every 10 minutes), and the issues a hotspot names.
import { useEffect, useMemo, useRef, useState } from 'react'
import { ApiError } from '../../api/http'
import { fetchAreaCoveragePct } from '../../api/coverage'
import { fetchHotspots, fetchIssueDetail } from '../../api/issues'
import { authFetch, type Session } from '../../api/session'
import type { Hotspot, HotspotBy } from '../../../core/analysis/rank-hotspots'
import type { IssueFiguresResponse, IssueSummary } from '../../../core/wire/issues'
import { WALL_WINDOW_MS, type WallWindow } from '../../../core/wire/wall'
import { createThrottle } from '../../live/throttle'
import { useAppStore } from '../../store'
import { getStage, type Stage } from './stage-scale'
import { openTokenSession } from './wall-session'
import type { AreaIndicators } from '../../../core/domain/evaluation-indicators'
import type { EvaluationResponse } from '../../../core/wire/evaluation'

export type WallAuth = 'checking' | 'ready' | 'login' | 'refused'

const RETRY_MS = 5_000

/** Opens the wall's session: the URL's token (kiosk) or the stored login; 'login' when neither. */
export function useWallAuth(token: string | null): [WallAuth, (s: Session) => void] {
  const [auth, setAuth] = useState<WallAuth>('checking')
  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const store = useAppStore.getState
    if (!token) {
      setAuth(store().session ? 'ready' : 'login')
      return
    }
    const attempt = () =>
      openTokenSession(token).then(
        (s) => {
          if (!live) return
          store().signIn(s, { keep: false })
          setAuth('ready')
        },
        (err: unknown) => {
          if (!live) return
          if (err instanceof ApiError && err.status === 401) return setAuth('refused')
          // The screen was switched on before the server (or the network): try again.
          timer = setTimeout(attempt, RETRY_MS)
        },
      )
    void attempt()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [token])
  // A login on this screen is kept like the console's (a kiosk token never is: it lives in the URL).
  return [auth, (s) => (useAppStore.getState().signIn(s), setAuth('ready'))]
}

/** The stage for the window's size, followed through resizes (a screen rotated, a wall re-spliced). */
export function useStage(): Stage {
  const [stage, setStage] = useState(() => getStage(window.innerWidth, window.innerHeight))
  useEffect(() => {
    const update = () => setStage(getStage(window.innerWidth, window.innerHeight))
    window.addEventListener('resize', update)
    return () => window.removeEventListener('resize', update)
  }, [])
  return stage
}

/** The time, refreshed every `ms`. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(timer)
  }, [ms])
  return now
}

export interface AreaFigures {
  figures: IssueFiguresResponse | null
  coveragePct: number | null
  /** The evaluation pack's whole-area row for the window (结案率, 综合指标值). */
  evaluation: AreaIndicators | null
}

/** The server's answers are asked again every minute (the window slides) … */
const REFRESH_EVERY_MS = 60_000
/** … and at most this often while events arrive. */
const REFRESH_AFTER_EVENT_MS = 3_000

/**
 * A number that changes every minute and, while events arrive, at most every few seconds: what the
 * wall's answers from the server (figures, hotspots) are fetched again on. A throttle, not a
 * debounce: a debounce that every event restarts never fired under a steady stream.
 */
export function useRefreshTick(lastSeq: number): string {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_EVERY_MS)
    return () => clearInterval(timer)
  }, [])
  const latestSeq = useRef(lastSeq)
  latestSeq.current = lastSeq
  const [seqSeen, setSeqSeen] = useState(lastSeq)
  const refresh = useMemo(() => createThrottle(() => setSeqSeen(latestSeq.current), REFRESH_AFTER_EVENT_MS), [])
  useEffect(() => refresh(), [lastSeq, refresh])
  useEffect(() => () => refresh.cancel(), [refresh])
  return `${tick}:${seqSeen}`
}

/**
 * The evaluation pack is an export computed from every issue and event of its period, not a live
 * figure: on a city's year its district's 7 days took 4.6 s of the server and 831 KB, the city's 30
 * days 19 s. The wall asked it with the figures, at its start (its snapshot's pages then waited:
 * ready in 14 s instead of 3) and again every minute and every 3 s while events came. Now it is asked
 * once the wall's start is done, then every 10 minutes, one request at a time.
 */
export const EVALUATION_EVERY_MS = 10 * 60_000

/** Handled-in-time and satisfaction of the area over the window, its 15-minute coverage, and (once `started`) its evaluation row. */
export function useAreaFigures(session: Session | null, area: string, level: string | undefined, window: WallWindow, refreshTick: string, started: boolean): AreaFigures {
  const [figures, setFigures] = useState<IssueFiguresResponse | null>(null)
  const [coveragePct, setCoveragePct] = useState<number | null>(null)

  useEffect(() => {
    if (!session) return
    let live = true
    const from = new Date(Date.now() - WALL_WINDOW_MS[window]).toISOString()
    authFetch(session, `/api/issues/figures?${new URLSearchParams({ area, from })}`)
      .then((r) => r.json() as Promise<IssueFiguresResponse>)
      .then(
        (f) => live && setFigures(f),
        () => undefined,
      )
    return () => {
      live = false
    }
  }, [session, area, window, refreshTick])

  useEffect(() => {
    setCoveragePct(null)
    let live = true
    fetchAreaCoveragePct(area, level).then(
      (pct) => live && setCoveragePct(pct),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [area, level])
  const evaluation = useAreaEvaluation(session, area, window, started)
  return { figures, coveragePct, evaluation }
}

/** After a failed evaluation request (the server restarting, say), the next try: sooner than the 10 minutes. */
export const EVALUATION_RETRY_MS = 30_000

/**
 * The evaluation pack's whole-area row for the window: asked once `started`, then every
 * EVALUATION_EVERY_MS (EVALUATION_RETRY_MS after a failure), one request at a time — a request for
 * an area or window no longer shown is aborted; null for another area or window until its answer.
 */
function useAreaEvaluation(session: Session | null, area: string, window: WallWindow, started: boolean): AreaIndicators | null {
  const key = `${area} ${window}`
  const [answer, setAnswer] = useState<{ key: string; row: AreaIndicators } | null>(null)
  const [tick, setTick] = useState(0)
  const inFlight = useRef<{ key: string; controller: AbortController } | null>(null)
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), EVALUATION_EVERY_MS)
    return () => {
      clearInterval(timer)
      clearTimeout(retry.current)
      inFlight.current?.controller.abort()
      inFlight.current = null
    }
  }, [])
  useEffect(() => {
    if (!session || !started || inFlight.current?.key === key) return
    inFlight.current?.controller.abort()
    clearTimeout(retry.current)
    const mine = { key, controller: new AbortController() }
    inFlight.current = mine
    const from = new Date(Date.now() - WALL_WINDOW_MS[window]).toISOString()
    authFetch(session, `/api/issues/evaluation?${new URLSearchParams({ area, from })}`, { signal: mine.controller.signal })
      .then((r) => r.json() as Promise<EvaluationResponse>)
      .then(
        (e) => {
          if (inFlight.current === mine) setAnswer({ key, row: e.total })
        },
        () => {
          if (inFlight.current === mine) retry.current = setTimeout(() => setTick((t) => t + 1), EVALUATION_RETRY_MS)
        },
      )
      .finally(() => {
        if (inFlight.current === mine) inFlight.current = null
      })
  }, [session, area, window, key, started, tick])
  return answer?.key === key ? answer.row : null
}

/** Hotspots ranked: every cell the map may draw; the top ten carry their details. */
const HOTSPOTS_RANKED = 2000
const HOTSPOTS_DETAILED = 10

export interface AreaHotspots {
  hotspots: Hotspot[]
  /** Issues reported in the window in the area. */
  reported: number
}

/**
 * The area's hotspots over the window, ranked by the server from the cells' day counts (the wall
 * no longer holds a window's every issue to rank them): null until the first answer for this
 * area, window and level; an older answer never replaces a newer one.
 */
export function useAreaHotspots(session: Session | null, area: string, window: WallWindow, by: HotspotBy, buckets: number, refreshTick: string): AreaHotspots | null {
  const [answer, setAnswer] = useState<{ key: string; hotspots: AreaHotspots } | null>(null)
  const key = `${area}|${window}|${by.kind === 'hex' ? by.resolution : 'grid'}`
  const asked = useRef(0)
  useEffect(() => {
    if (!session) return
    const n = ++asked.current
    fetchHotspots(session, { area, window, by, buckets, limit: HOTSPOTS_RANKED, detail: HOTSPOTS_DETAILED }).then(
      (r) => n === asked.current && setAnswer({ key, hotspots: { hotspots: r.hotspots, reported: r.reported } }),
      () => undefined,
    )
    // by is in the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, key, buckets, refreshTick])
  return answer?.key === key ? answer.hotspots : null
}

/** The issues of these ids: those the wall holds, the others fetched once (a hotspot's newest may be finished and not held). */
export function useIssueSummaries(session: Session | null, ids: string[], held: Map<string, IssueSummary>): IssueSummary[] {
  const [fetched, setFetched] = useState<Map<string, IssueSummary>>(() => new Map())
  const wanted = ids.join(',')
  useEffect(() => {
    if (!session) return
    let live = true
    const missing = ids.filter((id) => !held.has(id) && !fetched.has(id))
    if (missing.length === 0) return
    Promise.all(missing.map((id) => fetchIssueDetail(session, id).then((d) => d.issue, () => null))).then((found) => {
      if (!live) return
      setFetched((m) => {
        const next = new Map(m)
        for (const i of found) if (i) next.set(i.id, i)
        return next
      })
    })
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, wanted])
  return ids.flatMap((id) => held.get(id) ?? fetched.get(id) ?? [])
}
