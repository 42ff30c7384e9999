// The console's compact legend, shown from the first open (issue 16: it was only in the closed
// layers panel): what a pin's colour and ring say, what a cluster is, and the service points' signs
// by type — the same drawings as the map, in no triage colour. It folds away to one button.
import { useMemo, useState } from 'react'
import { TRIAGE_COLOUR_INFO, TRIAGE_COLOURS } from '../../../core/domain/triage'
import { getLocalName, getTermName, useT } from '../../i18n'
import { getFacilityIconDataUrl } from '../../map/layers/facility-icons'
import { MAP_PALETTE } from '../../map/layers/palette'
import { useAppStore } from '../../store'

const pin = (fill: string, ring: string) => (
  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
    <circle cx="8" cy="8" r="5.5" fill={fill} stroke={ring} strokeWidth="2.2" />
  </svg>
)

export function ConsoleLegend() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const types = useAppStore((s) => s.facilityTypes)
  const hidden = useAppStore((s) => s.hiddenFacilityTypes)
  const facilitiesOn = useAppStore((s) => s.layers.facilities)
  const [open, setOpen] = useState(true)
  const icons = useMemo(() => Object.fromEntries(types.map((ty) => [ty.code, getFacilityIconDataUrl(ty.icon, 18)])), [types])
  if (!open) {
    return (
      <button type="button" className="console-legend console-legend--folded button" onClick={() => setOpen(true)} aria-expanded="false" data-testid="console-legend-open">
        {t('console.legend.title')}
      </button>
    )
  }
  const grey = '#9aa5b4'
  return (
    <section className="console-legend" aria-label={t('console.legend.title')} data-testid="console-legend">
      <div className="console-legend__head">
        <h2>{t('console.legend.issues')}</h2>
        <button type="button" className="icon-button" aria-label={t('console.legend.hide')} title={t('console.legend.hide')} aria-expanded="true" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <ul className="console-legend__row" role="list">
        {TRIAGE_COLOURS.map((c) => (
          <li key={c}>
            {pin(TRIAGE_COLOUR_INFO[c].hex, MAP_PALETTE.white)}
            {getTermName(TRIAGE_COLOUR_INFO[c], language)}
          </li>
        ))}
      </ul>
      <ul className="console-legend__row" role="list">
        <li>
          {pin(grey, MAP_PALETTE.white)}
          {t('console.legend.waiting')}
        </li>
        <li>
          {pin(grey, '#1b2533')}
          {t('console.legend.inHand')}
        </li>
        <li>
          {pin(grey, MAP_PALETTE.done)}
          {t('console.legend.done')}
        </li>
        <li>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <circle cx="8" cy="8" r="7.5" fill={TRIAGE_COLOUR_INFO.red.hex} opacity="0.3" />
            <circle cx="8" cy="8" r="4" fill={TRIAGE_COLOUR_INFO.red.hex} stroke="#1b2533" strokeWidth="1.6" />
          </svg>
          {t('console.legend.overdue')}
        </li>
        <li>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <circle cx="8" cy="8" r="7" fill={TRIAGE_COLOUR_INFO.orange.hex} stroke="#fff" strokeWidth="1.4" />
            <text x="8" y="11" textAnchor="middle" fontSize="8" fill="#fff">
              9
            </text>
          </svg>
          {t('console.legend.cluster')}
        </li>
      </ul>
      {facilitiesOn && types.length > 0 && (
        <>
          <h2>{t('console.legend.facilities')}</h2>
          <ul className="console-legend__types" role="list">
            {types
              .filter((ty) => !hidden.includes(ty.code))
              .map((ty) => (
                <li key={ty.code} data-legend-type={ty.code}>
                  <img src={icons[ty.code]} alt="" width={18} height={18} />
                  {getLocalName(ty, language)}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  )
}
