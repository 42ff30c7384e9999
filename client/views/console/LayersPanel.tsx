// The map's layers and legend on the console, opened from the top bar.
import { LayerToggles } from '../../components/LayerToggles'
import { Legend } from '../../components/Legend'
import { BasemapSettings } from '../../components/BasemapSettings'
import { useEscape } from '../../components/use-escape'
import { useT } from '../../i18n'

export function LayersPanel({ onClose }: { onClose(): void }) {
  const t = useT()
  useEscape(onClose)
  return (
    <aside className="console-panel console-panel--layers" data-testid="side-panel">
      <div className="console-panel__head">
        <h2>{t('panel.layers')}</h2>
        <BasemapSettings />
        <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="console-panel__body">
        <Legend />
        <LayerToggles />
      </div>
    </aside>
  )
}
