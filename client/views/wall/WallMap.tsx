// The wall's map: the dark base (river, roads, the grid hierarchy) and the wall's layers, fed
// from props — the ranked hotspots (hexagons, or grids by feature state), the open issues of
// the area, what is in focus — drawn at the stage's scale times the screen's pixel ratio so
// text stays sharp on a 4K wall. The camera is the caller's (it gets the map through onMap).
import type * as maplibregl from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import type { Feature } from 'geojson'
import { fetchBasemap } from '../../api/read-api'
import { loadAreaLabels } from './area-points'
import type { Hotspot } from '../../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../../core/wire/issues'
import type { HotspotLevel } from '../../../core/wire/wall'
import type { AreaIndex } from '../../areas/use-area-names'
import { isIssueOverdue } from '../../live/issue-filters'
import { useAppStore } from '../../store'
import { AREAS_SOURCE_ID, AREAS_SOURCE_LAYER, buildAreaFillLayers, buildAreaLineLayers, buildAreasSource, AREA_LAYER_IDS } from '../../map/layers/areas'
import { AREA_LABELS_SOURCE_ID, buildAreaLabelsSource } from '../../map/layers/area-labels'
import { buildOrientationLayers, buildOrientationSource, ORIENTATION_SOURCE_ID } from '../../map/layers/basemap'
import { getNameExpression } from '../../map/layers/common'
import { loadLabelFont } from '../../map/label-font'
import { attachMapHandlers, getPointerRows } from '../../map/map-handlers'
import { createMap, markReadyWhenLoaded, removeMap } from '../../map/create-map'
import { createDiffedSource, type DiffedSource } from '../../map/diffed-source'
import { addLayerGroups } from '../../map/layer-group'
import { BACKGROUND_LAYER_ID } from '../../map/style'
import {
  buildWallLabelLayers,
  buildWallLayers,
  buildWallSources,
  getScopeFilters,
  toHexFeatures,
  toRankFeatures,
  toWallPin,
  WALL_BASE_PAINT,
  WALL_COLORS,
  WALL_LAYER_IDS,
  WALL_SOURCE_IDS,
} from '../../map/layers/wall'

export type WallFocus = { kind: 'hotspot'; hotspot: Hotspot } | { kind: 'issue'; issue: IssueSummary } | null

export interface WallMapProps {
  bbox: [number, number, number, number] | null
  /** The wall's own area: everything else is dimmed. */
  scope: { code: string; level: string } | null
  /** The area drilled into, outlined. */
  areaCode: string | null
  level: HotspotLevel
  hotspots: Hotspot[]
  pins: IssueSummary[]
  focus: WallFocus
  areaIndex: AreaIndex | null
  pixelRatio: number
  onMap(map: maplibregl.Map | null): void
  onHotspotClick(key: string): void
  onIssueClick(id: string): void
}

export function WallMap(props: WallMapProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const [ready, setReady] = useState(false)
  const language = useAppStore((s) => s.language)
  const handlers = useRef(props)
  handlers.current = props
  const { bbox } = props

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    let cancelled = false
    const abort = new AbortController()
    const map = createMap({
      container,
      // Offline and dark from the first frame: no basemap, the wall's own background.
      style: { version: 8, name: 'GridPulse wall', sources: {}, layers: [{ id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': WALL_COLORS.background } }] },
      bbox,
      padding: 40,
      role: 'page',
      // A wall stands for hours: no fading in of labels after every flight.
      options: { pixelRatio: handlers.current.pixelRatio, fadeDuration: 0 },
    })
    mapRef.current = map
    map.on('error', (e) => console.error('map error', (e as { sourceId?: string }).sourceId ?? '', e.error?.message))
    const styleLoaded = new Promise<void>((resolve) => (map.isStyleLoaded() ? resolve() : map.once('load', () => resolve())))
    const labelsP = loadAreaLabels().catch(() => null)
    const orientationP = fetchBasemap(abort.signal).catch(() => null)

    void (async () => {
      const [labels, orientation] = await Promise.all([labelsP, orientationP])
      await styleLoaded
      if (cancelled) return
      const base = [
        ...buildOrientationLayers(),
        ...buildAreaFillLayers({ rasterBasemap: false }).filter((l) => l.id === AREA_LAYER_IDS.exclusiveFill),
        ...buildAreaLineLayers(),
      ]
      addLayerGroups(map, [
        {
          sources: {
            [ORIENTATION_SOURCE_ID]: buildOrientationSource(orientation ?? { type: 'FeatureCollection', features: [] }),
            [AREAS_SOURCE_ID]: buildAreasSource(bbox),
            ...buildWallSources(),
          },
          layers: [...base, ...buildWallLayers()].map(withWallPaint),
        },
      ])
      await loadLabelFont([labels, orientation])
      if (cancelled) return
      if (labels) {
        // Names go under the pins and the rank discs.
        addLayerGroups(map, [
          { sources: { [AREA_LABELS_SOURCE_ID]: buildAreaLabelsSource(labels) }, layers: buildWallLabelLayers(useAppStore.getState().language), below: WALL_LAYER_IDS.pins },
        ])
      }
      setReady(true)
      handlers.current.onMap(map)
      markReadyWhenLoaded(map, () => cancelled)
    })()

    const first = (pick: (f: maplibregl.MapGeoJSONFeature) => void) => (e: maplibregl.MapLayerMouseEvent) => e.features?.[0] && pick(e.features[0])
    const onHotspot = first((f) => handlers.current.onHotspotClick(String(f.properties.key)))
    // Taken off with the map itself.
    attachMapHandlers(map, [
      ['click', WALL_LAYER_IDS.pins, first((f) => handlers.current.onIssueClick(String(f.properties.issueId)))],
      ['click', WALL_LAYER_IDS.hexFill, onHotspot],
      ['click', WALL_LAYER_IDS.rankDisc, onHotspot],
      ...getPointerRows(map, [WALL_LAYER_IDS.pins, WALL_LAYER_IDS.hexFill, WALL_LAYER_IDS.rankDisc]),
    ])

    return () => {
      cancelled = true
      abort.abort()
      setReady(false)
      handlers.current.onMap(null)
      mapRef.current = null
      removeMap(map)
    }
  }, [bbox])

  // Sharp on every screen: the stage's scale times the device's own ratio.
  useEffect(() => {
    const map = mapRef.current
    if (map && map.getPixelRatio() !== props.pixelRatio) map.setPixelRatio(props.pixelRatio)
  }, [props.pixelRatio, ready])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    for (const id of [WALL_LAYER_IDS.streetLabel, WALL_LAYER_IDS.communityLabel, WALL_LAYER_IDS.gridLabel]) {
      if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', getNameExpression(language))
    }
  }, [language, ready])

  // The hotspots: hexagons as polygons, or the grids' feature state on the area tiles.
  const gridIds = useRef<number[]>([])
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const hex = props.level === 'hex'
    setData(map, WALL_SOURCE_IDS.hexes, hex ? toHexFeatures(props.hotspots) : empty())
    setData(map, WALL_SOURCE_IDS.ranks, toRankFeatures(props.hotspots))
    for (const id of gridIds.current) map.removeFeatureState({ source: AREAS_SOURCE_ID, sourceLayer: AREAS_SOURCE_LAYER, id })
    gridIds.current = []
    if (!hex && props.areaIndex) {
      const top = props.hotspots[0]?.score || 1
      for (const h of props.hotspots) {
        const id = props.areaIndex.get(h.key)?.id
        if (id === undefined) continue
        map.setFeatureState({ source: AREAS_SOURCE_ID, sourceLayer: AREAS_SOURCE_LAYER, id }, { intensity: h.score / top })
        gridIds.current.push(id)
      }
    }
  }, [props.hotspots, props.level, props.areaIndex, ready])

  // The open issues' pins as diffs: a pin is built once per summary and overdue flag, and only those
  // that changed are sent (the whole city's were sent with setData at every event and every minute).
  const pinsSource = useRef<{ map: maplibregl.Map; source: DiffedSource } | null>(null)
  const pinOf = useRef(new WeakMap<IssueSummary, Feature>())
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    if (pinsSource.current?.map !== map) pinsSource.current = { map, source: createDiffedSource(map, WALL_SOURCE_IDS.pins, sameWallPin) }
    const now = Date.now()
    const pins = props.pins.map((i) => {
      const overdue = isIssueOverdue(i, now)
      let pin = pinOf.current.get(i)
      if (!pin || (pin.properties!.overdue === 1) !== overdue) pinOf.current.set(i, (pin = toWallPin(i, overdue)))
      return pin
    })
    pinsSource.current.source.show(pins)
  }, [props.pins, ready])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    map.setFilter(WALL_LAYER_IDS.areaLine, ['==', ['get', 'code'], props.areaCode ?? ''])
  }, [props.areaCode, ready])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const filters = getScopeFilters(props.scope)
    map.setFilter(WALL_LAYER_IDS.scopeFill, filters.fill)
    map.setFilter(WALL_LAYER_IDS.mask, filters.mask)
  }, [props.scope, ready])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const f = props.focus
    const features: Feature[] = []
    if (f?.kind === 'issue') features.push(toWallPin(f.issue, false))
    if (f?.kind === 'hotspot') {
      const hex = toHexFeatures([f.hotspot]).features[0]
      if (props.level === 'hex') features.push(hex)
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: f.hotspot.center }, properties: { colour: 'none' } })
    }
    setData(map, WALL_SOURCE_IDS.focus, { type: 'FeatureCollection', features })
  }, [props.focus, props.level, ready])

  return <div ref={containerRef} className="wall-map" data-testid="map" />
}

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] })

function sameWallPin(a: Feature, b: Feature): boolean {
  const p = a.properties!
  const q = b.properties!
  const [x0, y0] = (a.geometry as GeoJSON.Point).coordinates
  const [x1, y1] = (b.geometry as GeoJSON.Point).coordinates
  return p.colour === q.colour && p.overdue === q.overdue && x0 === x1 && y0 === y1
}

function setData(map: maplibregl.Map, id: string, data: GeoJSON.FeatureCollection): void {
  ;(map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data)
}

/** A shared base layer in the wall's dark colours. */
function withWallPaint<L extends maplibregl.LayerSpecification>(layer: L): L {
  const paint = WALL_BASE_PAINT[layer.id]
  const { metadata: _metadata, ...rest } = layer as L & { metadata?: unknown }
  return (paint ? { ...rest, paint: { ...((layer as { paint?: object }).paint ?? {}), ...paint } } : rest) as L
}
