// Keeps the page's issues live (the store's live-issues slice): the snapshot (GET /api/issues/live,
// the open issues and a day's finished ones, the rest of the window's after; or on /report the
// worker's own reports), then the socket from the snapshot's seq — reconnecting with the last seq applied, so missed events arrive once and counters
// stay right — the browser's own online/offline signal, the figures of the top bar (refetched at
// most every few seconds while events arrive, never starved by a steady stream, and every minute
// on a timer of its own), and a tone for each new red issue when sound is on.
// The wall uses it too, with its own history (days) and without the top bar's figures, and so does
// the phone's /report page (mine: true).
import { useEffect, useRef } from 'react'
import { fetchIssueFigures, fetchLiveIssues, fetchMyIssues, fetchTaxonomy } from '../api/issues'
import type { Session } from '../api/session'
import { connectIssueFeed, type FeedState } from './issue-feed'
import { createThrottle } from './throttle'
import { useAppStore } from '../store'
import { LIVE_FIRST_SNAPSHOT_DAYS, LIVE_SNAPSHOT_DAYS, type IssueSummary } from '../../core/wire/issues'

/** Events refresh the figures at most this often (the first at once, the last at the end). */
const FIGURES_AT_MOST_EVERY_MS = 3_000
const FIGURES_EVERY_MS = 60_000
/** A snapshot that could not be read (the server is down) is tried again after this long. */
const SNAPSHOT_RETRY_MS = 5_000

export interface LiveIssuesOptions {
  /** Issues closed longer ago than this are left out of the snapshot. */
  days?: number
  /** Keep today's figures of the console's top bar. */
  figures?: boolean
  /** Only the signed-in worker's own reports (the newest 50), as /report lists them. */
  mine?: boolean
  /** An issue this page had not seen arrived on the socket. */
  onNewIssue?(issue: IssueSummary): void
  /** The token was refused (expired, revoked): by default the stored session ends. */
  onRefused?(): void
}

export function useLiveIssues({ days = LIVE_SNAPSHOT_DAYS, figures = true, mine = false, onNewIssue, onRefused }: LiveIssuesOptions = {}): void {
  const session = useAppStore((s) => s.session)
  const onNew = useRef(onNewIssue)
  onNew.current = onNewIssue
  const refused = useRef(onRefused)
  refused.current = onRefused
  useEffect(() => {
    if (!session) return
    const store = useAppStore.getState
    const logout = () => (refused.current ? refused.current() : store().signOut())
    let closed = false
    let feed: ReturnType<typeof connectIssueFeed> | null = null
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let feedState: FeedState = 'connecting'
    // Answers may come back out of order: an older one never replaces a newer (but a slow server's
    // answers are still shown, each newer than the last).
    let figuresAsked = 0
    let figuresShown = 0
    const fetchFigures = () => {
      const asked = ++figuresAsked
      fetchIssueFigures(session).then((f) => {
        if (closed || asked < figuresShown) return
        figuresShown = asked
        store().setFigures(f)
      }, () => undefined)
    }
    const refreshFigures = createThrottle(() => figures && fetchFigures(), FIGURES_AT_MOST_EVERY_MS)
    fetchTaxonomy().then((t) => !closed && store().setTaxonomy(t), () => undefined)
    if (figures) fetchFigures()
    // Time passes without events too (today's medians, overdue): its own timer, which events never reset.
    const everyMinute = setInterval(() => figures && fetchFigures(), FIGURES_EVERY_MS)

    store().setConnection('connecting')
    // `atLeast`: the seq the server said it is at when it found the last snapshot too old to replay.
    const start = (atLeast = 0) =>
      (mine ? fetchMine(session) : fetchLiveIssues(session, Math.min(days, LIVE_FIRST_SNAPSHOT_DAYS))).then(
        (snapshot) => {
          if (closed) return
          store().loadSnapshot(snapshot.issues, snapshot.lastSeq)
          if (snapshot.activeSince && days > LIVE_FIRST_SNAPSHOT_DAYS) {
            // Finished issues never change again: read whenever it comes, tried again until it does.
            const readOlder = (since: string) =>
              fetchLiveIssues(session, days, since).then(
                (older) => !closed && store().addOlderIssues(older.issues),
                (err: { status?: number }) => {
                  if (!closed && err.status !== 401) retryTimer = setTimeout(() => void readOlder(since), SNAPSHOT_RETRY_MS)
                },
              )
            void readOlder(snapshot.activeSince)
          }
          feed = connectIssueFeed({
            token: session.token,
            since: Math.max(snapshot.lastSeq, atLeast),
            onStale: (lastSeq) => {
              feed = null
              void start(lastSeq)
            },
            onClosures: (f) => store().setClosures(f),
            onChange: (m) => {
              const known = store().issues.has(m.issue.id)
              store().applyIssue(m.issue, m.seq, true)
              if (!known && m.issue.colour === 'red' && store().soundOn) playAlertTone()
              if (!known) onNew.current?.(m.issue)
              refreshFigures()
            },
            onState: (state) => {
              feedState = state
              if (state === 'refused') return logout()
              store().setConnection(navigator.onLine === false ? 'offline' : state)
            },
          })
        },
        (err: { status?: number }) => {
          if (closed || err.status === 401) return
          store().setConnection('reconnecting')
          retryTimer = setTimeout(() => void start(atLeast), SNAPSHOT_RETRY_MS)
        },
      )
    void start()
    const onOffline = () => store().setConnection('offline')
    // The socket may be back before the browser says it is online again.
    const onOnline = () => {
      store().setConnection(feedState === 'live' ? 'live' : 'reconnecting')
      feed?.reconnectNow()
    }
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    return () => {
      closed = true
      feed?.close()
      refreshFigures.cancel()
      clearTimeout(retryTimer)
      clearInterval(everyMinute)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
    }
  }, [session, days, figures, mine])
}

/** The worker's own reports as a snapshot: the feed picks up after the newest of them. */
async function fetchMine(session: Session): Promise<{ issues: IssueSummary[]; lastSeq: number; activeSince?: undefined }> {
  const { issues } = await fetchMyIssues(session)
  return { issues, lastSeq: issues.reduce((m, i) => Math.max(m, i.seq), 0) }
}

let audio: AudioContext | null = null

/** Two short tones, made in the browser (no sound file to fetch). */
function playAlertTone(): void {
  try {
    audio ??= new AudioContext()
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator()
      const gain = audio.createGain()
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.15, audio.currentTime + i * 0.18)
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.18 + 0.16)
      osc.connect(gain).connect(audio.destination)
      osc.start(audio.currentTime + i * 0.18)
      osc.stop(audio.currentTime + i * 0.18 + 0.17)
    }
  } catch {
    // No audio device: the flash on the map still says it.
  }
}
