// "Where should the next k stations go?": greedy maximal covering on the shown scenario, each site
// with the residents it adds and the coverage reached with it; kept as a new scenario in one click.
import { useState } from 'react'
import { formatNumber, formatPct, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { getNewStationType, getScenarioSpec } from '../../store/plan-slice'
import { StationTypeSelect } from './StationTypeSelect'
import { usePlaceNamer } from './use-place-namer'
import { Segmented } from '../../components/Segmented'
import type { SuggestGoal } from '../../analysis/plan-protocol'

type Mode = 'count' | 'target'

export function SuggestTab({ suggest, busy }: { suggest(goal: SuggestGoal): Promise<void>; busy: boolean }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const suggestions = useAppStore((s) => s.suggestions)
  const type = useAppStore((s) => getNewStationType(s))
  const target = useAppStore((s) => s.planParams.targetPct)
  const [mode, setMode] = useState<Mode>('count')
  const [k, setK] = useState('5')
  const kValue = Number(k)
  const invalid = !Number.isInteger(kValue) || kValue < 1 || kValue > 50
  const goal: SuggestGoal = mode === 'count' ? { k: kValue } : { k: kValue, targetPct: target }
  const n = (v: number) => formatNumber(v, language)
  const namePlace = usePlaceNamer()

  const keep = () => {
    const s = useAppStore.getState()
    if (!suggestions || !type) return
    const base = getScenarioSpec(s, s.activeScenarioId)
    const sites = suggestions.sites.map((site, i) => ({ id: `g${Date.now().toString(36)}${i}`, lon: site.lon, lat: site.lat, type, suggestedRank: site.rank }))
    s.createScenario(t('plan.suggest.scenarioName', { k: suggestions.sites.length, n: s.scenarios.length + 1 }), { ...base, added: [...base.added, ...sites] })
    s.setPlanPanel('scenario')
  }

  return (
    <div className="suggest-tab" data-testid="suggest-tab">
      <p className="small muted">{t('plan.suggest.intro')}</p>
      <Segmented<Mode>
        options={['count', 'target']}
        value={mode}
        onChange={setMode}
        label={(m) => (m === 'count' ? t('plan.suggest.modeCount') : t('plan.suggest.modeTarget', { target }))}
        attribute="mode"
        className="suggest-modes"
        testId="suggest-mode"
      />
      <form
        className="suggest-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!invalid) void suggest(goal)
        }}
      >
        <label className={invalid ? 'number-field is-invalid' : 'number-field'}>
          <span className="number-field__label">{mode === 'count' ? t('plan.suggest.k') : t('plan.suggest.kMax')}</span>
          <span className="number-field__box">
            <input type="number" min={1} max={50} step={1} value={k} data-testid="suggest-k" aria-invalid={invalid} onChange={(e) => setK(e.target.value)} />
          </span>
          {invalid && <span className="number-field__error">{t('plan.settings.range', { min: 1, max: 50 })}</span>}
        </label>
        <label className="number-field">
          <span className="number-field__label">{t('plan.tool.type')}</span>
          <StationTypeSelect />
        </label>
        <button type="submit" className="button button--primary" disabled={invalid || busy} data-testid="run-suggest">
          {busy ? t('plan.suggest.running') : t('plan.suggest.run')}
        </button>
      </form>
      {suggestions && (
        <>
          <div className="suggest-result" data-testid="suggest-result">
            <span>{t('plan.suggest.before')}</span>
            <strong>{formatPct((100 * suggestions.coveredBefore) / suggestions.population, language)}</strong>
            <span aria-hidden="true">→</span>
            <strong className="is-good">{formatPct((100 * suggestions.coveredAfter) / suggestions.population, language)}</strong>
            <span className="muted small">{t('plan.suggest.added', { n: n(suggestions.coveredAfter - suggestions.coveredBefore) })}</span>
            {suggestions.targetPct !== null && (
              <span className={suggestions.reached ? 'small is-good' : 'small delta is-bad'} data-testid="suggest-reached">
                {suggestions.reached && suggestions.sites.length === 0
                  ? t('plan.suggest.alreadyReached', { target: suggestions.targetPct })
                  : suggestions.reached
                  ? t('plan.suggest.reached', { n: suggestions.sites.length, target: suggestions.targetPct })
                  : t('plan.suggest.notReached', { k: suggestions.k, target: suggestions.targetPct })}
              </span>
            )}
          </div>
          {suggestions.sites.length === 0 && !(suggestions.reached && suggestions.targetPct !== null) && <p className="muted">{t('plan.suggest.none')}</p>}
          <ol className="site-list" data-testid="site-list">
            {suggestions.sites.map((site) => (
              <li key={site.rank} className="site-row">
                <span className="site-row__rank">{site.rank}</span>
                <span className="site-row__place" title={`${site.lon.toFixed(5)}, ${site.lat.toFixed(5)}`}>
                  <span className="site-row__name" data-testid="site-place">
                    {namePlace(site.lon, site.lat).place}
                  </span>
                  {namePlace(site.lon, site.lat).road && <span className="muted small site-row__road">{namePlace(site.lon, site.lat).road}</span>}
                </span>
                <span className="site-row__gain" data-added={site.addedPopulation}>
                  +{n(site.addedPopulation)}
                  <span className="muted small">{formatPct(site.coveredPctAfter, language)}</span>
                </span>
              </li>
            ))}
          </ol>
          {suggestions.sites.length > 0 && (
            <button type="button" className="button button--primary" onClick={keep} data-testid="keep-suggestions">
              {t('plan.suggest.keep')}
            </button>
          )}
          <p className="small muted">{t('plan.suggest.timing', { ms: Math.max(1, Math.round(suggestions.computeMs)) })}</p>
        </>
      )}
    </div>
  )
}
