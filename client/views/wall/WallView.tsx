// `/wall`: the wall screen of a street leader's office or the command hall. Kiosk mode with a
// read-only wall token in the URL (or the user signed in), a dark map on a 1920×1080 stage
// scaled to the screen, the area's hotspots over a window, drill-down, an autopilot that tours
// the top hotspots and is interrupted by new red issues, and a remote at /wall/remote.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type * as maplibregl from 'maplibre-gl'
import { getHexResolution, rankHotspots, type HotspotBy } from '../../../core/analysis/rank-hotspots'
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { getWallSnapshotDays, WALL_WINDOW_MS, type WallCommand, type WallState } from '../../../core/wire/wall'
import { LoginForm } from '../../components/LoginForm'
import { isIssueInArea, isIssueOverdue } from '../../live/issue-filters'
import { getAreaChain, useAreaDetail, useAreaIndex } from '../../areas/use-area-names'
import { getLocalName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { alertIssue, createAutopilot, getAlertIssue, setEnabled, tick, touch, type AutopilotOptions } from './autopilot'
import { getAreaChildren, getHotspotLabel, getHotspotZoom, sortOpenIssues, toHotspotIssue } from './wall-data'
import { applyWallCommand, isInScope } from './apply-wall-command'
import { connectWallSocket, type WallSocket } from './wall-socket'
import { readWallUrl, writeWallUrl, type WallUrlView } from './wall-url'
import { useLiveIssues } from '../../live/use-live-issues'
import { useAreaFigures, useNow, useStage, useWallAuth } from './use-wall'
import { WallMap, type WallFocus } from './WallMap'
import { WallDrillList, WallFigures, WallHeader, WallHotspotList, WallSpotlight } from './WallPanels'

declare global {
  interface Window {
    /** What the wall shows, for the browser tests. */
    __gridpulseWall?: { mode: string; area: string; hotspots: string[]; issues: string[]; focus: string | null; alerts: string[] }
  }
}

/** Room the map keeps for the panels (stage pixels). */
const MAP_PADDING = { top: 130, bottom: 330, left: 560, right: 620 }
const TOP = 10
const SPARK_BUCKETS: Record<string, number> = { '24h': 24, '7d': 14, '30d': 30 }
const PRUNE_EVERY_MS = 10 * 60_000
const FRESH_PRUNE_MS = 10_000
const STATE_DEBOUNCE_MS = 250

export function WallView() {
  const t = useT()
  const url = useMemo(() => readWallUrl(location.search), [])
  const [auth, signedIn] = useWallAuth(url.token)
  const stage = useStage()
  const signedOut = useAppStore((s) => !s.session)
  useEffect(() => {
    document.documentElement.classList.add('wall-document')
    return () => document.documentElement.classList.remove('wall-document')
  }, [])

  let content
  // A session the server refused since (a revoked kiosk token, an expired login) ends here too.
  if (auth === 'refused' || (auth === 'ready' && signedOut && url.token)) content = <p className="wall-message" data-testid="wall-refused">{t('wall.refused')}</p>
  else if (auth === 'login' || (auth === 'ready' && signedOut)) content = <div className="wall-message"><LoginForm title={t('wall.loginTitle')} onLogin={(s) => signedIn(s)} /></div>
  else if (auth === 'ready') content = <WallScreen url={url} pixelRatio={(window.devicePixelRatio || 1) * stage.scale} />
  else content = null
  return (
    <div className="wall-screen" data-testid="wall">
      <div className="wall-stage" style={{ width: stage.width, height: stage.height, transform: `scale(${stage.scale})` }} data-testid="wall-stage">
        {content}
      </div>
    </div>
  )
}

function WallScreen({ url, pixelRatio }: { url: WallUrlView; pixelRatio: number }) {
  const t = useT()
  const session = useAppStore((s) => s.session)!
  const language = useAppStore((s) => s.language)
  const config = useAppStore((s) => s.config)
  const issues = useAppStore((s) => s.issues)
  const lastSeq = useAppStore((s) => s.lastSeq)
  const connection = useAppStore((s) => s.connection)
  const lastEventAt = useAppStore((s) => s.lastEventAt)
  const wallArea = useAppStore((s) => s.wallArea)
  const windowName = useAppStore((s) => s.wallWindow)
  const level = useAppStore((s) => s.wallLevel)
  const autopilot = useAppStore((s) => s.autopilot)
  const shown = useAppStore((s) => s.wallShown)
  const index = useAreaIndex()
  const now = useNow(1_000)
  const [map, setMap] = useState<maplibregl.Map | null>(null)
  const [refused, setRefused] = useState(false)
  const options: AutopilotOptions = useMemo(() => ({ tourMs: url.tour * 1000, idleMs: url.idle * 1000, alertMs: url.alert * 1000 }), [url])

  // The view from the URL, once; the autopilot may start touring at once.
  useEffect(() => {
    const s = useAppStore.getState()
    s.setWallWindow(url.window)
    s.setWallLevel(url.level)
    s.setWallArea(url.area)
    if (url.lang) s.setLanguage(url.lang)
    s.updateAutopilot(() => createAutopilot(Date.now() - options.idleMs, url.autopilot))
    if (s.status.config.state === 'idle') void s.loadShellData()
  }, [url, options])

  const scopeCode = session.user.area
  const scope = index?.get(scopeCode)
  const scopeInfo = useMemo(() => (scope ? { code: scope.code, level: scope.level } : null), [scope])
  // A drill target outside the wall's own area is ignored (a stale URL, a bad command).
  const area = wallArea && index && isInScope(index, scopeCode, wallArea) ? wallArea : scopeCode
  const areaInfo = index?.get(area)
  const detail = useAreaDetail(area)

  useLiveIssues({
    days: getWallSnapshotDays(windowName),
    figures: false,
    onNewIssue: (issue) => {
      if (issue.colour === 'red' && isOpenStatus(issue.status)) useAppStore.getState().updateAutopilot((s) => alertIssue(s, issue.id, Date.now(), options))
    },
    onRefused: () => setRefused(true),
  })

  // A night on the wall: forget finished issues older than the window pair, and old "fresh" marks.
  useEffect(() => {
    const prune = setInterval(() => useAppStore.getState().pruneIssues(Date.now() - getWallSnapshotDays(useAppStore.getState().wallWindow) * 86_400_000), PRUNE_EVERY_MS)
    const fresh = setInterval(() => useAppStore.getState().pruneFresh(Date.now()), FRESH_PRUNE_MS)
    return () => {
      clearInterval(prune)
      clearInterval(fresh)
    }
  }, [])

  // The area's issues and hotspots. Hexagons are sized for the zoom the area is shown at.
  const areaIssues = useMemo(() => [...issues.values()].filter((i) => isIssueInArea(i, area)), [issues, area])
  const fitZoom = useMemo(() => {
    if (!map || !detail) return 13
    return map.cameraForBounds(detail.bbox, { padding: MAP_PADDING })?.zoom ?? 13
  }, [map, detail])
  const by: HotspotBy = useMemo(() => (level === 'hex' ? { kind: 'hex', resolution: getHexResolution(fitZoom) } : { kind: 'grid' }), [level, fitZoom])
  const minute = Math.floor(now / 60_000)
  const allHotspots = useMemo(
    () => rankHotspots(areaIssues.map(toHotspotIssue), { now: Date.now(), windowMs: WALL_WINDOW_MS[windowName], by, sparkBuckets: SPARK_BUCKETS[windowName] }),
    // The window slides: ranked again every minute as well as on every change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [areaIssues, windowName, by, minute],
  )
  const top = useMemo(() => allHotspots.slice(0, TOP), [allHotspots])
  const labels = useMemo(() => top.map((h) => getHotspotLabel(h, index, language)), [top, index, language])
  const open = useMemo(() => sortOpenIssues(areaIssues, now), [areaIssues, minute]) // eslint-disable-line react-hooks/exhaustive-deps
  const reported = useMemo(() => allHotspots.reduce((n, h) => n + h.count, 0), [allHotspots])
  const figures = useAreaFigures(session, area, areaInfo?.level, windowName, lastSeq)
  const children = useMemo(() => (index && areaInfo?.level !== 'grid' ? getAreaChildren(index, area, open, language) : []), [index, area, areaInfo, open, language])
  const chain = useMemo(
    () => (index ? getAreaChain(index, area).filter((a, i, all) => all.findIndex((x) => x.code === scopeCode) <= i) : []).map((a) => ({ code: a.code, name: getLocalName(a, language) })),
    [index, area, scopeCode, language],
  )

  // The autopilot's clock.
  const topCount = useRef(0)
  topCount.current = top.length
  useEffect(() => {
    const timer = setInterval(() => useAppStore.getState().updateAutopilot((s) => tick(s, Date.now(), topCount.current, options)), 500)
    return () => clearInterval(timer)
  }, [options])
  const touched = useCallback(() => useAppStore.getState().updateAutopilot((s) => touch(s, Date.now())), [])

  // What is shown over the map: an alert, the tour's stop, or what someone picked.
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

  // The camera follows what is shown.
  const focusRef = useRef(focus)
  focusRef.current = focus
  useEffect(() => {
    if (!map) return
    const f = focusRef.current
    const duration = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 1600
    if (f?.kind === 'issue') map.flyTo({ center: [f.issue.lon, f.issue.lat], zoom: Math.max(16, map.getZoom()), padding: MAP_PADDING, duration })
    else if (f?.kind === 'hotspot') map.flyTo({ center: f.hotspot.center, zoom: getHotspotZoom(by), padding: MAP_PADDING, duration })
    else if (detail) map.fitBounds(detail.bbox, { padding: MAP_PADDING, duration })
  }, [map, focusKey, detail, by])

  // Commands from the screen itself and from remotes.
  const apply = useCallback(
    (c: WallCommand) => {
      const s = useAppStore.getState()
      if (c.type === 'autopilot') return s.updateAutopilot((a) => setEnabled(a, c.on, Date.now(), options))
      s.updateAutopilot((a) => touch(a, Date.now()))
      if (!index) return
      const before = { area: s.wallArea, window: s.wallWindow, level: s.wallLevel, shown: s.wallShown }
      const next = applyWallCommand(before, c, { index, scope: scopeCode, hasIssue: (id) => s.issues.has(id) })
      if (next === before) return
      useAppStore.setState({ wallArea: next.area, wallWindow: next.window, wallLevel: next.level, wallShown: next.shown })
    },
    [index, scopeCode, options],
  )

  // The remote: commands in, the state out (on every change, and when a remote asks).
  const socketRef = useRef<WallSocket | null>(null)
  const applyRef = useRef(apply)
  applyRef.current = apply
  const stateRef = useRef<WallState | null>(null)
  useEffect(() => {
    const socket = connectWallSocket({
      token: session.token,
      as: 'screen',
      onStatus: (st) => st === 'refused' && setRefused(true),
      onCommand: (c) => applyRef.current(c),
      onSync: () => stateRef.current && socket.sendState(stateRef.current),
    })
    socketRef.current = socket
    return () => socket.close()
  }, [session.token])
  const wallState: WallState = useMemo(
    () => ({
      area,
      chain,
      children: children.map((c) => ({ code: c.code, name: c.name, open: c.open })).slice(0, 40),
      window: windowName,
      level,
      autopilot: autopilot.enabled,
      mode: autopilot.mode,
      hotspots: top.map((h, i) => ({ key: h.key, label: labels[i], gridCode: h.gridCode, score: h.score, emerging: h.emerging })),
      issues: open.slice(0, 20).map((i) => ({ id: i.id, code: i.code, colour: i.colour, label: i.category })),
      hotspot: focusIndex,
      issueId: focus?.kind === 'issue' ? focus.issue.id : null,
      at: new Date().toISOString(),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [area, chain, children, windowName, level, autopilot.enabled, autopilot.mode, top, labels, open, focusIndex, focusKey],
  )
  stateRef.current = wallState
  useEffect(() => {
    const timer = setTimeout(() => socketRef.current?.sendState(wallState), STATE_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [wallState])

  // The view in the URL, so a reload comes back to it.
  useEffect(() => {
    const next = writeWallUrl({ ...url, area: wallArea, window: windowName, level })
    if (next !== location.search) history.replaceState(null, '', `${location.pathname}${next}`)
  }, [url, wallArea, windowName, level])

  // For the browser tests.
  useEffect(() => {
    window.__gridpulseWall = {
      mode: autopilot.mode,
      area,
      hotspots: allHotspots.map((h) => h.key),
      issues: [...issues.keys()],
      focus: focusKey,
      alerts: autopilot.alerts,
    }
  }, [autopilot, area, allHotspots, issues, focusKey])

  if (refused) return <p className="wall-message" data-testid="wall-refused">{t('wall.refused')}</p>

  const overdue = open.filter((i) => isIssueOverdue(i, now)).length
  const childLevel = areaInfo?.level === 'district' ? 'street' : areaInfo?.level === 'street' ? 'community' : areaInfo?.level === 'community' ? 'grid' : null
  const focusHotspot = focus?.kind === 'hotspot' ? focus.hotspot : null
  return (
    <div
      className="wall"
      data-mode={autopilot.mode}
      data-area={area}
      data-focus={focusKey}
      onPointerDown={touched}
      onWheel={touched}
      onKeyDown={touched}
    >
      {config && (
        <WallMap
          bbox={config.bbox}
          scope={scopeInfo}
          areaCode={area}
          level={level}
          hotspots={allHotspots}
          pins={open}
          focus={focus}
          areaIndex={index}
          pixelRatio={pixelRatio}
          onMap={setMap}
          onHotspotClick={(key) => {
            const i = top.findIndex((h) => h.key === key)
            if (i >= 0) apply({ type: 'hotspot', index: i })
          }}
          onIssueClick={(id) => apply({ type: 'issue', id })}
        />
      )}
      <WallHeader
        chain={chain}
        window={windowName}
        level={level}
        mode={autopilot.mode}
        nextInS={autopilot.mode === 'tour' ? Math.max(0, Math.ceil((autopilot.nextAt - now) / 1000)) : null}
        connection={connection}
        lastEventAt={lastEventAt}
        now={now}
        language={language}
        onCrumb={(code) => apply({ type: 'drill', area: code })}
        onWindow={(w) => apply({ type: 'window', window: w })}
        onLevel={(l) => apply({ type: 'level', level: l })}
      />
      <div className="wall-left">
        <WallFigures open={open.length} overdue={overdue} reported={reported} figures={figures} window={windowName} language={language} />
        <WallDrillList
          childLevel={childLevel}
          items={children}
          issues={open}
          now={now}
          language={language}
          shownIssueId={focus?.kind === 'issue' ? focus.issue.id : null}
          onDrill={(code) => apply({ type: 'drill', area: code })}
          onIssue={(id) => apply({ type: 'issue', id })}
        />
      </div>
      <WallHotspotList hotspots={top} labels={labels} focusIndex={focusIndex} window={windowName} language={language} onPick={(i) => apply({ type: 'hotspot', index: i })} />
      {focus && (
        <WallSpotlight
          kind={alertIssueShown ? 'alert' : focus.kind}
          rank={focusIndex !== null ? focusIndex + 1 : undefined}
          label={focusHotspot ? labels[focusIndex ?? 0] : focus.kind === 'issue' ? getIssuePlace(focus.issue, index, language) : ''}
          hotspot={focusHotspot ?? undefined}
          issue={focus.kind === 'issue' ? focus.issue : undefined}
          latest={focusHotspot ? focusHotspot.issueIds.slice(0, 3).flatMap((id) => issues.get(id) ?? []) : undefined}
          now={now}
          language={language}
        />
      )}
    </div>
  )
}

function getIssuePlace(issue: { gridCode: string | null; communityCode: string | null }, index: ReturnType<typeof useAreaIndex>, language: 'zh-CN' | 'en'): string {
  const names = [issue.communityCode, issue.gridCode].flatMap((c) => (c && index?.get(c) ? [getLocalName(index.get(c)!, language)] : []))
  return names.join(' · ')
}
