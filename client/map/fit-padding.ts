// Room the map keeps free for the panels floating over it, when it fits the district or an area.
import type * as maplibregl from 'maplibre-gl'

export function getFitPadding(container: HTMLElement, planMode: boolean, view: 'shell' | 'console' = 'shell'): maplibregl.PaddingOptions {
  // Leave room for the header (top left) and the layer panel (right) on a wide screen; on /plan
  // for the settings (left) and the tabs (right).
  const wide = container.clientWidth >= 900
  if (view === 'console') return container.clientWidth >= 1100 ? { top: 140, bottom: 40, left: 400, right: 440 } : { top: 120, bottom: 24, left: 24, right: 24 }
  if (planMode) return container.clientWidth >= 1100 ? { top: 80, bottom: 90, left: 380, right: 410 } : { top: 110, bottom: 24, left: 320, right: 24 }
  return { top: wide ? 96 : 72, bottom: 36, left: wide ? 48 : 24, right: wide ? 368 : 24 }
}
