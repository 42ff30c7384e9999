// The wall screen's parts that are not drawing: the area's hotspots and open issues over the
// window, what is in focus (an alert, the tour's stop, what someone picked), the camera following
// it, and the remote's socket (commands in, the screen's state out).
import { useCallback, useEffect, useMemo, useRef } from 'react'
import type * as maplibregl from 'maplibre-gl'
import { getHexResolution, type Hotspot, type HotspotBy } from '../../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../../core/wire/issues'
import { type HotspotLevel, type WallCommand, type WallState, type WallWindow } from '../../../core/wire/wall'
import type { AreaIndex } from '../../areas/use-area-names'
import type { Language } from '../../i18n/messages'
import { isIssueInArea } from '../../live/issue-filters'
import { useAppStore } from '../../store'
import type { WallShown } from '../../store/wall-slice'
import { applyWallCommand } from './apply-wall-command'
import { dismissAlerts, getAlertIssue, setEnabled, touch, type AutopilotOptions, type AutopilotState } from './autopilot'
import { getHotspotLabels, getHotspotZoom, sortOpenIssues } from './wall-data'
import { useAreaHotspots } from './use-wall'
import type { Session } from '../../api/session'
import type { AreaPoints } from './area-points'
import type { WallFocus } from './WallMap'
import { connectWallSocket, type WallSocket } from './wall-socket'

/** Hotspots ranked on the wall's lists. */
const TOP = 10
const SPARK_BUCKETS: Record<WallWindow, number> = { '24h': 24, '7d': 14, '30d': 30 }
/** The remote hears the screen's state at most this often. */
const STATE_DEBOUNCE_MS = 250

export interface WallHotspotsInput {
  session: Session
  /** Fetches the hotspots again (useRefreshTick). */
  refreshTick: string
  issues: Map<string, IssueSummary>
  area: string
  level: HotspotLevel
  windowName: WallWindow
  /** The zoom the area is shown at: hexagons are sized for it. */
  fitZoom: number
  index: AreaIndex | null
  /** The areas' label points: where in its grid a hotspot lies names it. */
  points: AreaPoints | null
  language: Language
  now: number
}

/** The area's hotspots over the window (ranked by the server, again every minute as it slides and after events) and its open issues. */
export function useWallHotspots({ session, refreshTick, issues, area, level, windowName, fitZoom, index, points, language, now }: WallHotspotsInput) {
  const areaIssues = useMemo(() => [...issues.values()].filter((i) => isIssueInArea(i, area)), [issues, area])
  const by: HotspotBy = useMemo(() => (level === 'hex' ? { kind: 'hex', resolution: getHexResolution(fitZoom) } : { kind: 'grid' }), [level, fitZoom])
  const minute = Math.floor(now / 60_000)
  const ranked = useAreaHotspots(session, area, windowName, by, SPARK_BUCKETS[windowName], refreshTick)
  const allHotspots = useMemo(() => ranked?.hotspots ?? [], [ranked])
  const top = useMemo(() => allHotspots.slice(0, TOP), [allHotspots])
  const labels = useMemo(() => getHotspotLabels(top, index, language, points), [top, index, language, points])
  const open = useMemo(() => sortOpenIssues(areaIssues, now), [areaIssues, minute]) // eslint-disable-line react-hooks/exhaustive-deps
  return { by, allHotspots, top, labels, open, reported: ranked?.reported ?? null }
}

/** What is shown over the map: an alert first, then the tour's stop, then what someone picked. */
export function useWallFocus({
  autopilot,
  top,
  shown,
  issues,
  area,
}: {
  autopilot: AutopilotState
  top: Hotspot[]
  shown: WallShown
  issues: Map<string, IssueSummary>
  area: string
}) {
  const alertId = getAlertIssue(autopilot)
  const alertIssueShown = alertId ? issues.get(alertId) : undefined
  const { focus, focusIndex } = useMemo((): { focus: WallFocus; focusIndex: number | null } => {
    if (alertIssueShown) return { focus: { kind: 'issue', issue: alertIssueShown }, focusIndex: null }
    if (autopilot.mode === 'tour' && top[autopilot.index]) return { focus: { kind: 'hotspot', hotspot: top[autopilot.index] }, focusIndex: autopilot.index }
    if (autopilot.mode !== 'tour' && shown?.kind === 'hotspot' && top[shown.index]) return { focus: { kind: 'hotspot', hotspot: top[shown.index] }, focusIndex: shown.index }
    const picked = autopilot.mode !== 'tour' && shown?.kind === 'issue' ? issues.get(shown.id) : undefined
    return { focus: picked ? { kind: 'issue', issue: picked } : null, focusIndex: null }
  }, [alertIssueShown, autopilot.mode, autopilot.index, top, shown, issues])
  const focusKey = focus ? (focus.kind === 'issue' ? `issue:${focus.issue.id}` : `hotspot:${focus.hotspot.key}`) : `area:${area}`
  return { focus, focusIndex, focusKey, alertIssueShown }
}

/**
 * The camera follows what is in focus (flies to an issue or a hotspot, fits the area otherwise).
 * Every call sets the panels' room as the map's own padding: MapLibre keeps the padding of a
 * flyTo, and a fitBounds adds its own on top of the map's unless `absolutePadding` — twice the
 * panels is wider than a 1080p screen, and the camera would not move at all (issue 16).
 */
export function useWallCamera(
  map: maplibregl.Map | null,
  focus: WallFocus,
  focusKey: string,
  areaBbox: [number, number, number, number] | undefined,
  by: HotspotBy,
  padding: maplibregl.PaddingOptions,
): void {
  const focusRef = useRef(focus)
  focusRef.current = focus
  useEffect(() => {
    if (!map) return
    const f = focusRef.current
    const duration = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 1600
    if (f?.kind === 'issue') map.flyTo({ center: [f.issue.lon, f.issue.lat], zoom: Math.max(16, map.getZoom()), padding, duration })
    else if (f?.kind === 'hotspot') map.flyTo({ center: f.hotspot.center, zoom: getHotspotZoom(by), padding, duration })
    else if (areaBbox) map.fitBounds(areaBbox, { padding, absolutePadding: true, duration })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, focusKey, areaBbox, by])
}

/** The screen's socket for its remotes: commands applied as they come, the state sent on every change and when a remote asks. */
export function useWallRemote(token: string, state: WallState, apply: (c: WallCommand) => void, onRefused: () => void): void {
  const socketRef = useRef<WallSocket | null>(null)
  const latest = useRef({ state, apply, onRefused })
  latest.current = { state, apply, onRefused }
  useEffect(() => {
    const socket = connectWallSocket({
      token,
      as: 'screen',
      onStatus: (st) => st === 'refused' && latest.current.onRefused(),
      onCommand: (c) => latest.current.apply(c),
      onSync: () => socket.sendState(latest.current.state),
    })
    socketRef.current = socket
    return () => socket.close()
  }, [token])
  useEffect(() => {
    const timer = setTimeout(() => socketRef.current?.sendState(state), STATE_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [state])
}

/** A command from the screen or a remote, applied to the store: the autopilot switched, or a drill, window, level or pick (within the wall's own area). */
export function useWallCommands(index: AreaIndex | null, scopeCode: string, options: AutopilotOptions): (c: WallCommand) => void {
  return useCallback(
    (c: WallCommand) => {
      const s = useAppStore.getState()
      if (c.type === 'autopilot') return s.updateAutopilot((a) => setEnabled(a, c.on, Date.now(), options))
      s.updateAutopilot((a) => touch(a, Date.now()))
      if (!index) return
      const before = { area: s.wallArea, window: s.wallWindow, level: s.wallLevel, shown: s.wallShown }
      const next = applyWallCommand(before, c, { index, scope: scopeCode, hasIssue: (id) => s.issues.has(id) })
      if (next === before) return
      // A command that changes the view takes effect at once, during an alert too: the alert goes.
      s.updateAutopilot(dismissAlerts)
      useAppStore.setState({ wallArea: next.area, wallWindow: next.window, wallLevel: next.level, wallShown: next.shown })
    },
    [index, scopeCode, options],
  )
}

declare global {
  interface Window {
    /** What the wall shows, for the browser tests. */
    __gridpulseWall?: { mode: string; area: string; hotspots: string[]; issues: string[]; focus: string | null; alerts: string[] }
  }
}

/** What the wall shows, on window.__gridpulseWall for the browser tests. */
export function useWallTestHook(autopilot: AutopilotState, area: string, hotspots: Hotspot[], issues: Map<string, IssueSummary>, focusKey: string): void {
  useEffect(() => {
    window.__gridpulseWall = {
      mode: autopilot.mode,
      area,
      hotspots: hotspots.map((h) => h.key),
      issues: [...issues.keys()],
      focus: focusKey,
      alerts: autopilot.alerts,
    }
  }, [autopilot, area, hotspots, issues, focusKey])
}
