// Opening an issue (from the feed, a pin, the URL or the hotline form) shows where it is: the map
// flies to it, past the zoom where pins cluster, into the part of the screen the feed and the
// panel leave free, and the selected-issue layer (layers/issues.ts) rings it. An issue already in
// view and out of every cluster is left where it is, so a click on a pin does not move the map
// under the pointer.
import { useEffect, useRef } from 'react'
import type * as maplibregl from 'maplibre-gl'
import { getFitPadding } from '../../map/fit-padding'
import { ISSUE_CLUSTER_MAX_ZOOM } from '../../map/layers/issues'
import { useAppStore } from '../../store'

/** The zoom an issue is shown at: past clustering, a street and its buildings in view. */
export const ISSUE_FOCUS_ZOOM = ISSUE_CLUSTER_MAX_ZOOM + 1.5

export function useFlyToIssue(): void {
  const selected = useAppStore((s) => s.selectedIssueId)
  const ready = useAppStore((s) => s.mapReady)
  const known = useAppStore((s) => (s.selectedIssueId ? s.issues.has(s.selectedIssueId) : false))
  const flown = useRef<string | null>(null)
  useEffect(() => {
    if (!selected) {
      flown.current = null
      return
    }
    const map = window.__gridpulseMap
    if (!map || !ready || !known || flown.current === selected) return
    const issue = useAppStore.getState().issues.get(selected)!
    flown.current = selected
    flyToIssue(map, [issue.lon, issue.lat])
  }, [selected, ready, known])
}

export function flyToIssue(map: maplibregl.Map, lonLat: [number, number]): void {
  const container = map.getContainer()
  const { top = 0, bottom = 0, left = 0, right = 0 } = getFitPadding(container, false, 'console')
  const pad = { top, bottom, left, right }
  const at = map.project(lonLat)
  const seen = at.x > pad.left && at.x < container.clientWidth - pad.right && at.y > pad.top && at.y < container.clientHeight - pad.bottom
  if (seen && map.getZoom() > ISSUE_CLUSTER_MAX_ZOOM) return
  map.flyTo({
    center: lonLat,
    zoom: Math.max(map.getZoom(), ISSUE_FOCUS_ZOOM),
    // The middle of the free part of the screen, not of the page.
    offset: [(pad.left - pad.right) / 2, (pad.top - pad.bottom) / 2],
    duration: 900,
  })
}
