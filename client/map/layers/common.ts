// Shared pieces of the layer modules: how a layer declares its switch, and the label text.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { Language } from '../../i18n/messages'
import type { LayerKey } from '../../store/layers-slice'

/** Layer metadata read by MapView: which switch shows or hides it, and whether its text is a name. */
export interface GridPulseLayerMetadata {
  'gridpulse:toggle'?: LayerKey
  /** The layer's text-field is the feature's name in the UI language. */
  'gridpulse:name-label'?: boolean
  /** The layer's filter also hides the facility types switched off in the legend. */
  'gridpulse:facility-types'?: boolean
}

export function describeLayer(meta: GridPulseLayerMetadata): { metadata: GridPulseLayerMetadata } {
  return { metadata: meta }
}

/** The feature's name in the language: name_en in English where the data has one. */
export function getNameExpression(language: Language): ExpressionSpecification {
  return language === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['get', 'name']
}

export const HALO_COLOR = 'rgba(255, 255, 255, 0.92)'

/** Linear interpolation by zoom, the shape nearly every size here takes. */
export function byZoom(...stops: number[]): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification
}
