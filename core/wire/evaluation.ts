// GET /api/issues/evaluation: the evaluation pack (core/domain/evaluation-indicators.ts) of a period,
// with the names its rows need, and the columns of each view — one list that the figures dialog's
// tables, the workbook's sheets and the CSV files all read, so the three never disagree.
import type { AreaIndicators, EvaluationReport, PersonIndicators } from '../domain/evaluation-indicators.js'
import { ROLE_NAMES, type Role } from '../domain/issue-lifecycle.js'

export interface EvaluationResponse extends EvaluationReport {
  from: string
  to: string
  at: string
  /** The areas' names (street, community, grid codes of the rows). */
  areaNames: Record<string, { name: string; nameEn: string | null }>
  /** The people's display names. */
  people: Record<string, string>
}

export const EVALUATION_VIEWS = ['street', 'community', 'grid', 'department', 'person'] as const
export type EvaluationView = (typeof EVALUATION_VIEWS)[number]

export type ColumnKind = 'text' | 'count' | 'pct' | 'score'

export interface EvaluationColumn<Row> {
  /** Chinese header first (the sheets' and files' header), English for the switch. */
  name: string
  nameEn: string
  kind: ColumnKind
  value(row: Row): string | number | null
}

type AreaRow = AreaIndicators & { label: string; code: string }
type PersonRow = PersonIndicators & { label: string; roleName: string }

const pct = (name: string, nameEn: string, key: keyof AreaIndicators): EvaluationColumn<AreaRow> => ({ name, nameEn, kind: 'pct', value: (r) => r[key] as number | null })
const count = (name: string, nameEn: string, key: keyof AreaIndicators): EvaluationColumn<AreaRow> => ({ name, nameEn, kind: 'count', value: (r) => r[key] as number })

/** The indicators' columns of an area or department row, in the monthly tables' order. */
export const AREA_INDICATOR_COLUMNS: EvaluationColumn<AreaRow>[] = [
  count('上报数', 'Reported', 'reported'),
  count('立案数', 'Filed', 'filed'),
  count('结案数', 'Closed', 'closed'),
  pct('结案率', 'Closure rate', 'closureRatePct'),
  pct('按期结案率', 'On-time closure rate', 'onTimeClosureRatePct'),
  pct('及时签收率', 'Accepted in time', 'acceptOnTimeRatePct'),
  pct('按时办结率', 'Handled in time', 'resolveOnTimeRatePct'),
  pct('返工率', 'Rework rate', 'reworkRatePct'),
  count('在办数', 'Open', 'open'),
  count('超期数', 'Overdue', 'overdue'),
  pct('延期率', 'Overdue rate', 'overdueRatePct'),
  count('回访数', 'Ratings', 'ratings'),
  pct('回访满意率', 'Satisfaction', 'satisfactionPct'),
  { name: '综合指标值', nameEn: 'Combined score', kind: 'score', value: (r) => r.score },
]

/** A person's columns (岗位). */
export const PERSON_COLUMNS: EvaluationColumn<PersonRow>[] = [
  { name: '人员', nameEn: 'Person', kind: 'text', value: (r) => r.label },
  { name: '账号', nameEn: 'Account', kind: 'text', value: (r) => r.username },
  { name: '岗位', nameEn: 'Role', kind: 'text', value: (r) => r.roleName },
  { name: '上报数', nameEn: 'Reported', kind: 'count', value: (r) => r.reported },
  { name: '办结数', nameEn: 'Resolved', kind: 'count', value: (r) => r.resolved },
  { name: '按时办结数', nameEn: 'Resolved in time', kind: 'count', value: (r) => r.resolvedOnTime },
  { name: '按时办结率', nameEn: 'Handled in time', kind: 'pct', value: (r) => r.resolveOnTimeRatePct },
  { name: '被返工数', nameEn: 'Sent back', kind: 'count', value: (r) => r.reworked },
  { name: '核查数', nameEn: 'Checks', kind: 'count', value: (r) => r.checks },
]

/** Each view's rows, labelled (area names in the language asked for), and its columns. */
export function getEvaluationTable(e: EvaluationResponse, view: EvaluationView, language: 'zh' | 'en' = 'zh'): { columns: EvaluationColumn<AreaRow & PersonRow>[]; rows: (AreaRow & PersonRow)[]; title: string; titleEn: string } {
  const areaName = (code: string) => {
    const n = e.areaNames[code]
    return n ? (language === 'en' ? (n.nameEn ?? n.name) : n.name) : code
  }
  const label: EvaluationColumn<AreaRow> = { name: '区域', nameEn: 'Area', kind: 'text', value: (r) => r.label }
  const codeColumn: EvaluationColumn<AreaRow> = { name: '代码', nameEn: 'Code', kind: 'text', value: (r) => r.code }
  const areaTable = (rows: (AreaIndicators & { code: string })[], title: string, titleEn: string, withOutside = false) => ({
    columns: [label, codeColumn, ...AREA_INDICATOR_COLUMNS] as EvaluationColumn<AreaRow & PersonRow>[],
    rows: [
      ...rows.map((r) => ({ ...r, label: areaName(r.code) })),
      ...(withOutside && e.outOfArea ? [{ ...e.outOfArea, code: '', label: language === 'en' ? 'Out of area' : '辖区外' }] : []),
    ] as unknown as (AreaRow & PersonRow)[],
    title,
    titleEn,
  })
  switch (view) {
    case 'street':
      return areaTable(e.byStreet, '街道', 'Streets', true)
    case 'community':
      return areaTable(e.byCommunity, '社区', 'Communities')
    case 'grid':
      return areaTable(e.byGrid, '网格', 'Grids')
    case 'department':
      return {
        columns: [{ name: '部门', nameEn: 'Department', kind: 'text', value: (r) => r.label }, ...AREA_INDICATOR_COLUMNS] as EvaluationColumn<AreaRow & PersonRow>[],
        rows: e.byDepartment.map((r) => ({ ...r, code: r.department, label: r.department })) as unknown as (AreaRow & PersonRow)[],
        title: '部门',
        titleEn: 'Departments',
      }
    case 'person':
      return {
        columns: PERSON_COLUMNS as EvaluationColumn<AreaRow & PersonRow>[],
        rows: e.byPerson.map((r) => {
          const role = ROLE_NAMES[r.role as Role]
          return { ...r, label: e.people[r.username] ?? r.username, roleName: role ? (language === 'en' ? role.nameEn : role.name) : r.role }
        }) as unknown as (AreaRow & PersonRow)[],
        title: '岗位',
        titleEn: 'People',
      }
  }
}

/** A view as CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese names; percentages as numbers to one decimal). */
export function toEvaluationCsv(e: EvaluationResponse, view: EvaluationView): string {
  const { columns, rows } = getEvaluationTable(e, view)
  const cell = (v: string | number | null, kind: ColumnKind) => {
    if (v === null) return ''
    if (typeof v === 'number') return kind === 'count' ? String(v) : v.toFixed(1)
    return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
  }
  const lines = [columns.map((c) => c.name).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r), c.kind)).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
