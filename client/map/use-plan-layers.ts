// The /plan overlay of MapView: adds the coverage layers once the base layers are on the map,
// follows the store (figures by feature-state, gaps, unserved homes and circles by diffs, planned
// and closed stations, suggestions, the selected area) and turns clicks and drags into edits.
import * as maplibregl from 'maplibre-gl'
import { useEffect, type RefObject } from 'react'
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson'
import { bbox } from '@turf/turf'
import { roundCoordinate } from '../../core/domain/coordinates'
import type { CoverageInputAreaProperties, CoverageInputsResponse } from '../../core/wire/coverage'
import { toCircleFeatures, toUnservedFeatures, type CircleCache } from '../analysis/plan-features'
import { formatNumber, formatPct, getLocalName, translate } from '../i18n'
import { useAppStore, type AppState } from '../store'
import { getNewStationType, getScenarioSpec } from '../store/plan-slice'
import { getFitPadding } from './fit-padding'
import { createFeatureDiffState, diffFeatures, isEmptyDiff, type FeatureDiffState } from './feature-diff'
import { attachMapHandlers } from './map-handlers'
import { addLayerGroups } from './layer-group'
import { attachClosuresLayer } from './closures-on-map'
import { buildRoadLayers, buildRoadsSource, ROADS_SOURCE_ID } from './layers/roads'
import { AREA_LAYER_IDS } from './layers/areas'
import {
  buildPlanBaseLayers,
  buildPlanMarkerLayers,
  buildPlanOverlayLayers,
  buildPlanSources,
  drawPlanImages,
  getChoroplethColor,
  PLAN_LAYER_IDS,
  PLAN_SOURCE_IDS,
} from './layers/coverage'
import { FACILITY_LAYER_IDS } from './layers/facilities'

export type PlanMapData = Pick<CoverageInputsResponse, 'areas' | 'facilities' | 'demand' | 'roads'>

const PLAN_LEVELS_SHOWN = new Set(['street', 'community', 'grid'])

export function usePlanLayers(mapRef: RefObject<maplibregl.Map | null>, layersAdded: boolean, plan: PlanMapData | undefined): void {
  useEffect(() => {
    const map = mapRef.current
    if (!map || !layersAdded || !plan) return
    const pixelRatio = Math.max(2, Math.ceil(window.devicePixelRatio || 1))
    for (const [id, image] of Object.entries(drawPlanImages(pixelRatio))) if (!map.hasImage(id)) map.addImage(id, image, { pixelRatio })
    const { planParams } = useAppStore.getState()
    // Fills under the outlines, the homes over them, the markers over everything.
    addLayerGroups(map, [
      { sources: buildPlanSources(), layers: buildPlanBaseLayers(planParams.level, planParams.targetPct), below: AREA_LAYER_IDS.gridLine },
      { layers: buildPlanOverlayLayers(), below: FACILITY_LAYER_IDS.circle },
      // The walking network where the data has one: its barriers and crossings over the gaps and homes.
      ...(plan.roads?.length ? [{ sources: { [ROADS_SOURCE_ID]: buildRoadsSource(null) }, layers: buildRoadLayers(), below: FACILITY_LAYER_IDS.circle }] : []),
      { layers: buildPlanMarkerLayers() },
    ])
    const areaFeatures = plan.areas.features.filter((f) => PLAN_LEVELS_SHOWN.has(f.properties.level))
    getGeoJsonSource(map, PLAN_SOURCE_IDS.areas).setData({
      type: 'FeatureCollection',
      features: areaFeatures.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { code: f.properties.code, level: f.properties.level } })),
    })

    const idByCode = new Map(areaFeatures.map((f) => [f.properties.code, f.id as number]))
    const areaByCode = new Map(areaFeatures.map((f) => [f.properties.code, f]))
    const facilityById = new Map(plan.facilities.features.map((f) => [f.id, f]))
    const diffs: Record<'gaps' | 'unserved' | 'circles' | 'serviceAreas', FeatureDiffState> = {
      gaps: createFeatureDiffState(),
      unserved: createFeatureDiffState(),
      circles: createFeatureDiffState(),
      serviceAreas: createFeatureDiffState(),
    }
    const circleCache: CircleCache = new Map()
    let stateKeys = new Set<number>()
    let changedIds = new Set<number>()
    let selectedId: number | null = null

    const applyAnalysis = (s: AppState) => {
      const a = s.analysis
      if (!a) return
      const next = new Set<number>()
      for (const area of a.areas) {
        next.add(area.id)
        map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id: area.id }, { pct: area.populationCoveredPct ?? -1 })
      }
      for (const id of stateKeys) if (!next.has(id)) map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id }, { pct: -1 })
      stateKeys = next
      const sameGap = (x: Feature, y: Feature) => x.properties?.gapSqm === y.properties?.gapSqm
      // Circles come from a cache: the same object means the same circle.
      const sameCircle = (x: Feature, y: Feature) => x === y
      // A station's service area on the network is new each run: the same area, residents and plan mean the same shape.
      const sameArea = (x: Feature, y: Feature) => x.properties?.areaSqm === y.properties?.areaSqm && x.properties?.population === y.properties?.population && x.properties?.planned === y.properties?.planned
      applyDiff(map, PLAN_SOURCE_IDS.gaps, diffFeatures(diffs.gaps, a.gaps.features, sameGap))
      applyDiff(map, PLAN_SOURCE_IDS.unserved, diffFeatures(diffs.unserved, toUnservedFeatures(plan.demand, a.unserved), () => true))
      // On the walking network no circle is drawn: each station's service area along the streets instead.
      applyDiff(map, PLAN_SOURCE_IDS.circles, diffFeatures(diffs.circles, toCircleFeatures(a.metric === 'circle' ? a.stations : [], a.radiusMeters, circleCache), sameCircle))
      applyDiff(map, PLAN_SOURCE_IDS.serviceAreas, diffFeatures(diffs.serviceAreas, a.metric === 'network' ? (a.serviceAreas?.features ?? []) : [], sameArea))
    }

    const applyStations = (s: AppState) => {
      const spec = getScenarioSpec(s, s.activeScenarioId)
      const features: Feature<Point>[] = spec.added.map((st, i) => ({
        type: 'Feature',
        id: `p${st.id}`,
        geometry: { type: 'Point', coordinates: [st.lon, st.lat] },
        properties: { kind: 'planned', station: st.id, label: translate(s.language, 'plan.stationLabel', { n: i + 1 }) },
      }))
      for (const fid of spec.removed) {
        const f = facilityById.get(fid)
        if (f) features.push({ type: 'Feature', id: `c${fid}`, geometry: f.geometry, properties: { kind: 'closed', facility: fid, label: '' } })
      }
      getGeoJsonSource(map, PLAN_SOURCE_IDS.stations).setData({ type: 'FeatureCollection', features })
      // Only the counted types are drawn, and never a closed one.
      const types = s.planParams.types
      const filter: maplibregl.FilterSpecification = [
        'all',
        types.length ? ['in', ['get', 'type'], ['literal', types]] : true,
        ['!', ['in', ['id'], ['literal', spec.removed]]],
      ]
      for (const id of Object.values(FACILITY_LAYER_IDS)) if (map.getLayer(id)) map.setFilter(id, filter)
    }

    const applyParams = (s: AppState) => {
      const levelFilter: maplibregl.FilterSpecification = ['==', ['get', 'level'], s.planParams.level]
      map.setFilter(PLAN_LAYER_IDS.choropleth, levelFilter)
      map.setFilter(PLAN_LAYER_IDS.areaHighlight, levelFilter)
      map.setPaintProperty(PLAN_LAYER_IDS.choropleth, 'fill-color', getChoroplethColor(s.planParams.targetPct))
    }

    const applySuggestions = (s: AppState) => {
      const features: Feature<Point>[] = (s.suggestions?.sites ?? []).map((site) => ({
        type: 'Feature',
        id: site.rank,
        geometry: { type: 'Point', coordinates: [site.lon, site.lat] },
        properties: { rank: site.rank, addedPopulation: site.addedPopulation },
      }))
      getGeoJsonSource(map, PLAN_SOURCE_IDS.suggestions).setData({ type: 'FeatureCollection', features })
    }

    const applyChanged = (s: AppState) => {
      const next = new Set<number>()
      if (s.planPanel === 'compare') for (const c of s.comparison?.changedAreas ?? []) if (idByCode.has(c.code)) next.add(idByCode.get(c.code)!)
      for (const id of changedIds) if (!next.has(id)) map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id }, { changed: false })
      for (const id of next) map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id }, { changed: true })
      changedIds = next
    }

    const applySelected = (s: AppState, fly: boolean) => {
      const id = s.selectedAreaCode ? (idByCode.get(s.selectedAreaCode) ?? null) : null
      if (selectedId !== null) map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id: selectedId }, { selected: false })
      selectedId = id
      if (id === null) return
      map.setFeatureState({ source: PLAN_SOURCE_IDS.areas, id }, { selected: true })
      const area = areaByCode.get(s.selectedAreaCode!)
      if (fly && area) map.fitBounds(bbox(area) as [number, number, number, number], { padding: getFitPadding(map.getContainer(), true), maxZoom: 15.5, duration: 700 })
    }

    const initial = useAppStore.getState()
    applyParams(initial)
    applyAnalysis(initial)
    applyStations(initial)
    applySuggestions(initial)
    applyChanged(initial)
    applySelected(initial, false)
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.planParams !== prev.planParams) applyParams(s)
      if (s.analysis !== prev.analysis) applyAnalysis(s)
      if (s.scenarios !== prev.scenarios || s.activeScenarioId !== prev.activeScenarioId || s.planParams.types !== prev.planParams.types || s.language !== prev.language) applyStations(s)
      if (s.suggestions !== prev.suggestions) applySuggestions(s)
      if (s.comparison !== prev.comparison || s.planPanel !== prev.planPanel) applyChanged(s)
      if (s.selectedAreaCode !== prev.selectedAreaCode) applySelected(s, true)
      if (s.planTool !== prev.planTool) map.getCanvas().style.cursor = s.planTool === 'pan' ? '' : 'crosshair'
    })
    const detach = attachPlanEditing(map, areaByCode)
    // The live closures' streets over the network, under the stations.
    const detachClosures = attachClosuresLayer(map, PLAN_LAYER_IDS.stations)
    return () => {
      unsubscribe()
      detach()
      detachClosures()
    }
  }, [mapRef, layersAdded, plan])
}

function getGeoJsonSource(map: maplibregl.Map, id: string): maplibregl.GeoJSONSource {
  return map.getSource(id) as maplibregl.GeoJSONSource
}

function applyDiff(map: maplibregl.Map, sourceId: string, diff: maplibregl.GeoJSONSourceDiff): void {
  if (!isEmptyDiff(diff)) void getGeoJsonSource(map, sourceId).updateData(diff)
}

/** Clicks and drags on the map as edits of the active scenario, and the hover card of an area. */
function attachPlanEditing(map: maplibregl.Map, areaByCode: Map<string, Feature<Polygon | MultiPolygon, CoverageInputAreaProperties>>): () => void {
  const store = useAppStore
  const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: 'plan-hover', offset: 14, maxWidth: '260px' })
  let dragging: { id: string; moved: boolean } | null = null
  let frame = 0
  let pendingMove: { lon: number; lat: number } | null = null

  const scenarioName = () => {
    const s = store.getState()
    return translate(s.language, 'plan.scenario.defaultName', { n: s.scenarios.length + 1 })
  }
  const flushMove = () => {
    frame = 0
    if (dragging && pendingMove) store.getState().moveStation(dragging.id, pendingMove.lon, pendingMove.lat)
    pendingMove = null
  }
  const startDrag = (e: maplibregl.MapLayerMouseEvent | maplibregl.MapLayerTouchEvent) => {
    const s = store.getState()
    const f = e.features?.[0]
    if (s.planTool === 'remove' || !f || f.properties.kind !== 'planned') return
    if ('points' in e && e.points.length !== 1) return
    e.preventDefault()
    dragging = { id: String(f.properties.station), moved: false }
    map.getCanvas().style.cursor = 'grabbing'
  }
  const moveDrag = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
    if (!dragging) return
    dragging.moved = true
    pendingMove = { lon: e.lngLat.lng, lat: e.lngLat.lat }
    frame ||= requestAnimationFrame(flushMove)
  }
  const endDrag = () => {
    if (!dragging) return
    if (frame) cancelAnimationFrame(frame)
    flushMove()
    dragging = null
    map.getCanvas().style.cursor = store.getState().planTool === 'pan' ? '' : 'crosshair'
  }

  const onClick = (e: maplibregl.MapMouseEvent) => {
    const s = store.getState()
    if (s.planTool === 'add') {
      const type = getNewStationType(s)
      if (!type) return
      s.addStation({ lon: roundCoordinate(e.lngLat.lng), lat: roundCoordinate(e.lngLat.lat), type }, scenarioName())
      return
    }
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [e.point.x - 6, e.point.y - 6],
      [e.point.x + 6, e.point.y + 6],
    ]
    if (s.planTool === 'remove') {
      const [marker] = map.queryRenderedFeatures(box, { layers: [PLAN_LAYER_IDS.stations] })
      if (marker?.properties.kind === 'planned') return s.removeStation(String(marker.properties.station))
      if (marker?.properties.kind === 'closed') return s.toggleClosed(Number(marker.properties.facility), scenarioName())
      const [facility] = map.queryRenderedFeatures(box, { layers: [FACILITY_LAYER_IDS.circle] })
      if (facility && typeof facility.id === 'number') s.toggleClosed(facility.id, scenarioName())
      return
    }
    if (map.queryRenderedFeatures(box, { layers: [FACILITY_LAYER_IDS.circle, PLAN_LAYER_IDS.stations, PLAN_LAYER_IDS.suggestions] }).length) return
    const [area] = map.queryRenderedFeatures(e.point, { layers: [PLAN_LAYER_IDS.choropleth] })
    s.setSelectedArea(area ? String(area.properties.code) : null)
  }

  const onHover = (e: maplibregl.MapLayerMouseEvent) => {
    const s = store.getState()
    if (dragging || s.planTool !== 'pan') return hover.remove()
    const code = e.features?.[0]?.properties.code
    const figures = s.analysis?.areas.find((a) => a.code === code)
    const area = code ? areaByCode.get(String(code)) : undefined
    if (!figures || !area) return hover.remove()
    const el = document.createElement('div')
    const name = document.createElement('strong')
    name.textContent = getLocalName(area.properties, s.language)
    const line = document.createElement('div')
    line.textContent =
      figures.populationCoveredPct === null
        ? translate(s.language, 'plan.hover.noResidents')
        : translate(s.language, 'plan.hover.figures', {
            pct: formatPct(figures.populationCoveredPct, s.language),
            unserved: formatNumber(figures.population - figures.populationCovered, s.language),
          })
    el.append(name, line)
    hover.setLngLat(e.lngLat).setDOMContent(el).addTo(map)
  }
  const onLeave = () => hover.remove()
  const onEnterStation = () => {
    if (!dragging) map.getCanvas().style.cursor = store.getState().planTool === 'remove' ? 'pointer' : 'grab'
  }
  const onLeaveStation = () => {
    if (!dragging) map.getCanvas().style.cursor = store.getState().planTool === 'pan' ? '' : 'crosshair'
  }

  const detach = attachMapHandlers(map, [
    ['mousedown', PLAN_LAYER_IDS.stations, startDrag],
    ['touchstart', PLAN_LAYER_IDS.stations, startDrag],
    ['mousemove', null, moveDrag],
    ['touchmove', null, moveDrag],
    ['mouseup', null, endDrag],
    ['touchend', null, endDrag],
    ['click', null, onClick],
    ['mousemove', PLAN_LAYER_IDS.choropleth, onHover],
    ['mouseleave', PLAN_LAYER_IDS.choropleth, onLeave],
    ['mouseenter', PLAN_LAYER_IDS.stations, onEnterStation],
    ['mouseleave', PLAN_LAYER_IDS.stations, onLeaveStation],
  ])
  return () => {
    hover.remove()
    detach()
  }
}
