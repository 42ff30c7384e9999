// Two scenarios side by side: the district figures of each and the difference, and the areas
// whose residents served change most (outlined on the map while this tab is open).
import { useEffect } from 'react'
import { formatNumber, formatPct, getLocalName, useT, type MessageKey } from '../../i18n'
import { useAppStore } from '../../store'
import { BASELINE_ID } from '../../store/plan-slice'
import { getScenarioDisplayName } from './scenario-names'

export function CompareTab({ compare, busy }: { compare(): Promise<void>; busy: boolean }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const scenarios = useAppStore((s) => s.scenarios)
  const ids = useAppStore((s) => s.compareIds)
  const setIds = useAppStore((s) => s.setCompareIds)
  const comparison = useAppStore((s) => s.comparison)
  const analysis = useAppStore((s) => s.analysis)
  const params = useAppStore((s) => s.planParams)
  const n = (v: number) => formatNumber(v, language)
  const nameOf = (id: string) => (id === BASELINE_ID ? t('plan.scenario.baseline') : getScenarioDisplayName(scenarios.find((x) => x.id === id)?.name ?? t('plan.scenario.baseline'), language))

  // Compared again whenever the pair, the parameters or the scenarios' stations change.
  useEffect(() => {
    void compare()
  }, [compare, ids, params, scenarios])

  const options = [{ id: BASELINE_ID, name: t('plan.scenario.baseline') }, ...scenarios]
  const picker = (i: 0 | 1) => (
    <select
      value={ids[i]}
      data-testid={`compare-${i === 0 ? 'a' : 'b'}`}
      onChange={(e) => setIds(i === 0 ? [e.target.value, ids[1]] : [ids[0], e.target.value])}
    >
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.id === BASELINE_ID ? o.name : getScenarioDisplayName(o.name, language)}
        </option>
      ))}
    </select>
  )
  const areaNames = new Map((analysis?.areas ?? []).map((a) => [a.code, getLocalName(a, language)]))

  return (
    <div className="compare-tab" data-testid="compare-tab">
      <div className="compare-pickers">
        <span className="compare-pickers__mark" aria-hidden="true">A</span>
        {picker(0)}
        <span className="compare-pickers__mark" aria-hidden="true">⇄</span>
        {picker(1)}
      </div>
      {scenarios.length === 0 && <p className="muted small">{t('plan.compare.needScenario')}</p>}
      {busy && !comparison && <p className="muted">{t('plan.summary.computing')}</p>}
      {comparison && (
        <>
          <table className="compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th />
                <th>{nameOf(ids[0])}</th>
                <th>{nameOf(ids[1])}</th>
                <th>{t('plan.compare.change')}</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['plan.compare.coveredPct', comparison.before.populationCoveredPct ?? 0, comparison.after.populationCoveredPct ?? 0, 'pct', true],
                  ['plan.compare.covered', comparison.before.populationCovered, comparison.after.populationCovered, 'n', true],
                  ['plan.compare.unserved', comparison.before.unservedPopulation, comparison.after.unservedPopulation, 'n', false],
                  ['plan.compare.unservedPoints', comparison.before.unservedPoints, comparison.after.unservedPoints, 'n', false],
                  ['plan.compare.belowTarget', comparison.before.areasBelowTarget.length, comparison.after.areasBelowTarget.length, 'n', false],
                  ['plan.compare.stations', comparison.stationsBefore, comparison.stationsAfter, 'n', true],
                ] as [MessageKey, number, number, 'pct' | 'n', boolean][]
              ).map(([label, a, b, kind, up]) => {
                const d = b - a
                const fmt = (v: number) => (kind === 'pct' ? formatPct(v, language) : n(v))
                const cls = Math.abs(d) < 1e-9 ? 'delta' : (d > 0) === up ? 'delta is-good' : 'delta is-bad'
                return (
                  <tr key={label}>
                    <th scope="row">{t(label)}</th>
                    <td>{fmt(a)}</td>
                    <td>{fmt(b)}</td>
                    <td className={cls}>
                      {Math.abs(d) < 1e-9 ? '±0' : `${d > 0 ? '+' : '−'}${kind === 'pct' ? formatPct(Math.abs(d), language).replace('%', '') + ' ' + t('plan.summary.points') : n(Math.abs(d))}`}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <h3 className="plan-subtitle">{t('plan.compare.changedAreas', { n: n(comparison.changedAreas.length), level: t(`plan.level.${params.level}`) })}</h3>
          <ol className="changed-list" data-testid="changed-areas">
            {comparison.changedAreas.slice(0, 30).map((c) => (
              <li key={c.code}>
                <button type="button" className="area-row" onClick={() => useAppStore.getState().setSelectedArea(c.code)}>
                  <span className="area-row__name">{areaNames.get(c.code) ?? c.code}</span>
                  <span className="area-row__pct">
                    {c.populationCoveredPctBefore === null ? '–' : formatPct(c.populationCoveredPctBefore, language)} →{' '}
                    {c.populationCoveredPctAfter === null ? '–' : formatPct(c.populationCoveredPctAfter, language)}
                  </span>
                  <span className={c.populationCoveredAfter >= c.populationCoveredBefore ? 'delta is-good small' : 'delta is-bad small'}>
                    {c.populationCoveredAfter >= c.populationCoveredBefore ? '+' : '−'}
                    {n(Math.abs(c.populationCoveredAfter - c.populationCoveredBefore))}
                    {c.belowTargetBefore && !c.belowTargetAfter && ` · ${t('plan.compare.nowMeets')}`}
                    {!c.belowTargetBefore && c.belowTargetAfter && ` · ${t('plan.compare.nowFails')}`}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  )
}
