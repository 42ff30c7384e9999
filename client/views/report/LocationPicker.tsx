// Where the issue is: from the phone's GPS (with a switch for phones whose GPS reports GCJ-02)
// or by tapping a small offline map that opens on the worker's own grid at street zoom, with the
// roads and area names to find one's way. The picked place is named by its grid and community
// (the coordinates as a second line). The point is a GeoJSON layer, not a DOM marker.
import type * as maplibregl from 'maplibre-gl'
import { useEffect, useMemo, useRef, useState } from 'react'
import { roundCoordinate as round, toWgs84 } from '../../../core/domain/coordinates'
import type { InputCrs } from '../../../core/wire/issues'
import { useT } from '../../i18n'
import { useAppStore } from '../../store'
import { findPlace, formatPlace } from '../../areas/place-names'
import { AREAS_SOURCE_ID, buildAreaFillLayers, buildAreaLineLayers, buildAreasSource } from '../../map/layers/areas'
import { AREA_LABELS_SOURCE_ID, buildAreaLabelLayers, buildAreaLabelsSource } from '../../map/layers/area-labels'
import { buildOrientationLabelLayers, buildOrientationLayers, buildOrientationSource, ORIENTATION_SOURCE_ID } from '../../map/layers/basemap'
import { createMap, removeMap } from '../../map/create-map'
import { readStored, STORED_KEYS, writeStored } from '../../stored'
import { addLayerGroups } from '../../map/layer-group'
import { buildPickedPointLayer, buildPickedPointSource, PICKED_POINT_SOURCE_ID } from '../../map/layers/picked-point'
import { BACKGROUND_COLOR, BACKGROUND_LAYER_ID } from '../../map/style'
import { usePickerData } from './use-picker-data'

/** A grid fitted into the phone's small map lands here or closer: streets and grid names readable. */
const STREET_ZOOM = 15
const MAX_OPEN_ZOOM = 17

export interface PickedLocation {
  lon: number
  lat: number
  crs: InputCrs
  source: 'gps' | 'map'
  accuracyMeters?: number
}

export function LocationPicker(props: {
  value: PickedLocation | null
  onChange(value: PickedLocation): void
  bbox: [number, number, number, number] | null
  /** The signed-in user's area: the map opens on it. */
  area: string | null
}) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const data = usePickerData(props.area)
  const value = useRef(props.value)
  value.current = props.value
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange
  const [gcj02, setGcj02] = useState(() => readStored(STORED_KEYS.gpsCrs, (v) => v) === 'gcj02')
  const [gpsState, setGpsState] = useState<'idle' | 'locating' | 'error'>('idle')
  const [gpsError, setGpsError] = useState('')

  useEffect(() => {
    const ready = data.ready
    if (!container.current || !props.bbox || !ready) return
    const view = ready.focus?.bbox ?? props.bbox
    const map = createMap({
      container: container.current,
      role: 'picker',
      bbox: view,
      padding: 12,
      options: { fitBoundsOptions: { padding: 12, maxZoom: MAX_OPEN_ZOOM } },
      style: {
        version: 8,
        sources: {
          [ORIENTATION_SOURCE_ID]: buildOrientationSource(ready.roads),
          [AREAS_SOURCE_ID]: buildAreasSource(props.bbox),
          [AREA_LABELS_SOURCE_ID]: buildAreaLabelsSource(ready.labels),
        },
        layers: [
          { id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
          ...buildOrientationLayers(),
          ...buildAreaFillLayers({ rasterBasemap: false }),
          ...buildAreaLineLayers(),
          ...buildOrientationLabelLayers(language),
          ...buildAreaLabelLayers(language),
        ],
      },
    })
    // A small grid fits closer than street zoom already; a big one (or a community) still opens at
    // street zoom, at its middle. A district-wide user sees the district.
    if (ready.focus?.local && map.getZoom() < STREET_ZOOM) map.jumpTo({ center: [(view[0] + view[2]) / 2, (view[1] + view[3]) / 2], zoom: STREET_ZOOM })
    map.on('load', () => {
      addLayerGroups(map, [{ sources: { [PICKED_POINT_SOURCE_ID]: buildPickedPointSource() }, layers: [buildPickedPointLayer()] }])
      drawPoint(map, value.current, false)
    })
    map.on('click', (e) => onChange.current({ lon: round(e.lngLat.lng), lat: round(e.lngLat.lat), crs: 'wgs84', source: 'map' }))
    mapRef.current = map
    return () => {
      removeMap(map)
      mapRef.current = null
    }
  }, [props.bbox, data.ready, language])

  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    const draw = () => drawPoint(map, props.value, true)
    if (map.isStyleLoaded() && map.getSource(PICKED_POINT_SOURCE_ID)) draw()
    else map.once('load', draw)
  }, [props.value])

  // The place in words: the grid and community under the (WGS-84) point.
  const place = useMemo(() => {
    const v = props.value
    if (!v || data.grids.length === 0) return null
    const [lon, lat] = toWgs84([v.lon, v.lat], v.crs)
    const found = findPlace(data.grids, data.parents, lon, lat)
    return found ? formatPlace(found, language) : t('report.placeOutside')
  }, [props.value, data.grids, data.parents, language])

  function locate() {
    if (!navigator.geolocation) {
      setGpsState('error')
      setGpsError(t('report.gpsUnavailable'))
      return
    }
    setGpsState('locating')
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGpsState('idle')
        onChange.current({
          lon: round(pos.coords.longitude),
          lat: round(pos.coords.latitude),
          crs: gcj02 ? 'gcj02' : 'wgs84',
          source: 'gps',
          accuracyMeters: Math.round(pos.coords.accuracy),
        })
      },
      (err) => {
        setGpsState('error')
        setGpsError(err.code === err.PERMISSION_DENIED ? t('report.gpsDenied') : t('report.gpsFailed'))
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    )
  }

  return (
    <div className="report-location">
      <div className="report-location__actions">
        <button type="button" className="report-button report-button--secondary" onClick={locate} disabled={gpsState === 'locating'}>
          {gpsState === 'locating' ? t('report.locating') : t('report.useGps')}
        </button>
        <label className="report-check">
          <input
            type="checkbox"
            checked={gcj02}
            onChange={(e) => {
              setGcj02(e.target.checked)
              writeStored(STORED_KEYS.gpsCrs, e.target.checked ? 'gcj02' : 'wgs84')
            }}
          />
          {t('report.gcj02')}
        </label>
      </div>
      <div ref={container} className="report-location__map" data-testid="report-map" aria-label={t('report.tapMap')} />
      <p className={gpsState === 'error' ? 'report-hint report-hint--error' : 'report-hint'} data-testid="location-status">
        {gpsState === 'error' ? (
          gpsError
        ) : props.value ? (
          <>
            <span className="report-place" data-testid="location-place">
              {place !== null
                ? t(props.value.source === 'gps' ? 'report.placeGps' : 'report.placeMap', { place, accuracy: props.value.accuracyMeters ?? '' })
                : t(props.value.source === 'gps' ? 'report.locationGps' : 'report.locationMap', {
                    lon: props.value.lon.toFixed(5),
                    lat: props.value.lat.toFixed(5),
                    accuracy: props.value.accuracyMeters ?? '',
                  })}
            </span>
            {place !== null && (
              <span className="report-place__coords" data-testid="location-coords">
                {t('report.coordinates', { lon: props.value.lon.toFixed(5), lat: props.value.lat.toFixed(5) })}
              </span>
            )}
          </>
        ) : (
          t('report.tapMap')
        )}
      </p>
    </div>
  )
}

/** Draws the point where it really is (a GCJ-02 pair converted for display only); a GPS fix is flown to. */
function drawPoint(map: maplibregl.Map, v: PickedLocation | null, follow: boolean): void {
  const source = map.getSource(PICKED_POINT_SOURCE_ID) as maplibregl.GeoJSONSource | undefined
  if (!source) return
  const [lon, lat] = v ? toWgs84([v.lon, v.lat], v.crs) : [0, 0]
  source.setData({ type: 'FeatureCollection', features: v ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }] : [] })
  if (follow && v && v.source === 'gps') map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), STREET_ZOOM) })
}
