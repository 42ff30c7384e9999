// Keeps the console's issues live: the snapshot (GET /api/issues/live), then the socket from the
// snapshot's seq — reconnecting with the last seq applied, so missed events arrive once and counters
// stay right — the browser's own online/offline signal, the figures of the top bar (refetched a
// moment after events and every minute), and a tone for each new red issue when sound is on.
import { useEffect } from 'react'
import { fetchIssueFigures, fetchLiveIssues, fetchTaxonomy } from '../../api/issues'
import { saveSession } from '../../api/session'
import { connectIssueFeed } from '../../realtime/issue-feed'
import { useAppStore } from '../../store'

const SNAPSHOT_DAYS = 7
const FIGURES_AFTER_EVENT_MS = 2_000
const FIGURES_EVERY_MS = 60_000

export function useLiveIssues(): void {
  const session = useAppStore((s) => s.session)
  useEffect(() => {
    if (!session) return
    const store = useAppStore.getState
    const logout = () => {
      saveSession(null)
      store().setSession(null)
    }
    let closed = false
    let feed: ReturnType<typeof connectIssueFeed> | null = null
    let figuresTimer: ReturnType<typeof setTimeout> | undefined
    const refreshFigures = () => {
      clearTimeout(figuresTimer)
      figuresTimer = setTimeout(() => {
        fetchIssueFigures(session, {}, logout).then((f) => !closed && store().setFigures(f), () => undefined)
      }, FIGURES_AFTER_EVENT_MS)
    }
    fetchTaxonomy().then((t) => !closed && store().setTaxonomy(t), () => undefined)
    fetchIssueFigures(session, {}, logout).then((f) => !closed && store().setFigures(f), () => undefined)
    const everyMinute = setInterval(refreshFigures, FIGURES_EVERY_MS)

    store().setConnection('connecting')
    fetchLiveIssues(session, SNAPSHOT_DAYS, logout).then(
      (snapshot) => {
        if (closed) return
        store().loadSnapshot(snapshot.issues, snapshot.lastSeq)
        feed = connectIssueFeed({
          token: session.token,
          since: snapshot.lastSeq,
          onEvent: (m) => {
            const known = store().issues.has(m.issue.id)
            store().applyIssue(m.issue, m.seq, true)
            if (!known && m.issue.colour === 'red' && store().soundOn) playAlertTone()
            refreshFigures()
          },
          onState: (state) => {
            if (state === 'refused') return logout()
            store().setConnection(navigator.onLine === false ? 'offline' : state)
          },
        })
      },
      () => !closed && store().setConnection('reconnecting'),
    )
    const onOffline = () => store().setConnection('offline')
    const onOnline = () => store().setConnection('reconnecting')
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    return () => {
      closed = true
      feed?.close()
      clearTimeout(figuresTimer)
      clearInterval(everyMinute)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
    }
  }, [session])
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
