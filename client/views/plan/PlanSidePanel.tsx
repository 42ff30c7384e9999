// The right-hand panel of /plan: four tabs — the areas (worst first, or one in detail), the
// scenarios and their stations, suggested sites, and two scenarios compared.
import { useT, type MessageKey } from '../../i18n'
import { useAppStore } from '../../store'
import type { PlanPanel } from '../../store/plan-slice'
import { AreasTab } from './AreasTab'
import { CompareTab } from './CompareTab'
import { ScenarioTab } from './ScenarioTab'
import { SuggestTab } from './SuggestTab'
import type { PlanAnalysis } from './use-plan-analysis'

const TABS: { panel: PlanPanel; label: MessageKey }[] = [
  { panel: 'areas', label: 'plan.tab.areas' },
  { panel: 'scenario', label: 'plan.tab.scenario' },
  { panel: 'suggest', label: 'plan.tab.suggest' },
  { panel: 'compare', label: 'plan.tab.compare' },
]

export function PlanSidePanel({ suggest, compare, busy }: Pick<PlanAnalysis, 'suggest' | 'compare' | 'busy'>) {
  const t = useT()
  const panel = useAppStore((s) => s.planPanel)
  const setPanel = useAppStore((s) => s.setPlanPanel)
  return (
    <aside className="plan-right" data-testid="plan-right">
      <div className="plan-tabs" role="tablist">
        {TABS.map((tab) => (
          <button
            key={tab.panel}
            type="button"
            role="tab"
            aria-selected={panel === tab.panel}
            className={panel === tab.panel ? 'plan-tab is-active' : 'plan-tab'}
            data-panel={tab.panel}
            onClick={() => setPanel(tab.panel)}
          >
            {t(tab.label)}
          </button>
        ))}
      </div>
      <div className="plan-tab-body" role="tabpanel">
        {panel === 'areas' && <AreasTab />}
        {panel === 'scenario' && <ScenarioTab />}
        {panel === 'suggest' && <SuggestTab suggest={suggest} busy={busy === 'suggest'} />}
        {panel === 'compare' && <CompareTab compare={compare} busy={busy === 'compare'} />}
      </div>
    </aside>
  )
}
