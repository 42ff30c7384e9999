// Scenarios: today's stations (the baseline) and any number of what-ifs, each a list of planned
// stations and closed ones; pick one to show and edit it, rename it, copy it or delete it.
import { useState } from 'react'
import { getLocalName, formatNumber, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { BASELINE_ID } from '../../store/plan-slice'
import type { CoverageInputFacilityProperties } from '../../../core/wire/coverage'
import { getScenarioDisplayName } from './scenario-names'
import { usePlaceNamer } from './use-place-namer'

export function ScenarioTab() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const scenarios = useAppStore((s) => s.scenarios)
  const activeId = useAppStore((s) => s.activeScenarioId)
  const types = useAppStore((s) => s.facilityTypes)
  const analysis = useAppStore((s) => s.analysis)
  const store = useAppStore.getState
  const active = scenarios.find((x) => x.id === activeId)
  const [renaming, setRenaming] = useState<string | null>(null)
  const typeName = (code: string) => {
    const type = types.find((x) => x.code === code)
    return type ? getLocalName(type, language) : code
  }
  const namePlace = usePlaceNamer()
  const defaultName = () => t('plan.scenario.defaultName', { n: scenarios.length + 1 })

  return (
    <div className="scenario-tab" data-testid="scenario-tab">
      <ul className="scenario-list">
        <li>
          <label className={activeId === BASELINE_ID ? 'scenario-row is-active' : 'scenario-row'}>
            <input type="radio" name="scenario" checked={activeId === BASELINE_ID} onChange={() => store().setActiveScenario(BASELINE_ID)} />
            <span className="scenario-row__name">{t('plan.scenario.baseline')}</span>
            <span className="muted small">{t('plan.scenario.baselineNote')}</span>
          </label>
        </li>
        {scenarios.map((x) => (
          <li key={x.id}>
            <label className={activeId === x.id ? 'scenario-row is-active' : 'scenario-row'} data-scenario={x.id}>
              <input type="radio" name="scenario" checked={activeId === x.id} onChange={() => store().setActiveScenario(x.id)} />
              {renaming === x.id ? (
                <input
                  className="scenario-row__rename"
                  defaultValue={x.name}
                  autoFocus
                  maxLength={80}
                  aria-label={t('plan.scenario.rename')}
                  onBlur={(e) => {
                    store().renameScenario(x.id, e.target.value)
                    setRenaming(null)
                  }}
                  onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                />
              ) : (
                <span className="scenario-row__name" title={getScenarioDisplayName(x.name, language)}>
                  {getScenarioDisplayName(x.name, language)}
                </span>
              )}
              <span className="muted small">
                {t('plan.scenario.changes', { added: x.spec.added.length, removed: x.spec.removed.length })}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button" data-testid="new-scenario" onClick={() => store().createScenario(defaultName())}>
          {t('plan.scenario.new')}
        </button>
        {active && (
          <>
            <button type="button" className="button" onClick={() => store().createScenario(t('plan.scenario.copyName', { name: getScenarioDisplayName(active.name, language) }), active.spec)}>
              {t('plan.scenario.copy')}
            </button>
            <button type="button" className="button" onClick={() => setRenaming(active.id)}>
              {t('plan.scenario.rename')}
            </button>
            <button type="button" className="button button--danger" onClick={() => confirm(t('plan.scenario.confirmDelete', { name: getScenarioDisplayName(active.name, language) })) && store().deleteScenario(active.id)}>
              {t('plan.scenario.delete')}
            </button>
          </>
        )}
      </div>
      {!active && <p className="muted small">{t('plan.scenario.howTo')}</p>}
      {active && (
        <>
          <h3 className="plan-subtitle">{t('plan.scenario.planned', { n: active.spec.added.length })}</h3>
          {active.spec.added.length === 0 && <p className="muted small">{t('plan.scenario.howTo')}</p>}
          <ol className="station-list" data-testid="planned-stations">
            {active.spec.added.map((st, i) => (
              <li key={st.id} className="station-row">
                <span className="station-row__badge">{i + 1}</span>
                <span className="station-row__name">
                  {t('plan.stationLabel', { n: i + 1 })}
                  {st.suggestedRank !== undefined && <span className="muted small"> · {t('plan.scenario.fromSuggestion', { n: st.suggestedRank })}</span>}
                  <span className="muted small station-row__coords" title={`${st.lon.toFixed(5)}, ${st.lat.toFixed(5)}`}>
                    {namePlace(st.lon, st.lat).place}
                  </span>
                </span>
                <select
                  value={st.type}
                  aria-label={t('plan.tool.type')}
                  onChange={(e) => store().setStationType(st.id, e.target.value)}
                >
                  {types.map((x) => (
                    <option key={x.code} value={x.code}>
                      {typeName(x.code)}
                    </option>
                  ))}
                </select>
                <button type="button" className="icon-button" aria-label={t('plan.scenario.removeStation')} onClick={() => store().removeStation(st.id)}>
                  ×
                </button>
              </li>
            ))}
          </ol>
          <h3 className="plan-subtitle">{t('plan.scenario.closed', { n: active.spec.removed.length })}</h3>
          <ClosedList removed={active.spec.removed} typeName={typeName} />
          {analysis && (
            <p className="small muted">
              {t('plan.scenario.counted', { n: formatNumber(analysis.stations.length, language) })}
            </p>
          )}
        </>
      )}
    </div>
  )
}

function ClosedList({ removed, typeName }: { removed: number[]; typeName(code: string): string }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const inputs = useAppStore((s) => s.planInputs)
  const byId = new Map((inputs?.facilities.features ?? []).map((f) => [f.id, f.properties]))
  return (
    <ul className="station-list" data-testid="closed-stations">
      {removed.map((id) => {
        const f: CoverageInputFacilityProperties | undefined = byId.get(id)
        return (
          <li key={id} className="station-row">
            <span className="station-row__badge is-closed">×</span>
            <span className="station-row__name">
              {f ? getLocalName(f, language) : `#${id}`}
              {f && <span className="muted small"> · {typeName(f.type)}</span>}
            </span>
            <button type="button" className="button button--small" onClick={() => useAppStore.getState().toggleClosed(id, '')}>
              {t('plan.scenario.reopen')}
            </button>
          </li>
        )
      })}
    </ul>
  )
}
