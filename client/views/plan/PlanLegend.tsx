// What the colours and marks of /plan mean: the coverage classes around the target, gaps,
// unserved homes, walking circles, planned and closed stations, and suggested sites.
import { formatPct, useT } from '../../i18n'
import { getCoverageRamp, PLAN_COLORS } from '../../map/layers/coverage'
import { useAppStore } from '../../store'
import { ROAD_COLORS } from '../../map/layers/roads'
import { CLOSURE_COLOR } from '../../map/layers/closures'

export function PlanLegend() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const target = useAppStore((s) => s.planParams.targetPct)
  const ramp = getCoverageRamp(target)
  // On the walking network: no circles, but what the walk fights and the only ways across.
  const network = useAppStore((s) => s.analysis?.metric === 'network')
  const closures = useAppStore((s) => Boolean(s.closures?.closures.length))
  return (
    <section className="plan-legend" data-testid="plan-legend" aria-label={t('panel.legend')}>
      <ul className="plan-legend__ramp">
        <li className="plan-legend__title">{t('plan.legend.coverage')}</li>
        {ramp.map((s, i) => (
          <li key={s.fromPct}>
            <span className="swatch" style={{ background: s.color }} />
            {i + 1 < ramp.length
              ? `${formatPct(s.fromPct, language).replace('.0', '')}–${formatPct(ramp[i + 1].fromPct, language).replace('.0', '')}`
              : `≥ ${formatPct(s.fromPct, language).replace('.0', '')}`}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: PLAN_COLORS.noResidents }} />
          {t('plan.legend.noResidents')}
        </li>
      </ul>
      <ul className="plan-legend__marks">
        <li>
          <span className="swatch swatch--hatch" />
          {t('plan.legend.gap')}
        </li>
        <li>
          <span className="swatch swatch--diamond" style={{ color: PLAN_COLORS.unserved }} data-testid="legend-unserved" />
          {t('plan.legend.unserved')}
        </li>
        {network ? (
          <>
            <li data-testid="legend-barrier">
              <span className="swatch swatch--line" style={{ background: ROAD_COLORS.barrier }} />
              {t('plan.legend.barrier')}
            </li>
            <li>
              <span className="swatch swatch--line" style={{ background: ROAD_COLORS.bridge }} />
              {t('plan.legend.crossing')}
            </li>
            {closures && (
              <li data-testid="legend-closure">
                <span className="swatch swatch--line swatch--dashed" style={{ color: CLOSURE_COLOR }} />
                {t('plan.legend.closure')}
              </li>
            )}
          </>
        ) : (
          <li>
            <span className="swatch swatch--ring" style={{ borderColor: PLAN_COLORS.circle }} />
            {t('plan.legend.circle')}
          </li>
        )}
        <li>
          <span className="swatch swatch--planned" style={{ background: PLAN_COLORS.planned }}>
            +
          </span>
          {t('plan.legend.planned')}
        </li>
        <li>
          <span className="swatch swatch--closed">×</span>
          {t('plan.legend.closed')}
        </li>
        <li>
          <span className="swatch swatch--suggestion" style={{ background: PLAN_COLORS.suggestion }}>
            1
          </span>
          {t('plan.legend.suggestion')}
        </li>
        {network && (
          <li data-testid="legend-service-area">
            <span className="swatch swatch--ring" style={{ borderColor: PLAN_COLORS.circle, borderRadius: 2 }} />
            {t('plan.legend.serviceArea')}
          </li>
        )}
      </ul>
    </section>
  )
}
