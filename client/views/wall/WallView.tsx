// `/wall`: the wall screen of a street leader's office or the command hall. Kiosk mode with a
// read-only wall token in the URL (or the user signed in), a dark map on a 1920×1080 stage
// scaled to the screen, the area's hotspots over a window, drill-down, an autopilot that tours
// the top hotspots and is interrupted by new red issues, and a remote at /wall/remote.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type * as maplibregl from 'maplibre-gl'
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { WALL_SNAPSHOT_DAYS, type WallState } from '../../../core/wire/wall'
import { LoginForm } from '../../components/LoginForm'
import { isIssueOverdue } from '../../live/issue-filters'
import { getAreaChain, useAreaDetail, useAreaIndex } from '../../areas/use-area-names'
import { getLocalName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { alertIssue, createAutopilot, isTouring, tick, touch, type AutopilotOptions } from './autopilot'
import { getAreaChildren } from './wall-data'
import { useAreaPoints } from './area-points'
import { isInScope } from './apply-wall-command'
import { readWallUrl, writeWallUrl, type WallUrlView } from './wall-url'
import { useLiveIssues } from '../../live/use-live-issues'
import { useAreaFigures, useIssueSummaries, useNow, useRefreshTick, useStage, useWallAuth } from './use-wall'
import { useWallCamera, useWallCommands, useWallFocus, useWallHotspots, useWallRemote, useWallTestHook } from './use-wall-screen'
import { WallMap } from './WallMap'
import { WallDrillList, WallFigures, WallHeader, WallHotspotList, WallSpotlight } from './WallPanels'

/** Room the map keeps for the panels (stage pixels). */
const MAP_PADDING = { top: 130, bottom: 330, left: 560, right: 660 }
const PRUNE_EVERY_MS = 10 * 60_000
const FRESH_PRUNE_MS = 10_000

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
    days: WALL_SNAPSHOT_DAYS,
    figures: false,
    onNewIssue: (issue) => {
      if (issue.colour === 'red' && isOpenStatus(issue.status)) useAppStore.getState().updateAutopilot((s) => alertIssue(s, issue.id, Date.now(), options))
    },
    onRefused: () => setRefused(true),
  })

  // A night on the wall: forget issues finished before the snapshot's days, and old "fresh" marks.
  useEffect(() => {
    const prune = setInterval(() => useAppStore.getState().pruneIssues(Date.now() - WALL_SNAPSHOT_DAYS * 86_400_000), PRUNE_EVERY_MS)
    const fresh = setInterval(() => useAppStore.getState().pruneFresh(Date.now()), FRESH_PRUNE_MS)
    return () => {
      clearInterval(prune)
      clearInterval(fresh)
    }
  }, [])

  const fitZoom = useMemo(() => (map && detail ? (map.cameraForBounds(detail.bbox, { padding: MAP_PADDING, absolutePadding: true })?.zoom ?? 13) : 13), [map, detail])
  const points = useAreaPoints()
  const refreshTick = useRefreshTick(lastSeq)
  const { by, allHotspots, top, labels, open, reported } = useWallHotspots({ session, refreshTick, issues, area, level, windowName, fitZoom, index, points, language, now })
  // The wall's start is done once its feed is live (the snapshot read, the replay heard) and its areas
  // are known (else `area` is still the scope, not the URL's): only then the evaluation pack.
  const [started, setStarted] = useState(false)
  useEffect(() => {
    if (connection === 'live' && index) setStarted(true)
  }, [connection, index])
  const figures = useAreaFigures(session, area, areaInfo?.level, windowName, refreshTick, started)
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

  const { focus, focusIndex, focusKey, alertIssueShown } = useWallFocus({ autopilot, top, shown, issues, area })
  useWallCamera(map, focus, focusKey, detail?.bbox, by, MAP_PADDING)

  // Commands from the screen itself and from remotes.
  const apply = useWallCommands(index, scopeCode, options)

  // The remote: commands in, the state out (on every change, and when a remote asks).
  const wallState: WallState = useMemo(
    () => ({
      area,
      chain,
      children: children.map((c) => ({ code: c.code, name: c.name, open: c.open })).slice(0, 40),
      window: windowName,
      level,
      // What the wall does, not the setting: touring now (or again once its alert is over). A wall
      // waiting to be idle says 手动, and so must its remotes (issue 16).
      autopilot: isTouring(autopilot),
      mode: autopilot.mode,
      hotspots: top.map((h, i) => ({ key: h.key, label: labels[i], gridCode: h.gridCode, score: h.score, emerging: h.emerging })),
      issues: open.slice(0, 20).map((i) => ({ id: i.id, code: i.code, colour: i.colour, label: i.category })),
      hotspot: focusIndex,
      issueId: focus?.kind === 'issue' ? focus.issue.id : null,
      at: new Date().toISOString(),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [area, chain, children, windowName, level, autopilot.mode, autopilot.resume, top, labels, open, focusIndex, focusKey],
  )
  useWallRemote(session.token, wallState, apply, () => setRefused(true))

  // The view in the URL, so a reload comes back to it.
  useEffect(() => {
    const next = writeWallUrl({ ...url, area: wallArea, window: windowName, level })
    if (next !== location.search) history.replaceState(null, '', `${location.pathname}${next}`)
  }, [url, wallArea, windowName, level])
  useWallTestHook(autopilot, area, allHotspots, issues, focusKey)
  // A hotspot's newest three issues: held if still open or finished today, else fetched.
  const latest = useIssueSummaries(session, focus?.kind === 'hotspot' ? focus.hotspot.issueIds.slice(0, 3) : [], issues)

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
          latest={focusHotspot ? latest : undefined}
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
