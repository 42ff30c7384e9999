// The evaluation pack as an .xlsx workbook (exceljs): a summary sheet (the whole scope, the period,
// the clock, the weights and each indicator's formula), then one sheet per view — 街道, 社区, 网格,
// 部门, 岗位 — with Chinese headers, the header row frozen, and numbers as numbers (counts whole,
// rates in % to one decimal), as cities publish them each month.
import ExcelJS from 'exceljs'
import { SCORED_RATES } from '../../core/domain/evaluation-indicators.js'
import { AREA_INDICATOR_COLUMNS, EVALUATION_VIEWS, getEvaluationTable, type ColumnKind, type EvaluationResponse } from '../../core/wire/evaluation.js'

/** How each indicator is computed, as the summary sheet says it. */
const FORMULAS: [string, string][] = [
  ['上报数', '统计期内上报的问题数'],
  ['立案数', '统计期内上报且已受理的问题数（不予受理、合并的不立案）'],
  ['结案数', '统计期内上报、截至统计时已办结（含核查、答复、评价、结案）的问题数'],
  ['结案率', '结案数 ÷ 立案数'],
  ['按期结案率', '统计期内结束的各限时环节（受理、派遣、处置、核查、答复）中按时结束的比例'],
  ['及时签收率', '统计期内结束的受理环节中按时受理的比例'],
  ['按时办结率', '统计期内结束的处置环节（派遣或吹哨上报至办结）中按时办结的比例'],
  ['返工率', '统计期内核查中退回返工的比例（同一问题多次返工分别计）'],
  ['延期率', '统计时在办问题中已超过本环节时限的比例'],
  ['回访满意率', '统计期内评价中 4–5 星的比例'],
  ['综合指标值', '各比率的加权平均（返工率、延期率按 100 − 比率计），权重见下'],
]

const RATE_NAMES: Record<(typeof SCORED_RATES)[number], string> = {
  closureRatePct: '结案率',
  onTimeClosureRatePct: '按期结案率',
  acceptOnTimeRatePct: '及时签收率',
  resolveOnTimeRatePct: '按时办结率',
  reworkRatePct: '返工率',
  overdueRatePct: '延期率',
  satisfactionPct: '回访满意率',
}

const FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, count: '0', pct: '0.0', score: '0.0' }

export async function writeEvaluationWorkbook(e: EvaluationResponse): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = 'GridPulse'
  book.created = new Date(e.at)

  const summary = book.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] })
  summary.columns = [{ width: 16 }, { width: 64 }]
  summary.addRow(['指标', '值']).font = { bold: true }
  summary.addRow(['统计期', `${e.from} 至 ${e.to}`])
  summary.addRow(['统计时间', e.at])
  summary.addRow(['计时方式', e.settings.clock === 'working' ? '工作日（不计周六、周日）' : '自然日'])
  for (const c of AREA_INDICATOR_COLUMNS) {
    const v = c.value({ ...e.total, code: '', label: '' })
    const row = summary.addRow([c.name, v])
    if (typeof v === 'number' && FORMATS[c.kind]) row.getCell(2).numFmt = FORMATS[c.kind]!
  }
  summary.addRow([])
  summary.addRow(['指标口径']).font = { bold: true }
  for (const [name, formula] of FORMULAS) summary.addRow([name, formula])
  summary.addRow([])
  summary.addRow(['综合指标权重']).font = { bold: true }
  for (const key of SCORED_RATES) summary.addRow([RATE_NAMES[key], e.settings.weights[key]])

  for (const view of EVALUATION_VIEWS) {
    const table = getEvaluationTable(e, view)
    const sheet = book.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] })
    sheet.columns = table.columns.map((c) => ({ header: c.name, width: c.kind === 'text' ? 22 : Math.max(10, c.name.length * 2 + 4), style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {} }))
    sheet.getRow(1).font = { bold: true }
    for (const r of table.rows) sheet.addRow(table.columns.map((c) => c.value(r)))
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
