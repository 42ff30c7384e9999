// The district at a glance: the share of residents within the walk, those left out, the areas
// below target, and — when a scenario is shown — how far it moves each figure from today.
import { formatNumber, formatPct, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { BASELINE_ID } from '../../store/plan-slice'
import { getScenarioDisplayName } from './scenario-names'

export function PlanSummary() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const analysis = useAppStore((s) => s.analysis)
  const roundTrip = useAppStore((s) => s.analysisRoundTripMs)
  const level = useAppStore((s) => s.planParams.level)
  const target = useAppStore((s) => s.planParams.targetPct)
  const scenario = useAppStore((s) => s.scenarios.find((x) => x.id === s.activeScenarioId))
  const activeId = useAppStore((s) => s.activeScenarioId)
  if (!analysis) {
    return (
      <section className="plan-card plan-summary" data-testid="plan-summary" aria-busy="true">
        <h2 className="plan-card__title">{t('plan.summary.title')}</h2>
        <p className="muted">{t('plan.summary.computing')}</p>
      </section>
    )
  }
  const { summary, baseline } = analysis
  const n = (v: number) => formatNumber(v, language)
  const withScenario = activeId !== BASELINE_ID && scenario !== undefined
  const delta = (after: number, before: number, unit: 'pts' | 'people' | 'count', goodWhenUp: boolean) => {
    if (!withScenario) return null
    const d = after - before
    if (Math.abs(d) < (unit === 'pts' ? 0.05 : 0.5)) return <span className="delta">±0</span>
    const text = unit === 'pts' ? `${d > 0 ? '+' : '−'}${formatPct(Math.abs(d), language).replace('%', '')} ${t('plan.summary.points')}` : `${d > 0 ? '+' : '−'}${n(Math.abs(d))}`
    return <span className={(d > 0) === goodWhenUp ? 'delta is-good' : 'delta is-bad'}>{text}</span>
  }
  const pct = summary.populationCoveredPct ?? 0
  return (
    <section className="plan-card plan-summary" data-testid="plan-summary" data-details-pending={analysis.detailsPending ? 'true' : undefined}>
      <h2 className="plan-card__title">
        {t('plan.summary.title')}
        <span className="plan-card__scenario">{withScenario ? getScenarioDisplayName(scenario.name, language) : t('plan.scenario.baseline')}</span>
      </h2>
      <div className="headline">
        <span className="headline__value" data-testid="coverage-pct">
          {formatPct(pct, language)}
        </span>
        <span className="headline__label">{t(analysis.metric === 'network' ? 'plan.summary.coveredShareNetwork' : 'plan.summary.coveredShare', { m: formatNumber(Math.round(analysis.radiusMeters), language) })}</span>
        {delta(pct, baseline.populationCoveredPct ?? 0, 'pts', true)}
      </div>
      <div className="coverage-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
        <i style={{ left: `${target}%` }} />
      </div>
      <dl className="figures">
        <div>
          <dt>{t('plan.summary.coveredOf', { total: n(summary.population) })}</dt>
          <dd data-testid="covered">{n(summary.populationCovered)}</dd>
          {delta(summary.populationCovered, baseline.populationCovered, 'people', true)}
        </div>
        <div>
          <dt>{t('plan.summary.unserved')}</dt>
          <dd data-testid="unserved-population">{n(summary.unservedPopulation)}</dd>
          {delta(summary.unservedPopulation, baseline.unservedPopulation, 'people', false)}
        </div>
        <div>
          <dt>{t('plan.summary.unservedPoints')}</dt>
          <dd data-testid="unserved-points">{n(summary.unservedPoints)}</dd>
          {delta(summary.unservedPoints, baseline.unservedPoints, 'count', false)}
        </div>
        <div>
          <dt>{t('plan.summary.belowTarget', { level: t(`plan.level.${level}`), target })}</dt>
          <dd data-testid="below-target">
            {n(summary.areasBelowTarget.length)} / {n(analysis.areas.length)}
          </dd>
          {delta(summary.areasBelowTarget.length, baseline.areasBelowTarget.length, 'count', false)}
        </div>
        <div>
          <dt>{t('plan.summary.stations')}</dt>
          <dd data-testid="stations">{n(analysis.stations.length)}</dd>
        </div>
      </dl>
      {analysis.metric === 'network' && analysis.circleOnly !== undefined && (
        <p className="plan-circle-only small" data-testid="circle-only">
          {t('plan.summary.circleOnly', { c: n(analysis.circleOnly), w: n(analysis.networkOnly ?? 0) })}
        </p>
      )}
      <p className="plan-timing small muted" data-testid="timing">
        {t(analysis.incremental ? 'plan.summary.timingIncremental' : 'plan.summary.timing', {
          c: Math.max(1, Math.round(analysis.computeMs)),
          r: roundTrip === null ? '–' : Math.max(1, Math.round(roundTrip)),
        })}
      </p>
    </section>
  )
}
