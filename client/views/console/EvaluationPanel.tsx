// The evaluation pack in the figures dialog (考核指标: core/domain/evaluation-indicators.ts): a month
// (last month, this month to date) or 30 days, one view at a time — streets, communities, grids,
// departments, people — with the whole scope's row first, and the period's workbook (.xlsx, every
// view) or the view shown as CSV to download. The columns are the workbook's (core/wire/evaluation.ts).
import { useEffect, useState } from 'react'
import { fetchEvaluation, fetchEvaluationFile } from '../../api/issues'
import { formatCityTime, formatNumber, formatPct, useT } from '../../i18n'
import { Segmented } from '../../components/Segmented'
import { downloadBlob } from '../../components/download'
import { useAppStore } from '../../store'
import { getCityDay, getStartOfCityDay, DEFAULT_TIME_ZONE } from '../../../core/domain/city-time'
import { AREA_INDICATOR_COLUMNS, EVALUATION_VIEWS, getEvaluationTable, type EvaluationResponse, type EvaluationView } from '../../../core/wire/evaluation'

const PERIODS = ['lastMonth', 'thisMonth', '30d'] as const
type Period = (typeof PERIODS)[number]

/** The period's bounds in the city's time zone. */
export function getEvaluationPeriod(period: Period, now = new Date()): { from: string; to: string } {
  const monthStart = (day: string) => getStartOfCityDay(`${day.slice(0, 7)}-01`, DEFAULT_TIME_ZONE)
  const thisMonth = monthStart(getCityDay(now, DEFAULT_TIME_ZONE))
  if (period === 'thisMonth') return { from: thisMonth.toISOString(), to: now.toISOString() }
  if (period === 'lastMonth') return { from: monthStart(getCityDay(new Date(thisMonth.getTime() - 86_400_000), DEFAULT_TIME_ZONE)).toISOString(), to: thisMonth.toISOString() }
  return { from: new Date(now.getTime() - 30 * 86_400_000).toISOString(), to: now.toISOString() }
}

export function EvaluationPanel() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const session = useAppStore((s) => s.session)
  const [period, setPeriod] = useState<Period>('lastMonth')
  const [view, setView] = useState<EvaluationView>('street')
  // The answer with the period it answers: a period just picked shows nothing of the one before.
  const [loaded, setLoaded] = useState<{ period: Period; evaluation: EvaluationResponse } | null>(null)
  const evaluation = loaded?.period === period ? loaded.evaluation : null
  const [error, setError] = useState<string | null>(null)
  const [bounds] = useState(() => Object.fromEntries(PERIODS.map((p) => [p, getEvaluationPeriod(p)])) as Record<Period, { from: string; to: string }>)

  useEffect(() => {
    if (!session) return
    let live = true
    setError(null)
    fetchEvaluation(session, bounds[period]).then(
      (e) => live && setLoaded({ period, evaluation: e }),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [period, session, bounds])

  async function download(format: 'xlsx' | 'csv') {
    if (!session) return
    try {
      const { blob, fileName } = await fetchEvaluationFile(session, { ...bounds[period], format, view })
      downloadBlob(blob, fileName)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const lang = language === 'en' ? 'en' : 'zh'
  const cell = (v: string | number | null, kind: string) => (v === null ? '–' : typeof v === 'string' ? v : kind === 'count' ? formatNumber(v, language) : kind === 'pct' ? formatPct(v, language) : v.toFixed(1))
  const table = evaluation && getEvaluationTable(evaluation, view, lang)
  return (
    <div className="evaluation" data-testid="evaluation">
      <div className="evaluation__bar">
        <Segmented<Period> options={PERIODS} value={period} onChange={setPeriod} label={(p) => t(`console.evaluation.period.${p}`)} attribute="evaluation-period" />
        <Segmented<EvaluationView> options={EVALUATION_VIEWS} value={view} onChange={setView} label={(v) => t(`console.evaluation.view.${v}`)} attribute="evaluation-view" />
        <span className="evaluation__downloads">
          <button type="button" className="button" onClick={() => void download('xlsx')} disabled={!evaluation} data-testid="evaluation-xlsx">
            {t('console.evaluation.xlsx')}
          </button>
          <button type="button" className="button" onClick={() => void download('csv')} disabled={!evaluation} data-testid="evaluation-csv">
            {t('console.evaluation.csv')}
          </button>
        </span>
      </div>
      {error && <p className="form-error">{error}</p>}
      {!evaluation && !error && <p className="muted">{t('status.loading')}</p>}
      {table && evaluation && (
        <div className="figures-table-wrap">
          <table className="figures-table" data-testid="evaluation-table" data-view={view} data-period={period}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.name}>{lang === 'en' ? c.nameEn : c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view !== 'person' && (
                <tr className="evaluation__total">
                  <th scope="row">{t('console.allAreas')}</th>
                  {table.columns.slice(1).map((c) => {
                    const column = AREA_INDICATOR_COLUMNS.find((a) => a.name === c.name)
                    return <td key={c.name}>{column ? cell(column.value({ ...evaluation.total, code: '', label: '' }), column.kind) : ''}</td>
                  })}
                </tr>
              )}
              {table.rows.map((r, k) => (
                <tr key={`${r.label}-${k}`}>
                  {table.columns.map((c, i) => (i === 0 ? <th scope="row" key={c.name}>{cell(c.value(r), c.kind)}</th> : <td key={c.name}>{cell(c.value(r), c.kind)}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">
            {t('console.evaluation.note', {
              from: formatCityTime(evaluation.from, language),
              to: formatCityTime(evaluation.to, language),
              clock: t(`console.evaluation.clock.${evaluation.settings.clock}`),
            })}
          </p>
        </div>
      )}
    </div>
  )
}
