// What the data panel says about the loaded district: its name, how many streets, communities and
// grids (exclusive ones apart), service points by type, and whether any of it is synthetic.
import type { Point } from 'geojson'
import type { AreaCollection, FacilityCollection } from '../../core/wire/read-api'
import type { DataSummary } from '../store/data-slice'

export function summariseData(labels: AreaCollection<Point>, facilities: FacilityCollection | null): DataSummary {
  const props = labels.features.map((f) => f.properties)
  const district = props.find((p) => p.level === 'district')
  const grids = props.filter((p) => p.level === 'grid')
  const facilitiesByType: Record<string, number> = {}
  for (const f of facilities?.features ?? []) facilitiesByType[f.properties.type] = (facilitiesByType[f.properties.type] ?? 0) + 1
  return {
    districtName: district?.name ?? null,
    districtNameEn: district?.name_en ?? null,
    streets: props.filter((p) => p.level === 'street').length,
    communities: props.filter((p) => p.level === 'community').length,
    grids: grids.length,
    exclusiveGrids: grids.filter((p) => p.kind === 'exclusive').length,
    facilities: facilities?.features.length ?? 0,
    facilitiesByType,
    synthetic: props.some((p) => p.synthetic) || (facilities?.features.some((f) => f.properties.synthetic) ?? false),
  }
}
