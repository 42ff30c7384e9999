// A map button that brings the whole district back into view, titled in the UI language.
import type * as maplibregl from 'maplibre-gl'
import { translate } from '../i18n'
import { useAppStore } from '../store'

/** A map button that brings the whole district back into view. */
export class FitDistrictControl implements maplibregl.IControl {
  private container?: HTMLElement
  private unsubscribe?: () => void

  constructor(
    private readonly getBbox: () => [number, number, number, number] | null,
    private readonly getPadding: () => maplibregl.PaddingOptions,
  ) {}

  onAdd(map: maplibregl.Map): HTMLElement {
    const container = document.createElement('div')
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group'
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'fit-district-button'
    button.innerHTML =
      '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/><circle cx="10" cy="10" r="2.2" fill="currentColor"/></svg>'
    const setTitle = () => {
      const title = translate(useAppStore.getState().language, 'map.fitDistrict')
      button.title = title
      button.setAttribute('aria-label', title)
    }
    setTitle()
    this.unsubscribe = useAppStore.subscribe((s, prev) => s.language !== prev.language && setTitle())
    button.addEventListener('click', () => {
      const bbox = this.getBbox()
      if (bbox) map.fitBounds(bbox, { padding: this.getPadding(), duration: 600 })
    })
    container.append(button)
    this.container = container
    return container
  }

  onRemove(): void {
    this.unsubscribe?.()
    this.container?.remove()
  }
}
