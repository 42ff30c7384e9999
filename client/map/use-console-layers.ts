// The console overlay of MapView: the live issue pins (diffs of what the filters let through,
// sent with updateData), the pulse of overdue halos, the flash of new issues, the selected pin,
// clicks on pins and clusters, and the drill-down into an area (an invisible fill of the level
// below the one shown, so a click anywhere inside an area picks it).
import * as maplibregl from 'maplibre-gl'
import { useEffect, type RefObject } from 'react'
import type { Feature } from 'geojson'
import type { IssueSummary } from '../../core/wire/issues'
import { roundPosition } from '../../core/domain/coordinates'
import { isIssueOverdue, matchesFilters } from '../live/issue-filters'
import { loadAreaIndex, type AreaIndex } from '../areas/use-area-names'
import { useAppStore, type AppState } from '../store'
import { FRESH_MS } from '../store/live-issues-slice'
import { createDiffedSource } from './diffed-source'
import { attachMapHandlers, getPointerRows } from './map-handlers'
import { attachClosuresLayer } from './closures-on-map'
import { addLayerGroups, getFirstLabelLayer } from './layer-group'
import { AREA_PICK_LAYER_IDS, buildAreaPickLayers } from './layers/areas'
import { buildFreshIssuesSource, buildIssueLayers, buildIssuesSource, FRESH_ISSUES_SOURCE_ID, ISSUE_LAYER_IDS, ISSUES_SOURCE_ID, PULSE_STATE, toIssuePin, type IssuePinProps } from './layers/issues'

declare global {
  interface Window {
    /** Issue ids whose pins were added to the map, and when (ms since the epoch) they were first drawn. */
    __gridpulsePinsDrawn?: { ids: string[]; at: number }[]
  }
}

/** How often overdue flags are looked at again (time passes without events). */
const OVERDUE_CHECK_MS = 15_000
const PULSE_STEP_MS = 250

/** The level a click picks inside the area drilled into. */
const CHILD_LEVEL: Record<string, string> = { district: 'street', street: 'community', community: 'grid' }

export function useConsoleLayers(mapRef: RefObject<maplibregl.Map | null>, layersAdded: boolean, enabled: boolean): void {
  useEffect(() => {
    const map = mapRef.current
    if (!map || !layersAdded || !enabled) return
    addLayerGroups(map, [
      { layers: buildAreaPickLayers(), below: getFirstLabelLayer(map) },
      { sources: { [ISSUES_SOURCE_ID]: buildIssuesSource(), [FRESH_ISSUES_SOURCE_ID]: buildFreshIssuesSource() }, layers: buildIssueLayers() },
    ])
    map.setGlobalStateProperty(PULSE_STATE, 0)
    // The live closures' streets, under the issue pins.
    const detachClosures = attachClosuresLayer(map, ISSUE_LAYER_IDS.clusters)

    const pins = createPinUpdater(map)
    const picker = createAreaPicker(map)
    const applySelected = (s: AppState) => map.setFilter(ISSUE_LAYER_IDS.selected, ['==', ['get', 'issueId'], s.selectedIssueId ?? ''])
    let closed = false
    loadAreaIndex().then(
      (index) => !closed && picker.setIndex(index, useAppStore.getState()),
      () => undefined,
    )
    const initial = useAppStore.getState()
    pins.apply(initial)
    applySelected(initial)
    picker.apply(initial)
    // Many events in one frame make one diff.
    let frame = 0
    const schedulePins = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0
        pins.apply(useAppStore.getState())
      })
    }
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.issues !== prev.issues || s.filters !== prev.filters || s.area !== prev.area || s.freshIds !== prev.freshIds) schedulePins()
      if (s.selectedIssueId !== prev.selectedIssueId) applySelected(s)
      if (s.area !== prev.area) picker.apply(s)
      if (s.pickingPlace !== prev.pickingPlace) map.getCanvas().style.cursor = s.pickingPlace ? 'crosshair' : ''
    })
    // Time passes without events: overdue flags and fresh marks are looked at again.
    const overdueTimer = setInterval(() => {
      const s = useAppStore.getState()
      s.pruneFresh(Date.now())
      pins.apply(s)
    }, OVERDUE_CHECK_MS)
    const freshTimer = setInterval(() => {
      const s = useAppStore.getState()
      if (s.freshIds.size) s.pruneFresh(Date.now())
    }, 1000)
    const stopPulse = startOverduePulse(map, () => pins.anyOverdue)
    const detachHandlers = attachConsoleClicks(map)
    return () => {
      closed = true
      unsubscribe()
      detachClosures()
      cancelAnimationFrame(frame)
      clearInterval(overdueTimer)
      clearInterval(freshTimer)
      stopPulse()
      detachHandlers()
    }
  }, [mapRef, layersAdded, enabled])
}

/** The pins the filters let through, sent as diffs (diffed-source.ts); the fresh ones also to their own source. */
function createPinUpdater(map: maplibregl.Map) {
  const pinOf = new WeakMap<IssueSummary, { overdue: boolean; fresh: boolean; pin: Feature }>()
  const same = (a: Feature, b: Feature) => {
    const p = a.properties as IssuePinProps
    const q = b.properties as IssuePinProps
    const [x0, y0] = (a.geometry as GeoJSON.Point).coordinates
    const [x1, y1] = (b.geometry as GeoJSON.Point).coordinates
    return p.status === q.status && p.colour === q.colour && p.overdue === q.overdue && p.fresh === q.fresh && x0 === x1 && y0 === y1
  }
  // When new pins are first drawn (for the console benchmark and the tests).
  const logDrawn = (ids: string[]) => {
    map.once('render', () => {
      const log = (window.__gridpulsePinsDrawn ??= [])
      log.push({ ids, at: Date.now() })
      if (log.length > 5000) log.splice(0, log.length - 5000)
    })
    map.triggerRepaint()
  }
  const allPins = createDiffedSource(map, ISSUES_SOURCE_ID, same, logDrawn)
  const freshPins = createDiffedSource(map, FRESH_ISSUES_SOURCE_ID, same)
  const state = {
    anyOverdue: false,
    apply(s: AppState) {
      const now = Date.now()
      const pins: Feature[] = []
      const fresh: Feature[] = []
      state.anyOverdue = false
      for (const issue of s.issues.values()) {
        if (!matchesFilters(issue, s.filters, s.area, now)) continue
        const overdue = isIssueOverdue(issue, now)
        state.anyOverdue ||= overdue
        const isFresh = s.freshIds.has(issue.id) && now - s.freshIds.get(issue.id)! <= FRESH_MS
        // An issue's summary is replaced when it changes: its pin is built once per state, not per pass.
        const cached = pinOf.get(issue)
        const pin = cached && cached.overdue === overdue && cached.fresh === isFresh ? cached.pin : toIssuePin(issue, overdue, isFresh)
        if (pin !== cached?.pin) pinOf.set(issue, { overdue, fresh: isFresh, pin })
        pins.push(pin)
        if (isFresh) fresh.push(pin)
      }
      freshPins.show(fresh)
      allPins.show(pins)
    },
  }
  return state
}

/** The drill-down: the area drilled into outlined, and a click inside picks one of the level below. */
function createAreaPicker(map: maplibregl.Map) {
  let areas: AreaIndex | null = null
  const apply = (s: AppState) => {
    map.setFilter(AREA_PICK_LAYER_IDS.selected, ['==', ['get', 'code'], s.area ?? ''])
    // Until the areas are known, a click picks a street.
    const level = s.area ? (areas?.get(s.area)?.level ?? 'district') : 'district'
    const child = CHILD_LEVEL[level]
    map.setFilter(
      AREA_PICK_LAYER_IDS.hit,
      child ? (s.area && level !== 'district' ? ['all', ['==', ['get', 'level'], child], ['==', ['get', 'parent_code'], s.area]] : ['==', ['get', 'level'], child]) : ['==', ['get', 'level'], '-'],
    )
  }
  return {
    apply,
    setIndex(index: AreaIndex, s: AppState) {
      areas = index
      apply(s)
    },
  }
}

/**
 * The overdue halo breathes only while something is overdue and the page is seen, and not for
 * those who asked for less motion. Returns the stop.
 */
function startOverduePulse(map: maplibregl.Map, anyOverdue: () => boolean): () => void {
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
  let phase = 0
  const timer = setInterval(() => {
    if (!anyOverdue() || still || document.hidden) return
    phase = (phase + PULSE_STEP_MS / 1600) % 1
    map.setGlobalStateProperty(PULSE_STATE, (1 - Math.cos(2 * Math.PI * phase)) / 2)
  }, PULSE_STEP_MS)
  return () => clearInterval(timer)
}

/** A pin opens its issue, a cluster zooms in, a click elsewhere drills into the area (or answers the hotline form's "pick a place"). */
function attachConsoleClicks(map: maplibregl.Map): () => void {
  const onPinClick = (e: maplibregl.MapLayerMouseEvent) => {
    if (useAppStore.getState().pickingPlace) return
    const id = e.features?.[0]?.properties.issueId
    if (typeof id === 'string') useAppStore.getState().selectIssue(id)
  }
  const onClusterClick = (e: maplibregl.MapLayerMouseEvent) => {
    const f = e.features?.[0]
    if (!f || f.geometry.type !== 'Point') return
    const source = map.getSource(ISSUES_SOURCE_ID) as maplibregl.GeoJSONSource
    void source.getClusterExpansionZoom(Number(f.properties.cluster_id)).then((zoom) => map.easeTo({ center: f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : undefined, zoom }))
  }
  const onAreaClick = (e: maplibregl.MapMouseEvent) => {
    if (useAppStore.getState().pickingPlace) return useAppStore.getState().setPickedPlace(roundPosition([e.lngLat.lng, e.lngLat.lat]))
    const hit = map.queryRenderedFeatures(e.point, { layers: [ISSUE_LAYER_IDS.pins, ISSUE_LAYER_IDS.clusters, ISSUE_LAYER_IDS.freshPin] })
    if (hit.length) return
    const [area] = map.queryRenderedFeatures(e.point, { layers: [AREA_PICK_LAYER_IDS.hit] })
    if (area) useAppStore.getState().setArea(String(area.properties.code))
  }
  return attachMapHandlers(map, [
    ['click', ISSUE_LAYER_IDS.pins, onPinClick],
    ['click', ISSUE_LAYER_IDS.freshPin, onPinClick],
    ['click', ISSUE_LAYER_IDS.clusters, onClusterClick],
    ['click', null, onAreaClick],
    ...getPointerRows(map, [ISSUE_LAYER_IDS.pins, ISSUE_LAYER_IDS.clusters, ISSUE_LAYER_IDS.freshPin]),
  ])
}
