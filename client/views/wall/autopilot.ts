// The wall's autopilot as a pure state machine, driven by the clock: when nobody has touched the
// wall (or its remote) for `idleMs`, it tours the top hotspots, one every `tourMs`; a new red
// issue interrupts whatever is shown for `alertMs` (several wait their turn), then the wall goes
// back to what it was doing. A run of alerts shows at most MAX_ALERTS_IN_A_ROW (the rest stay in
// the lists), then the wall shows its own view for at least one `tourMs` before the next run, so
// a busy afternoon of red reports cannot keep the wall in alerts for good.
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
  /** Alerts already shown in this run. */
  shownInRun: number
  /** After a run of alerts, the wall shows its own view at least until then; reds arriving meanwhile wait. */
  calmUntil: number
}

/** Red issues shown in one run of alerts at most; later ones are left to the lists and the map. */
export const MAX_ALERTS_IN_A_ROW = 5

export function createAutopilot(now: number, enabled = true): AutopilotState {
  return { enabled, mode: 'manual', resume: 'manual', index: 0, nextAt: 0, lastTouch: now, alerts: [], alertUntil: 0, shownInRun: 0, calmUntil: 0 }
}

/** Someone used the wall or its remote: the tour stops until it has been idle again. */
export function touch(s: AutopilotState, now: number): AutopilotState {
  if (s.mode === 'alert') return { ...s, lastTouch: now, resume: 'manual' }
  return { ...s, lastTouch: now, mode: 'manual' }
}

/**
 * Someone changed what the wall shows (a drill, a pick, up, home, …): the alert shown and those
 * waiting are let go — the reds stay on the map and in the lists — so the wall shows what was
 * asked rather than a card of another place (issue 16). The mode is the one the alert interrupted.
 */
export function dismissAlerts(s: AutopilotState): AutopilotState {
  if (!s.alerts.length) return s
  return { ...s, mode: s.mode === 'alert' ? s.resume : s.mode, alerts: [], alertUntil: 0, shownInRun: 0 }
}

export function setEnabled(s: AutopilotState, enabled: boolean, now: number, o: AutopilotOptions): AutopilotState {
  if (!enabled) return { ...s, enabled, ...(s.mode === 'alert' ? { resume: 'manual' as const } : { mode: 'manual' as const }) }
  // Switched on from the remote: start touring now rather than after the idle time.
  const start = { index: 0, nextAt: now + o.tourMs }
  return s.mode === 'alert' ? { ...s, enabled, resume: 'tour', ...start } : { ...s, enabled, mode: 'tour', ...start }
}

/** A new red issue in the wall's area: shown now, or queued while another is shown or the wall is calm. */
export function alertIssue(s: AutopilotState, issueId: string, now: number, o: AutopilotOptions): AutopilotState {
  if (s.alerts.includes(issueId)) return s
  const room = MAX_ALERTS_IN_A_ROW - (s.mode === 'alert' ? s.shownInRun : 0)
  if (s.mode === 'alert' || now < s.calmUntil) return s.alerts.length < room ? { ...s, alerts: [...s.alerts, issueId] } : s
  return startAlerts({ ...s, alerts: [issueId] }, now, o)
}

function startAlerts(s: AutopilotState, now: number, o: AutopilotOptions): AutopilotState {
  return { ...s, mode: 'alert', resume: s.mode === 'alert' ? s.resume : s.mode, alertUntil: now + o.alertMs, shownInRun: 0 }
}

/** Advances the clock: the next alert or back from one, the tour's next stop, the start of a tour. */
export function tick(s: AutopilotState, now: number, hotspotCount: number, o: AutopilotOptions): AutopilotState {
  if (s.mode === 'alert') {
    if (now < s.alertUntil) return s
    const [, ...rest] = s.alerts
    const shownInRun = s.shownInRun + 1
    if (rest.length && shownInRun < MAX_ALERTS_IN_A_ROW) return { ...s, alerts: rest, alertUntil: now + o.alertMs, shownInRun }
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

/** The wall tours its hotspots now, or will again once the alert shown is over (what its remotes show as the autopilot). */
export const isTouring = (s: AutopilotState): boolean => s.mode === 'tour' || (s.mode === 'alert' && s.resume === 'tour')
