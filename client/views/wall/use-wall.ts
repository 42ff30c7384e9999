// The wall's hooks around the server: who it is (kiosk token or the signed-in user, retried
// while the server is unreachable), the stage for the screen's size, a clock, an area's
// outline and fit, and an area's figures for the window (refetched after events and every minute).
import { useEffect, useMemo, useRef, useState } from 'react'
import { ApiError } from '../../api/http'
import { fetchAreaCoveragePct } from '../../api/coverage'
import { authFetch, type Session } from '../../api/session'
import type { IssueFiguresResponse } from '../../../core/wire/issues'
import { WALL_WINDOW_MS, type WallWindow } from '../../../core/wire/wall'
import { createThrottle } from '../../live/throttle'
import { useAppStore } from '../../store'
import { getStage, type Stage } from './stage-scale'
import { openTokenSession } from './wall-session'

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
}

const FIGURES_EVERY_MS = 60_000
const FIGURES_AFTER_EVENT_MS = 3_000

/** Handled-in-time and satisfaction of the area over the window, and its 15-minute coverage. */
export function useAreaFigures(session: Session | null, area: string, level: string | undefined, window: WallWindow, lastSeq: number): AreaFigures {
  const [figures, setFigures] = useState<IssueFiguresResponse | null>(null)
  const [coveragePct, setCoveragePct] = useState<number | null>(null)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), FIGURES_EVERY_MS)
    return () => clearInterval(timer)
  }, [])
  // Events move the figures: fetch them again at most every few seconds while events arrive (a
  // throttle, not a debounce: a debounce that every event restarts never fired under a steady stream).
  const [seqSeen, setSeqSeen] = useState(lastSeq)
  const latestSeq = useRef(lastSeq)
  latestSeq.current = lastSeq
  const refresh = useMemo(() => createThrottle(() => setSeqSeen(latestSeq.current), FIGURES_AFTER_EVENT_MS), [])
  useEffect(() => refresh(), [lastSeq, refresh])
  useEffect(() => () => refresh.cancel(), [refresh])

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
  }, [session, area, window, tick, seqSeen])

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
  return { figures, coveragePct }
}
