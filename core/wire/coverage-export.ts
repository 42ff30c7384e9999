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
type CsvColumn = (typeof CSV_COLUMNS)[number]

/** The language of a CSV's headers and words: Chinese for the Excel of a Chinese office, English on request. */
export type CsvLanguage = 'zh-CN' | 'en'

const CSV_HEADERS: Record<CsvLanguage, Record<CsvColumn, string>> = {
  'zh-CN': {
    code: '区域代码',
    name: '名称',
    level: '层级',
    parent_code: '上级代码',
    population: '常住人口',
    populationCovered: '覆盖人口',
    populationCoveredPct: '人口覆盖率(%)',
    areaSqm: '面积(平方米)',
    coveredSqm: '覆盖面积(平方米)',
    coveredShare: '面积覆盖比例',
    facilitiesInReach: '可达服务点数',
    belowTarget: '低于目标',
  },
  en: {
    code: 'Code',
    name: 'Name',
    level: 'Level',
    parent_code: 'Parent code',
    population: 'Residents',
    populationCovered: 'Residents served',
    populationCoveredPct: 'Residents served (%)',
    areaSqm: 'Area (m²)',
    coveredSqm: 'Area covered (m²)',
    coveredShare: 'Share of area covered',
    facilitiesInReach: 'Service points in reach',
    belowTarget: 'Below target',
  },
}

const CSV_LEVELS: Record<CsvLanguage, Record<string, string>> = {
  'zh-CN': { district: '区县', street: '街道', community: '社区', grid: '网格' },
  en: { district: 'district', street: 'street', community: 'community', grid: 'grid' },
}
const CSV_YES_NO: Record<CsvLanguage, [string, string]> = { 'zh-CN': ['是', '否'], en: ['yes', 'no'] }

/**
 * One row per area, in the answer's order; numbers as computed (percentages to two decimals).
 * Headers, levels and yes/no in the language (Chinese by default); names in English where the
 * area has one and the language is English.
 */
export function formatCoverageCsv(e: Pick<CoverageExportInput, 'areas'>, options: { language?: CsvLanguage } = {}): string {
  const language = options.language ?? 'zh-CN'
  const rows = e.areas.map((f) => {
    const p = f.properties
    const values: Record<CsvColumn, unknown> = {
      code: p.code,
      name: language === 'en' && p.name_en ? p.name_en : p.name,
      level: CSV_LEVELS[language][p.level] ?? p.level,
      parent_code: p.parent_code,
      population: p.population,
      populationCovered: p.populationCovered,
      populationCoveredPct: p.populationCoveredPct === null ? '' : p.populationCoveredPct.toFixed(2),
      areaSqm: Math.round(p.areaSqm),
      coveredSqm: Math.round(p.coveredSqm),
      coveredShare: p.coveredShare.toFixed(4),
      facilitiesInReach: p.facilitiesInReach,
      belowTarget: CSV_YES_NO[language][p.belowTarget ? 0 : 1],
    }
    return CSV_COLUMNS.map((c) => csvField(values[c])).join(',')
  })
  const header = CSV_COLUMNS.map((c) => csvField(CSV_HEADERS[language][c])).join(',')
  return '\uFEFF' + [header, ...rows].join('\r\n') + '\r\n'
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
