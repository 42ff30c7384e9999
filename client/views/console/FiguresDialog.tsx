// The evaluation figures command centres are judged by, for a chosen period, for the whole scope,
// per street and per department: reports, open, overdue, median times, closure, on-time handling,
// rework and satisfaction (GET /api/issues/figures); and, on the second tab, the evaluation pack
// the practice publishes monthly (EvaluationPanel.tsx).
import { useEffect, useState } from 'react'
import { fetchIssueFigures } from '../../api/issues'
import { useAreaIndex } from '../../areas/use-area-names'
import { formatCityTime, formatMinutes, formatNumber, formatPct, getLocalName, useT } from '../../i18n'
import { Segmented } from '../../components/Segmented'
import { useEscape } from '../../components/use-escape'
import { useAppStore } from '../../store'
import type { IssueFigures } from '../../../core/domain/issue-figures'
import type { IssueFiguresResponse } from '../../../core/wire/issues'
import { EvaluationPanel } from './EvaluationPanel'

const PERIODS = ['today', '7d', '30d'] as const
type Period = (typeof PERIODS)[number]
const TABS = ['figures', 'evaluation'] as const
type Tab = (typeof TABS)[number]

export function FiguresDialog({ onClose }: { onClose(): void }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const session = useAppStore((s) => s.session)
  const today = useAppStore((s) => s.figures)
  const areas = useAreaIndex()
  const [period, setPeriod] = useState<Period>('today')
  const [tab, setTab] = useState<Tab>('figures')
  const [figures, setFigures] = useState<IssueFiguresResponse | null>(today)
  const [error, setError] = useState<string | null>(null)

  useEscape(onClose)

  // Today's figures are the top bar's, and follow its refreshes while the dialog is open.
  useEffect(() => {
    if (period === 'today') setFigures(today)
  }, [period, today])
  useEffect(() => {
    if (!session || period === 'today') return
    const days = period === '7d' ? 7 : 30
    setFigures(null)
    fetchIssueFigures(session, { from: new Date(Date.now() - days * 86_400_000).toISOString() }).then(setFigures, (e: Error) => setError(e.message))
  }, [period, session])

  const n = (v: number) => formatNumber(v, language)
  const pct = (v: number | null) => (v === null ? '–' : formatPct(v, language))
  const min = (v: number | null) => formatMinutes(v, language)
  const row = (label: string, f: IssueFigures, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      <td>{n(f.reported)}</td>
      <td>{n(f.open)}</td>
      <td className={f.overdue ? 'is-bad' : ''}>{n(f.overdue)}</td>
      <td>{min(f.medianAcceptMinutes)}</td>
      <td>{min(f.medianResolveMinutes)}</td>
      <td>{pct(f.closureRatePct)}</td>
      <td>{pct(f.onTimeRatePct)}</td>
      <td>{pct(f.reworkRatePct)}</td>
      <td>{pct(f.satisfactionPct)}</td>
    </tr>
  )
  const streetName = (code: string) => {
    const a = areas?.get(code)
    return a ? getLocalName(a, language) : code
  }
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div className="dialog figures-dialog" role="dialog" aria-modal="true" aria-label={t('console.figuresTitle')} onClick={(e) => e.stopPropagation()} data-testid="figures-dialog">
        <div className="dialog__head">
          <h2>{t('console.figuresTitle')}</h2>
          <Segmented<Tab> options={TABS} value={tab} onChange={setTab} label={(x) => t(`console.figuresTab.${x}`)} attribute="figures-tab" />
          {tab === 'figures' && <Segmented<Period> options={PERIODS} value={period} onChange={setPeriod} label={(p) => t(`console.period.${p}`)} attribute="period" />}
          <button type="button" className="icon-button" aria-label={t('plan.close')} onClick={onClose}>
            ×
          </button>
        </div>
        {tab === 'evaluation' && <EvaluationPanel />}
        {tab === 'figures' && error && <p className="form-error">{error}</p>}
        {tab === 'figures' && !figures && !error && <p className="muted">{t('status.loading')}</p>}
        {tab === 'figures' && figures && (
          <div className="figures-table-wrap">
            <table className="figures-table">
              <thead>
                <tr>
                  <th />
                  <th>{t('console.reported')}</th>
                  <th>{t('console.open')}</th>
                  <th>{t('console.overdue')}</th>
                  <th>{t('console.medianAccept')}</th>
                  <th>{t('console.medianResolve')}</th>
                  <th>{t('console.closure')}</th>
                  <th>{t('console.onTime')}</th>
                  <th>{t('console.rework')}</th>
                  <th>{t('console.satisfaction')}</th>
                </tr>
              </thead>
              <tbody>
                {row(t('console.allAreas'), figures.total, 'total')}
                {figures.byStreet.map((s) => row(streetName(s.street), s, `s-${s.street}`))}
                {/* Reports outside every street: with the streets they add up to the total. */}
                {figures.outOfArea && row(t('console.outOfAreaRow'), figures.outOfArea, 'out-of-area')}
              </tbody>
              {figures.byDepartment.length > 0 && (
                <tbody>
                  <tr className="figures-table__group">
                    <th colSpan={10}>{t('console.byDepartment')}</th>
                  </tr>
                  {figures.byDepartment.map((d) => row(d.department, d, `d-${d.department}`))}
                </tbody>
              )}
            </table>
            <p className="small muted">{t('console.figuresNote', { from: formatCityTime(figures.from, language), to: formatCityTime(figures.to, language) })}</p>
          </div>
        )}
      </div>
    </div>
  )
}
