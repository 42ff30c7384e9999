// The service-point legend: one row per facility type from the taxonomy, with the same symbol
// the map draws, the type's name in the UI language and its count; each row also switches
// that type on or off.
import { useMemo } from 'react'
import { formatNumber, getLocalName, useT } from '../i18n'
import { getFacilityIconDataUrl } from '../map/layers/facility-icons'
import { useAppStore } from '../store'
import { Switch } from './Switch'

export function Legend() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const types = useAppStore((s) => s.facilityTypes)
  const hidden = useAppStore((s) => s.hiddenFacilityTypes)
  const facilitiesOn = useAppStore((s) => s.layers.facilities)
  const setLayerVisible = useAppStore((s) => s.setLayerVisible)
  const setTypeVisible = useAppStore((s) => s.setFacilityTypeVisible)
  const byType = useAppStore((s) => s.summary?.facilitiesByType)
  const total = useAppStore((s) => s.summary?.facilities)
  const icons = useMemo(() => Object.fromEntries(types.map((ty) => [ty.code, getFacilityIconDataUrl(ty.icon)])), [types])

  return (
    <section className="panel-section" aria-labelledby="legend-heading">
      <h2 id="legend-heading" className="panel-section__title">
        {t('panel.facilities')}
      </h2>
      <div className="switch-list" data-testid="legend">
        <Switch
          testId="toggle-facilities"
          checked={facilitiesOn}
          onChange={(v) => setLayerVisible('facilities', v)}
          label={<strong>{t('legend.allFacilities')}</strong>}
          suffix={total !== undefined ? formatNumber(total, language) : undefined}
        />
        {types.length === 0 && <p className="muted">{t('legend.noTypes')}</p>}
        <ul className="legend-types" role="list">
          {types.map((ty) => (
            <li key={ty.code} data-testid="legend-type" data-type={ty.code}>
              <Switch
                checked={!hidden.includes(ty.code)}
                disabled={!facilitiesOn}
                onChange={(v) => setTypeVisible(ty.code, v)}
                swatch={<img className="legend-icon" src={icons[ty.code]} alt="" width={22} height={22} />}
                label={getLocalName(ty, language)}
                suffix={byType ? formatNumber(byType[ty.code] ?? 0, language) : undefined}
              />
            </li>
          ))}
        </ul>
      </div>
    </section>
  )
}
