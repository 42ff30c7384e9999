// The areas of the chosen level: those below target worst first (or all, by coverage), each with
// its share of residents served and how many are left out; clicking one flies the map to it and
// shows its figures.
import { useState } from 'react'
import type { AreaFigures } from '../../analysis/plan-protocol'
import { formatNumber, formatPct, getLocalName, useT } from '../../i18n'
import { getCoverageColor } from '../../map/layers/coverage'
import { useAppStore } from '../../store'

export function AreasTab() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const analysis = useAppStore((s) => s.analysis)
  const level = useAppStore((s) => s.planParams.level)
  const target = useAppStore((s) => s.planParams.targetPct)
  const selected = useAppStore((s) => s.selectedAreaCode)
  const setSelected = useAppStore((s) => s.setSelectedArea)
  const [showAll, setShowAll] = useState(false)
  if (!analysis) return <p className="muted">{t('plan.summary.computing')}</p>
  const n = (v: number) => formatNumber(v, language)
  const byCode = new Map(analysis.areas.map((a) => [a.code, a]))
  const rows = showAll
    ? [...analysis.areas].sort((a, b) => (a.populationCoveredPct ?? 101) - (b.populationCoveredPct ?? 101) || a.code.localeCompare(b.code))
    : analysis.summary.areasBelowTarget.map((c) => byCode.get(c)!).filter(Boolean)
  const detail = selected ? byCode.get(selected) : undefined
  const parentName = (a: AreaFigures) => (a.parent_name ? getLocalName({ name: a.parent_name, name_en: a.parent_name_en }, language) : null)
  return (
    <div className="areas-tab" data-testid="areas-tab">
      {detail && (
        <div className="area-detail" data-testid="area-detail">
          <div className="area-detail__head">
            <strong>{getLocalName(detail, language)}</strong>
            <span className="muted small">{detail.code}</span>
            <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={() => setSelected(null)}>
              ×
            </button>
          </div>
          <dl className="figures figures--compact">
            <div>
              <dt>{t('plan.area.population')}</dt>
              <dd>{n(detail.population)}</dd>
            </div>
            <div>
              <dt>{t('plan.area.coveredPct')}</dt>
              <dd>{detail.populationCoveredPct === null ? '–' : formatPct(detail.populationCoveredPct, language)}</dd>
            </div>
            <div>
              <dt>{t('plan.area.unserved')}</dt>
              <dd>{n(detail.population - detail.populationCovered)}</dd>
            </div>
            <div>
              <dt>{t('plan.area.coveredArea')}</dt>
              <dd>{formatPct(100 * detail.coveredShare, language)}</dd>
            </div>
            <div>
              <dt>{t('plan.area.size')}</dt>
              <dd>{t('plan.area.km2', { v: (detail.areaSqm / 1e6).toFixed(2) })}</dd>
            </div>
            <div>
              <dt>{t('plan.area.inReach')}</dt>
              <dd>{n(detail.facilitiesInReach)}</dd>
            </div>
            {analysis.metric === 'network' && (
              <div data-testid="area-circle-only">
                <dt>{t('plan.area.circleOnly')}</dt>
                <dd>{n(detail.circleOnly ?? 0)}</dd>
              </div>
            )}
          </dl>
          <p className="small muted">{detail.belowTarget ? t('plan.area.why', { target }) : t('plan.area.ok', { target })}</p>
        </div>
      )}
      <div className="areas-tab__head">
        <span>
          {showAll
            ? t('plan.areas.all', { n: n(rows.length), level: t(`plan.level.${level}`) })
            : t('plan.areas.below', { n: n(rows.length), level: t(`plan.level.${level}`), target })}
        </span>
        <button type="button" className="link-button" onClick={() => setShowAll(!showAll)} data-testid="toggle-all-areas">
          {showAll ? t('plan.areas.showBelow') : t('plan.areas.showAll')}
        </button>
      </div>
      {rows.length === 0 && <p className="muted">{t('plan.areas.none', { target })}</p>}
      <ol className="area-list" data-testid="area-list">
        {rows.map((a) => (
          <li key={a.code}>
            <button type="button" className={a.code === selected ? 'area-row is-selected' : 'area-row'} data-code={a.code} onClick={() => setSelected(a.code)}>
              <span className="area-row__name">{getLocalName(a, language)}</span>
              <span className="area-row__bar" aria-hidden="true">
                <span style={{ width: `${a.populationCoveredPct ?? 0}%`, background: getCoverageColor(a.populationCoveredPct, target) }} />
              </span>
              <span className="area-row__pct">{a.populationCoveredPct === null ? '–' : formatPct(a.populationCoveredPct, language)}</span>
              <span className="area-row__unserved small muted">
                {parentName(a) && <span className="area-row__parent">{parentName(a)} · </span>}
                {t('plan.areas.unservedShort', { n: n(a.population - a.populationCovered) })}
                {analysis.metric === 'network' && (a.circleOnly ?? 0) > 0 && <span className="area-row__circle-only"> · {t('plan.areas.circleOnlyShort', { n: n(a.circleOnly!) })}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  )
}
