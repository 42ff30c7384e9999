// The tool in hand on the map: look around (click an area for its figures, drag a planned
// station), add a planned station of a type, or close/remove a station; and the scenario it edits.
import { useT } from '../../i18n'
import { Segmented } from '../../components/Segmented'
import { useAppStore } from '../../store'
import { BASELINE_ID, type PlanTool } from '../../store/plan-slice'
import { StationTypeSelect } from './StationTypeSelect'
import { getScenarioDisplayName } from './scenario-names'

const TOOLS: { tool: PlanTool; icon: string }[] = [
  { tool: 'pan', icon: 'M4 4l6 14 2-6 6-2z' },
  { tool: 'add', icon: 'M11 4v14M4 11h14' },
  { tool: 'remove', icon: 'M5 5l12 12M17 5L5 17' },
]

export function PlanToolbar() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const tool = useAppStore((s) => s.planTool)
  const setTool = useAppStore((s) => s.setPlanTool)
  const activeId = useAppStore((s) => s.activeScenarioId)
  const scenario = useAppStore((s) => s.scenarios.find((x) => x.id === s.activeScenarioId))
  return (
    <div className="plan-toolbar" data-testid="plan-toolbar">
      <div className="plan-toolbar__row">
      <Segmented
        options={TOOLS.map((x) => x.tool)}
        value={tool}
        onChange={setTool}
        label={(key) => (
          <>
            <svg viewBox="0 0 22 22" width="14" height="14" aria-hidden="true">
              <path d={TOOLS.find((x) => x.tool === key)!.icon} fill={key === 'pan' ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {t(`plan.tool.${key}`)}
          </>
        )}
        attribute="tool"
        ariaLabel={t('plan.tool.label')}
      />
      {tool === 'add' && (
        <label className="plan-toolbar__type">
          <span>{t('plan.tool.type')}</span>
          <StationTypeSelect testId="new-station-type" />
        </label>
      )}
      </div>
      <span className="plan-toolbar__hint">
        {tool === 'pan' ? t('plan.tool.hintPan') : tool === 'add' ? t('plan.tool.hintAdd') : t('plan.tool.hintRemove')}
        {tool !== 'pan' && activeId === BASELINE_ID && ` ${t('plan.tool.hintNewScenario')}`}
        {tool !== 'pan' && scenario && ` · ${getScenarioDisplayName(scenario.name, language)}`}
      </span>
    </div>
  )
}
