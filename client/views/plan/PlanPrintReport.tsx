// The printed report of /plan (hidden on screen, the only thing on paper): what was assumed, the
// map as drawn, the district figures against today, the areas below target, the planned and
// closed stations and any suggested sites — a page a planner can take to a meeting.
import { getServiceRadius } from '../../../core/analysis/get-service-radius'
import { formatCityTime, formatNumber, formatPct, getLocalName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { BASELINE_ID, getScenarioSpec } from '../../store/plan-slice'
import { getScenarioDisplayName } from './scenario-names'
import { usePlaceNamer } from './use-place-namer'

export function PlanPrintReport() {
  const t = useT()
  const s = useAppStore()
  const namePlace = usePlaceNamer()
  const { analysis, planParams: p, language } = s
  if (!analysis) return null
  const n = (v: number) => formatNumber(v, language)
  const scenario = s.scenarios.find((x) => x.id === s.activeScenarioId)
  const spec = getScenarioSpec(s, s.activeScenarioId)
  const typeNames = p.types.length
    ? p.types.map((c) => {
        const type = s.facilityTypes.find((x) => x.code === c)
        return type ? getLocalName(type, language) : c
      })
    : [t('plan.settings.allTypes')]
  const radius = getServiceRadius({ minutes: p.minutes, speedMetersPerMinute: p.speedMetersPerMinute, detourFactor: p.detourFactor })
  const byCode = new Map(analysis.areas.map((a) => [a.code, a]))
  const below = analysis.summary.areasBelowTarget.map((c) => byCode.get(c)!).filter(Boolean)
  const district = s.summary ? (language === 'en' && s.summary.districtNameEn ? s.summary.districtNameEn : s.summary.districtName) : null
  const facilities = new Map((s.planInputs?.facilities.features ?? []).map((f) => [f.id, f.properties]))
  const { summary, baseline } = analysis
  const withScenario = s.activeScenarioId !== BASELINE_ID && scenario
  return (
    <article className="print-report" data-testid="print-report">
      <header>
        <h1>{t('plan.print.title', { district: district ?? '' })}</h1>
        <p>
          {t('plan.print.generated', { at: formatCityTime(Date.now(), language) })} · {withScenario ? getScenarioDisplayName(scenario.name, language) : t('plan.scenario.baseline')}
        </p>
        <p>
          {t('plan.print.assumptions', {
            types: typeNames.join(language === 'en' ? ', ' : '、'),
            m: p.minutes,
            v: p.speedMetersPerMinute,
            d: p.detourFactor,
            r: n(Math.round(radius)),
            target: p.targetPct,
          })}
        </p>
      </header>
      {s.printMapImage && <img className="print-report__map" src={s.printMapImage} alt={t('plan.print.mapAlt')} />}
      <table className="print-table">
        <thead>
          <tr>
            <th />
            <th>{t('plan.scenario.baseline')}</th>
            {withScenario && <th>{getScenarioDisplayName(scenario.name, language)}</th>}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t('plan.compare.coveredPct')}</th>
            <td>{formatPct(baseline.populationCoveredPct ?? 0, language)}</td>
            {withScenario && <td>{formatPct(summary.populationCoveredPct ?? 0, language)}</td>}
          </tr>
          <tr>
            <th>{t('plan.compare.covered')}</th>
            <td>{n(baseline.populationCovered)}</td>
            {withScenario && <td>{n(summary.populationCovered)}</td>}
          </tr>
          <tr>
            <th>{t('plan.compare.unserved')}</th>
            <td>{n(baseline.unservedPopulation)}</td>
            {withScenario && <td>{n(summary.unservedPopulation)}</td>}
          </tr>
          <tr>
            <th>{t('plan.compare.unservedPoints')}</th>
            <td>{n(baseline.unservedPoints)}</td>
            {withScenario && <td>{n(summary.unservedPoints)}</td>}
          </tr>
          <tr>
            <th>{t('plan.compare.belowTarget')}</th>
            <td>{n(baseline.areasBelowTarget.length)}</td>
            {withScenario && <td>{n(summary.areasBelowTarget.length)}</td>}
          </tr>
        </tbody>
      </table>
      {withScenario && (spec.added.length > 0 || spec.removed.length > 0) && (
        <section>
          <h2>{t('plan.print.changes')}</h2>
          <ul>
            {spec.added.map((st, i) => (
              <li key={st.id}>
                {t('plan.stationLabel', { n: i + 1 })} — {getLocalName(s.facilityTypes.find((x) => x.code === st.type) ?? { name: st.type }, language)} ({namePlace(st.lon, st.lat).place})
              </li>
            ))}
            {spec.removed.map((id) => (
              <li key={id}>
                {t('plan.print.closed', { name: facilities.get(id) ? getLocalName(facilities.get(id)!, language) : `#${id}` })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.suggestions && s.suggestions.sites.length > 0 && (
        <section>
          <h2>{t('plan.print.suggestions', { k: s.suggestions.sites.length })}</h2>
          <table className="print-table">
            <tbody>
              {s.suggestions.sites.map((x) => (
                <tr key={x.rank}>
                  <td>{x.rank}</td>
                  <td>{namePlace(x.lon, x.lat).place}</td>
                  <td>{namePlace(x.lon, x.lat).road ?? '–'}</td>
                  <td>+{n(x.addedPopulation)}</td>
                  <td>{formatPct(x.coveredPctAfter, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section>
        <h2>{t('plan.areas.below', { n: n(below.length), level: t(`plan.level.${p.level}`), target: p.targetPct })}</h2>
        <table className="print-table print-table--areas">
          <thead>
            <tr>
              <th>{t('plan.print.area')}</th>
              <th>{t('plan.area.population')}</th>
              <th>{t('plan.area.coveredPct')}</th>
              <th>{t('plan.area.unserved')}</th>
              <th>{t('plan.area.coveredArea')}</th>
            </tr>
          </thead>
          <tbody>
            {below.map((a) => (
              <tr key={a.code}>
                <td>
                  {getLocalName(a, language)}
                  {a.parent_name && ` · ${getLocalName({ name: a.parent_name, name_en: a.parent_name_en }, language)}`}
                </td>
                <td>{n(a.population)}</td>
                <td>{a.populationCoveredPct === null ? '–' : formatPct(a.populationCoveredPct, language)}</td>
                <td>{n(a.population - a.populationCovered)}</td>
                <td>{formatPct(100 * a.coveredShare, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <footer className="small">{t('plan.print.footer')}</footer>
    </article>
  )
}
