// The coverage answer as files a planner takes to a meeting: CSV per area (UTF-8 with a byte-order
// mark, so Excel shows the Chinese names), and GeoJSON of the gaps and the unserved residents (and,
// from the /plan page, the scenario's stations and the suggested sites). Used by the export API and
// by the page, so a what-if downloads in the same format as the district's figures.
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { CoverageAreaFeatureProperties } from './coverage.js'

export interface CoverageExportInput {
  areas: { properties: CoverageAreaFeatureProperties }[]
  gaps: FeatureCollection<MultiPolygon, { code: string; gapSqm: number }>
  unserved: FeatureCollection<Point, { code: string; population: number }>
  /** Further features, each given its kind (e.g. "station", "suggestion"). */
  extra?: { kind: string; features: Feature[] }[]
}

const CSV_COLUMNS = [
  'code',
  'name',
  'level',
  'parent_code',
  'population',
  'populationCovered',
  'populationCoveredPct',
  'areaSqm',
  'coveredSqm',
  'coveredShare',
  'facilitiesInReach',
  'belowTarget',
] as const

/** One row per area, in the answer's order; numbers as computed (percentages to two decimals). */
export function formatCoverageCsv(e: Pick<CoverageExportInput, 'areas'>): string {
  const rows = e.areas.map((f) => {
    const p = f.properties
    const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      code: p.code,
      name: p.name,
      level: p.level,
      parent_code: p.parent_code,
      population: p.population,
      populationCovered: p.populationCovered,
      populationCoveredPct: p.populationCoveredPct === null ? '' : p.populationCoveredPct.toFixed(2),
      areaSqm: Math.round(p.areaSqm),
      coveredSqm: Math.round(p.coveredSqm),
      coveredShare: p.coveredShare.toFixed(4),
      facilitiesInReach: p.facilitiesInReach,
      belowTarget: p.belowTarget,
    }
    return CSV_COLUMNS.map((c) => csvField(values[c])).join(',')
  })
  return '\uFEFF' + [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n'
}

/** The gaps (kind "gap", per area), the unserved demand points (kind "unserved") and any extra features in one collection. */
export function formatCoverageGeoJson(e: CoverageExportInput): FeatureCollection {
  const features: Feature[] = [
    ...e.gaps.features.map((g) => ({ ...g, properties: { kind: 'gap', ...g.properties } })),
    ...e.unserved.features.map((u) => ({ ...u, properties: { kind: 'unserved', ...u.properties } })),
    ...(e.extra ?? []).flatMap(({ kind, features }) => features.map((f) => ({ ...f, properties: { kind, ...f.properties } }))),
  ]
  return { type: 'FeatureCollection', features }
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
