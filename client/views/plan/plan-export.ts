// The files a planner takes away from /plan: the shown scenario's figures per area as CSV, and its
// gaps, unserved homes, planned and closed stations and suggested sites as GeoJSON — formatted by
// core/wire/coverage-export like GET /api/coverage/export.
import type { Feature } from 'geojson'
import { formatCoverageCsv, formatCoverageGeoJson } from '../../../core/wire/coverage-export'
import { toUnservedFeatures } from '../../analysis/plan-features'
import type { AppState } from '../../store'
import { getScenarioSpec } from '../../store/plan-slice'
import { downloadBlob } from '../../components/download'

export function buildPlanCsv(s: AppState): string | null {
  if (!s.analysis) return null
  // Headers in the page's language: a Chinese planner's Excel gets Chinese columns.
  return formatCoverageCsv({ areas: s.analysis.areas.map((a) => ({ properties: a })) }, { language: s.language })
}

export function buildPlanGeoJson(s: AppState): string | null {
  const a = s.analysis
  if (!a) return null
  const spec = getScenarioSpec(s, s.activeScenarioId)
  const point = (lon: number, lat: number, properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties })
  const inputs = s.planInputs
  if (!inputs) return null
  const facilitiesById = new Map(inputs.facilities.features.map((f) => [f.id, f]))
  return JSON.stringify(
    formatCoverageGeoJson({
      areas: a.areas.map((x) => ({ properties: x })),
      gaps: a.gaps,
      unserved: { type: 'FeatureCollection', features: toUnservedFeatures(inputs.demand, a.unserved) },
      extra: [
        { kind: 'planned_station', features: spec.added.map((st, i) => point(st.lon, st.lat, { number: i + 1, type: st.type, suggestedRank: st.suggestedRank ?? null })) },
        {
          kind: 'closed_station',
          features: spec.removed.flatMap((id) => {
            const f = facilitiesById.get(id)
            return f ? [point(f.geometry.coordinates[0], f.geometry.coordinates[1], { id, code: f.properties.code, name: f.properties.name, type: f.properties.type })] : []
          }),
        },
        { kind: 'suggestion', features: (s.suggestions?.sites ?? []).map((x) => point(x.lon, x.lat, { rank: x.rank, addedPopulation: x.addedPopulation, coveredPctAfter: x.coveredPctAfter, gridCode: x.gridCode })) },
      ],
    }),
  )
}

/** A file name that says what is in it: level, minutes, types and scenario. */
export function getPlanFileName(s: AppState, ext: 'csv' | 'geojson'): string {
  const p = s.planParams
  const scenario = s.scenarios.find((x) => x.id === s.activeScenarioId)?.name ?? 'baseline'
  const safe = scenario.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40)
  return `coverage-${p.level}-${p.minutes}min${p.types.length ? '-' + p.types.join('+') : ''}-${safe}.${ext}`
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName)
}
