// A click on a service point shows what it offers: type, name, address, hours and services, in the
// UI language (a MapLibre popup over the facility circles).
import * as maplibregl from 'maplibre-gl'
import type { FacilityProps, FacilityType } from '../../core/wire/read-api'
import { getLocalName, translate } from '../i18n'
import type { Language } from '../i18n/messages'
import { useAppStore } from '../store'
import { FACILITY_LAYER_IDS } from './layers/facilities'
import { attachMapHandlers, getPointerRows } from './map-handlers'

/** A click on a service point shows what it offers. */
export function attachFacilityPopup(map: maplibregl.Map): void {
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px', className: 'facility-popup', offset: 12 })
  attachMapHandlers(map, getPointerRows(map, [FACILITY_LAYER_IDS.circle]))
  map.on('click', FACILITY_LAYER_IDS.circle, (e) => {
    // On /plan, a click with the add or remove tool is an edit, not a question.
    if (useAppStore.getState().planTool !== 'pan') return
    const feature = e.features?.[0]
    if (!feature || feature.geometry.type !== 'Point') return
    const p = feature.properties as unknown as FacilityProps & { services: string[] | string }
    const { language, facilityTypes } = useAppStore.getState()
    const type = facilityTypes.find((t) => t.code === p.type)
    popup
      .setLngLat(feature.geometry.coordinates as [number, number])
      .setDOMContent(renderFacilityPopup(p, type, language))
      .addTo(map)
  })
}

function renderFacilityPopup(p: FacilityProps & { services: string[] | string }, type: FacilityType | undefined, language: Language): HTMLElement {
  const el = (tag: string, className: string, text?: string) => {
    const node = document.createElement(tag)
    node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }
  const root = el('div', 'facility-popup__body')
  const kind = el('div', 'facility-popup__type', type ? getLocalName(type, language) : p.type)
  if (type) kind.style.setProperty('--type-color', type.color)
  root.append(kind, el('div', 'facility-popup__name', getLocalName(p, language)))
  // GeoJSON-source properties come back with arrays serialised as JSON text.
  const services = typeof p.services === 'string' ? safeParseArray(p.services) : (p.services ?? [])
  const rows: [string, string | null][] = [
    [translate(language, 'facility.address'), p.address],
    [translate(language, 'facility.hours'), p.opening_hours],
    [translate(language, 'facility.services'), services.length ? services.join(language === 'en' ? ', ' : '、') : null],
  ]
  const dl = el('dl', 'facility-popup__details')
  for (const [k, v] of rows) {
    if (!v) continue
    dl.append(el('dt', '', k), el('dd', '', v))
  }
  root.append(dl)
  return root
}

function safeParseArray(s: string): string[] {
  try {
    const v: unknown = JSON.parse(s)
    return Array.isArray(v) ? v.map(String) : []
  } catch {
    return []
  }
}
