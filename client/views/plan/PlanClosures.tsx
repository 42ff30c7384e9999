// /plan's live closures: on the walking network, what the open closures cost this scenario's walk
// (the planner's minutes, speed and service points), and the switch that walks round them (the
// default: the city as it stands today) or ignores them (the network as built).
import { Switch } from '../../components/Switch'
import { ClosuresCard } from '../../components/ClosuresCard'
import { useT } from '../../i18n'
import { useAppStore } from '../../store'

export function PlanClosures() {
  const t = useT()
  const live = useAppStore((s) => s.closures?.closures)
  const figures = useAppStore((s) => s.analysis?.closures)
  const params = useAppStore((s) => s.planParams)
  const setPlanParams = useAppStore((s) => s.setPlanParams)
  const metric = useAppStore((s) => s.analysis?.metric)
  if (!live?.length || metric !== 'network') return null
  return (
    <ClosuresCard
      testId="plan-closures"
      className="plan-closures"
      closures={live.map((c, k) => ({ id: c.id, code: c.code, subcategory: c.subcategory, population: figures?.each[k]?.population ?? null }))}
      population={figures?.population ?? null}
      grids={figures?.grids ?? []}
      minutes={params.minutes}
    >
      <Switch testId="closures-apply" checked={params.closures !== 'none'} onChange={(on) => setPlanParams({ closures: on ? 'open' : 'none' })} label={t('closures.walkAround')} />
    </ClosuresCard>
  )
}
