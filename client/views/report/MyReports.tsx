// The worker's own reports, newest first, with their states as the centre moves them.
import type { IssueSummary, TaxonomyPayload } from '../../../core/wire/issues'
import { formatCityTime, getTermName, useT } from '../../i18n'
import { useAppStore } from '../../store'

/** A report's day and minute, on the city's clock. */
const REPORT_TIME: Intl.DateTimeFormatOptions = { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }

export function MyReports(props: { issues: IssueSummary[]; taxonomy: TaxonomyPayload | null; subcategoryName(code: string): string }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const statusName = (code: string) => {
    const s = props.taxonomy?.statuses.find((x) => x.code === code)
    return s ? getTermName(s, language) : code
  }
  const colour = (code: string) => props.taxonomy?.colours.find((c) => c.code === code)
  return (
    <section className="report-mine" data-testid="my-reports">
      <h2>{t('report.mine')}</h2>
      {props.issues.length === 0 ? (
        <p className="report-hint">{t('report.none')}</p>
      ) : (
        <ul>
          {props.issues.map((i) => {
            const c = colour(i.colour)
            return (
              <li key={i.id} className="report-item" data-issue-id={i.id} data-status={i.status}>
                <div className="report-item__title">
                  <span className="report-chip" style={{ background: c?.hex }} title={c ? getTermName(c, language) : i.colour} />
                  {props.subcategoryName(i.category)}
                  <span className="report-status">{statusName(i.status)}</span>
                </div>
                <div className="report-item__text">{i.description}</div>
                <div className="report-item__meta">
                  {i.code} · {formatCityTime(i.reportedAt, language, REPORT_TIME)}
                  {i.outOfArea ? ` · ${t('report.outOfArea')}` : ''}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
