// Where the issue is: from the phone's GPS (with a switch for phones whose GPS reports GCJ-02)
// or by tapping a small offline map of the grids. The point is a GeoJSON layer, not a DOM marker.
import type * as maplibregl from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { roundCoordinate as round, toWgs84 } from '../../../core/domain/coordinates'
import type { InputCrs } from '../../../core/wire/issues'
import { useT } from '../../i18n'
import { AREAS_SOURCE_ID, buildAreaFillLayers, buildAreaLineLayers, buildAreasSource } from '../../map/layers/areas'
import { createMap, removeMap } from '../../map/create-map'
import { readStored, STORED_KEYS, writeStored } from '../../stored'
import { addLayerGroups } from '../../map/layer-group'
import { buildPickedPointLayer, buildPickedPointSource, PICKED_POINT_SOURCE_ID } from '../../map/layers/picked-point'
import { BACKGROUND_COLOR, BACKGROUND_LAYER_ID } from '../../map/style'

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
}) {
  const t = useT()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange
  const [gcj02, setGcj02] = useState(() => readStored(STORED_KEYS.gpsCrs, (v) => v) === 'gcj02')
  const [gpsState, setGpsState] = useState<'idle' | 'locating' | 'error'>('idle')
  const [gpsError, setGpsError] = useState('')

  useEffect(() => {
    if (!container.current || !props.bbox) return
    const map = createMap({
      container: container.current,
      role: 'picker',
      bbox: props.bbox,
      padding: 10,
      style: {
        version: 8,
        sources: { [AREAS_SOURCE_ID]: buildAreasSource(props.bbox) },
        layers: [
          { id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
          ...buildAreaFillLayers({ rasterBasemap: false }),
          ...buildAreaLineLayers(),
        ],
      },
    })
    map.on('load', () => {
      addLayerGroups(map, [{ sources: { [PICKED_POINT_SOURCE_ID]: buildPickedPointSource() }, layers: [buildPickedPointLayer()] }])
    })
    map.on('click', (e) => onChange.current({ lon: round(e.lngLat.lng), lat: round(e.lngLat.lat), crs: 'wgs84', source: 'map' }))
    mapRef.current = map
    return () => {
      removeMap(map)
      mapRef.current = null
    }
  }, [props.bbox])

  // Draw the point where it really is: a GCJ-02 pair is converted for display only.
  useEffect(() => {
    const map = mapRef.current
    const v = props.value
    const draw = () => {
      const source = map?.getSource(PICKED_POINT_SOURCE_ID) as maplibregl.GeoJSONSource | undefined
      if (!source) return
      const [lon, lat] = v ? toWgs84([v.lon, v.lat], v.crs) : [0, 0]
      source.setData({ type: 'FeatureCollection', features: v ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }] : [] })
      if (v && v.source === 'gps') map!.easeTo({ center: [lon, lat], zoom: Math.max(map!.getZoom(), 15) })
    }
    if (map?.isStyleLoaded()) draw()
    else map?.once('load', draw)
  }, [props.value])

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
        {gpsState === 'error'
          ? gpsError
          : props.value
            ? t(props.value.source === 'gps' ? 'report.locationGps' : 'report.locationMap', {
                lon: props.value.lon.toFixed(5),
                lat: props.value.lat.toFixed(5),
                accuracy: props.value.accuracyMeters ?? '',
              })
            : t('report.tapMap')}
      </p>
    </div>
  )
}
