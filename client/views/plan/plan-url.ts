// The /plan view in its URL (?types=&minutes=&speed=&detour=&level=&target=&metric=&closures=&scenario=), so a
// planner can send or bookmark exactly what they see; anything unreadable is left out.
import type { PlanParameters } from '../../analysis/plan-protocol'
import { coverageParametersSchema } from '../../../core/wire/coverage-parameters'

export interface PlanUrlState {
  params: Partial<PlanParameters>
  scenarioId: string | null
}

export function readPlanUrl(search: string): PlanUrlState {
  const q = new URLSearchParams(search)
  const params: Partial<PlanParameters> = {}
  const shape = coverageParametersSchema.shape
  const num = (key: string) => (q.has(key) && q.get(key) !== '' ? Number(q.get(key)) : undefined)
  const candidates: [keyof PlanParameters, unknown][] = [
    ['types', q.has('types') ? (q.get('types') ?? '').split(',').filter(Boolean) : undefined],
    ['minutes', num('minutes')],
    ['speedMetersPerMinute', num('speed')],
    ['detourFactor', num('detour')],
    ['level', q.get('level') ?? undefined],
    ['targetPct', num('target')],
    ['metric', q.get('metric') ?? undefined],
    ['closures', q.get('closures') ?? undefined],
  ]
  for (const [key, value] of candidates) {
    if (value === undefined) continue
    const parsed = shape[key].safeParse(value)
    if (parsed.success) (params as Record<string, unknown>)[key] = parsed.data
  }
  return { params, scenarioId: q.get('scenario') }
}

export function writePlanUrl(params: PlanParameters, scenarioId: string): string {
  const q = new URLSearchParams()
  if (params.types.length) q.set('types', params.types.join(','))
  q.set('minutes', String(params.minutes))
  q.set('speed', String(params.speedMetersPerMinute))
  q.set('detour', String(params.detourFactor))
  q.set('level', params.level)
  q.set('target', String(params.targetPct))
  if (params.metric) q.set('metric', params.metric)
  if (params.closures) q.set('closures', params.closures)
  q.set('scenario', scenarioId)
  return `?${q.toString()}`
}
