// The wall's autopilot as a pure state machine, driven by the clock: when nobody has touched the
// wall (or its remote) for `idleMs`, it tours the top hotspots, one every `tourMs`; a new red
// issue interrupts whatever is shown for `alertMs` (several wait their turn), then the wall goes
// back to what it was doing — for at least one `tourMs` before the next alert, so a busy
// afternoon of red reports cannot keep the wall in alerts for good.
export type AutopilotMode = 'tour' | 'manual' | 'alert'

export interface AutopilotOptions {
  tourMs: number
  idleMs: number
  alertMs: number
}

export interface AutopilotState {
  /** The tour may start by itself (the setting; a remote can switch it off). */
  enabled: boolean
  mode: AutopilotMode
  /** The mode an alert interrupted. */
  resume: Exclude<AutopilotMode, 'alert'>
  /** The hotspot the tour shows, and when it moves on. */
  index: number
  nextAt: number
  lastTouch: number
  /** Red issues to show, the current one first, and until when it is shown. */
  alerts: string[]
  alertUntil: number
  /** After alerts, the wall shows its own view at least until then; reds arriving meanwhile wait. */
  calmUntil: number
}

/** Red issues waiting to be shown at most; older ones are dropped (they are in the feed). */
export const MAX_QUEUED_ALERTS = 5

export function createAutopilot(now: number, enabled = true): AutopilotState {
  return { enabled, mode: 'manual', resume: 'manual', index: 0, nextAt: 0, lastTouch: now, alerts: [], alertUntil: 0, calmUntil: 0 }
}

/** Someone used the wall or its remote: the tour stops until it has been idle again. */
export function touch(s: AutopilotState, now: number): AutopilotState {
  if (s.mode === 'alert') return { ...s, lastTouch: now, resume: 'manual' }
  return { ...s, lastTouch: now, mode: 'manual' }
}

export function setEnabled(s: AutopilotState, enabled: boolean, now: number, o: AutopilotOptions): AutopilotState {
  if (!enabled) return { ...s, enabled, ...(s.mode === 'alert' ? { resume: 'manual' as const } : { mode: 'manual' as const }) }
  // Switched on from the remote: start touring now rather than after the idle time.
  const start = { index: 0, nextAt: now + o.tourMs }
  return s.mode === 'alert' ? { ...s, enabled, resume: 'tour', ...start } : { ...s, enabled, mode: 'tour', ...start }
}

/** A new red issue in the wall's area: shown now, or queued (the newest kept) while one is shown or the wall is calm. */
export function alertIssue(s: AutopilotState, issueId: string, now: number, o: AutopilotOptions): AutopilotState {
  if (s.alerts.includes(issueId)) return s
  if (s.mode === 'alert') return { ...s, alerts: [s.alerts[0], ...[...s.alerts.slice(1), issueId].slice(-(MAX_QUEUED_ALERTS - 1))] }
  if (now < s.calmUntil) return { ...s, alerts: [...s.alerts, issueId].slice(-MAX_QUEUED_ALERTS) }
  return startAlerts({ ...s, alerts: [issueId] }, now, o)
}

function startAlerts(s: AutopilotState, now: number, o: AutopilotOptions): AutopilotState {
  return { ...s, mode: 'alert', resume: s.mode === 'alert' ? s.resume : s.mode, alertUntil: now + o.alertMs }
}

/** Advances the clock: the next alert or back from one, the tour's next stop, the start of a tour. */
export function tick(s: AutopilotState, now: number, hotspotCount: number, o: AutopilotOptions): AutopilotState {
  if (s.mode === 'alert') {
    if (now < s.alertUntil) return s
    const [, ...rest] = s.alerts
    if (rest.length) return { ...s, alerts: rest, alertUntil: now + o.alertMs }
    // Back to the tour where it was: its next stop comes a full period later.
    return { ...s, mode: s.resume, alerts: [], nextAt: now + o.tourMs, calmUntil: now + o.tourMs }
  }
  // Reds that came in while the wall was calm.
  if (s.alerts.length && now >= s.calmUntil) return startAlerts(s, now, o)
  if (s.mode === 'manual') {
    if (!s.enabled || hotspotCount === 0 || now - s.lastTouch < o.idleMs) return s
    return { ...s, mode: 'tour', index: 0, nextAt: now + o.tourMs }
  }
  if (hotspotCount === 0) return { ...s, mode: 'manual' }
  if (now < s.nextAt) return s.index < hotspotCount ? s : { ...s, index: 0 }
  return { ...s, index: (s.index + 1) % hotspotCount, nextAt: now + o.tourMs }
}

/** The issue the wall shows now for an alert, if any. */
export const getAlertIssue = (s: AutopilotState): string | null => (s.mode === 'alert' ? (s.alerts[0] ?? null) : null)
