// `/plan`: the planner's 15-minute coverage map — settings and district figures on the left, the
// choropleth with gaps, unserved homes and stations in the middle, areas, scenarios, suggestions
// and comparison on the right; every figure computed in a Web Worker so the map never freezes.
// Signed in only: the inputs hold every resident's home.
import { Brand } from '../../components/Brand'
import { useEffect, useMemo } from 'react'
import { LanguageSwitch } from '../../components/LanguageSwitch'
import { LoginForm } from '../../components/LoginForm'
import { ErrorBanner, LoadingBanner } from '../../components/StatusBanners'
import { useT } from '../../i18n'
import { MapView } from '../../map/MapView'
import type { PlanMapData } from '../../map/use-plan-layers'
import { useAppStore } from '../../store'
import { BASELINE_ID } from '../../store/plan-slice'
import { PlanExportButtons } from './PlanExportButtons'
import { PlanClosures } from './PlanClosures'
import { PlanLegend } from './PlanLegend'
import { PlanPrintReport } from './PlanPrintReport'
import { PlanSettings } from './PlanSettings'
import { PlanSidePanel } from './PlanSidePanel'
import { PlanSummary } from './PlanSummary'
import { PlanToolbar } from './PlanToolbar'
import { readPlanUrl, writePlanUrl } from './plan-url'
import { useLiveClosures, usePlanAnalysis } from './use-plan-analysis'
import { useCircleUnion } from './use-circle-union'

/** The planning data (residents' homes, the analysis inputs) are for signed-in planners, operators and admins. */
export function PlanView() {
  const t = useT()
  const session = useAppStore((s) => s.session)
  if (!session) {
    return (
      <div className="console-login" data-testid="plan-login">
        <LoginForm title={t('plan.loginTitle')} onLogin={(s) => useAppStore.getState().signIn(s)} />
      </div>
    )
  }
  return <PlanScreen />
}

function PlanScreen() {
  const t = useT()
  const config = useAppStore((s) => s.config)
  const loadShellData = useAppStore((s) => s.loadShellData)
  const planStatus = useAppStore((s) => s.planStatus)
  const analysisError = useAppStore((s) => s.analysisError)
  const analysis = usePlanAnalysis()
  useLiveClosures()
  // The inputs the worker analyses, as the hook put them in the store.
  const inputs = useAppStore((s) => s.planInputs)
  useUrlState()
  useCircleUnion()

  useEffect(() => {
    if (useAppStore.getState().status.config.state === 'idle') void loadShellData()
  }, [loadShellData])

  const planMap = useMemo<PlanMapData | undefined>(
    () => (inputs ? { areas: inputs.areas, facilities: inputs.facilities, demand: inputs.demand, roads: inputs.roads } : undefined),
    [inputs],
  )

  return (
    <div className="shell plan-page" data-testid="plan-page">
      <div className="plan-screen">
        {config && planMap && <MapView config={config} plan={planMap} />}
        <header className="header-card plan-header" data-testid="header">
          <Brand subtitle={t('plan.title')} />
          <nav className="plan-nav">
            <a href="/">{t('plan.nav.map')}</a>
            <span aria-current="page">{t('plan.nav.plan')}</span>
          </nav>
        </header>
        <div className="toolbar plan-top-tools">
          <LanguageSwitch />
        </div>
        <aside className="plan-left" data-testid="plan-left">
          <PlanSettings />
          <PlanSummary />
          <PlanExportButtons />
        </aside>
        <PlanToolbar />
        <PlanClosures />
        <PlanSidePanel suggest={analysis.suggest} compare={analysis.compare} busy={analysis.busy} />
        <PlanLegend />
        {planStatus.state === 'loading' && <LoadingBanner text={t('plan.loading')} />}
        {(planStatus.state === 'error' || analysisError) && <ErrorBanner message={planStatus.state === 'error' ? planStatus.message : analysisError!} />}
      </div>
      <PlanPrintReport />
    </div>
  )
}

/** Parameters and scenario from the URL at start, and into it on every change. */
function useUrlState() {
  useEffect(() => {
    const { params, scenarioId } = readPlanUrl(location.search)
    const s = useAppStore.getState()
    if (Object.keys(params).length) s.setPlanParams(params)
    if (scenarioId && (scenarioId === BASELINE_ID || s.scenarios.some((x) => x.id === scenarioId))) s.setActiveScenario(scenarioId)
    const write = () => {
      const { planParams, activeScenarioId } = useAppStore.getState()
      const next = writePlanUrl(planParams, activeScenarioId)
      if (next !== location.search) history.replaceState(null, '', `${location.pathname}${next}`)
    }
    write()
    return useAppStore.subscribe((st, prev) => {
      if (st.planParams !== prev.planParams || st.activeScenarioId !== prev.activeScenarioId) write()
    })
  }, [])
}
