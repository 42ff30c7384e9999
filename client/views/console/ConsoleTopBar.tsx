// The situation at a glance: today's reports, open and overdue issues by colour, median times to
// accept and resolve, the evaluation rates, an honest connection indicator, and the operator's
// controls (hotline call, layers, sound, language, log out). Counts of open issues come from the
// live issues themselves, so they are right as soon as missed events are replayed.
import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import { Brand } from '../../components/Brand'
import { LanguageSwitch } from '../../components/LanguageSwitch'
import { formatCityTimeOfDay, formatMinutes, formatNumber, formatPct, getTermName, useT } from '../../i18n'
import { isIssueOverdue } from '../../live/issue-filters'
import { isOpenStatus } from '../../../core/domain/issue-lifecycle'
import { TRIAGE_COLOUR_INFO, TRIAGE_COLOURS } from '../../../core/domain/triage'
import { useAppStore } from '../../store'
import { FiguresDialog } from './FiguresDialog'

export function ConsoleTopBar({ onHotline, onLayers, layersOpen }: { onHotline(): void; onLayers(): void; layersOpen: boolean }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const issues = useAppStore((s) => s.issues)
  const figures = useAppStore((s) => s.figures)
  const session = useAppStore((s) => s.session)
  const soundOn = useAppStore((s) => s.soundOn)
  const [showFigures, setShowFigures] = useState(false)
  const now = useNow(15_000)
  const n = (v: number) => formatNumber(v, language)

  const open = { total: 0, overdue: 0, red: 0, orange: 0, yellow: 0, blue: 0 }
  for (const i of issues.values()) {
    if (!isOpenStatus(i.status)) continue
    open.total++
    open[i.colour]++
    if (isIssueOverdue(i, now)) open.overdue++
  }
  const f = figures?.total
  const minutes = (v: number | null | undefined) => formatMinutes(v, language)
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatPct(v, language))

  return (
    <header className="console-top" data-testid="header">
      <Brand subtitle={t('app.subtitle')} />
      <div className="console-tiles" data-testid="figures">
        <Tile label={t('console.reportedToday')} value={f ? n(f.reported) : '–'} testId="fig-reported" />
        <Tile label={t('console.open')} value={n(open.total)} testId="fig-open" />
        <Tile label={t('console.overdue')} value={n(open.overdue)} tone={open.overdue ? 'alert' : undefined} testId="fig-overdue" />
        <div className="tile tile--colours" data-testid="fig-colours">
          {TRIAGE_COLOURS.map((c) => (
            <span key={c} className="colour-count" title={getTermName(TRIAGE_COLOUR_INFO[c], language)} data-colour={c}>
              <i style={{ background: TRIAGE_COLOUR_INFO[c].hex }} />
              {n(open[c])}
            </span>
          ))}
        </div>
        <Tile label={t('console.medianTimes')} value={`${minutes(f?.medianAcceptMinutes)} / ${minutes(f?.medianResolveMinutes)}`} testId="fig-times" />
        <button type="button" className="tile tile--button" onClick={() => setShowFigures(true)} data-testid="open-figures" title={t('console.figuresTitle')}>
          <span className="tile__label">{t('console.closure')} · {t('console.onTime')} · {t('console.satisfaction')}</span>
          <span className="tile__value">
            {pct(f?.closureRatePct)} · {pct(f?.onTimeRatePct)} · {pct(f?.satisfactionPct)}
          </span>
        </button>
      </div>
      <ConnectionIndicator />
      <div className="console-actions">
        <button type="button" className="button button--primary" onClick={onHotline} data-testid="hotline-button">
          {t('console.hotline')}
        </button>
        <button type="button" className={layersOpen ? 'button is-active' : 'button'} onClick={onLayers} data-testid="layers-button">
          {t('panel.layers')}
        </button>
        <button type="button" className="icon-button" aria-pressed={soundOn} title={t(soundOn ? 'console.soundOn' : 'console.soundOff')} onClick={() => useAppStore.getState().setSoundOn(!soundOn)} data-testid="sound">
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M4 8h3l4-4v12l-4-4H4z" fill="currentColor" />
            {soundOn ? <path d="M13.5 7a4 4 0 0 1 0 6M15.5 5a7 7 0 0 1 0 10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" /> : <path d="M13 8l4 4M17 8l-4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />}
          </svg>
        </button>
        <LanguageSwitch />
        <button
          type="button"
          title={`${session?.user.displayName ?? ''} (${session?.user.username ?? ''})`}
          className="link-button"
          data-testid="logout"
          onClick={() => {
            useAppStore.getState().signOut()
          }}
        >
          {t('report.logout')}
        </button>
      </div>
      {showFigures && createPortal(<FiguresDialog onClose={() => setShowFigures(false)} />, document.body)}
    </header>
  )
}

function Tile({ label, value, tone, testId }: { label: string; value: string; tone?: 'alert'; testId?: string }) {
  return (
    <div className={tone ? `tile tile--${tone}` : 'tile'} data-testid={testId}>
      <span className="tile__label">{label}</span>
      <span className="tile__value">{value}</span>
    </div>
  )
}

/** Live, reconnecting or offline, and how long ago the last event came. */
function ConnectionIndicator() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const connection = useAppStore((s) => s.connection)
  const lastEventAt = useAppStore((s) => s.lastEventAt)
  const now = useNow(1000)
  const ago = lastEventAt ? Math.max(0, Math.round((now - Date.parse(lastEventAt)) / 1000)) : null
  const agoText = ago === null ? t('console.noEvents') : ago < 60 ? t('console.secondsAgo', { n: ago }) : t('console.at', { time: formatCityTimeOfDay(lastEventAt!, language) })
  return (
    <div className={`connection connection--${connection}`} data-testid="connection" data-state={connection} role="status">
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__state">{t(`console.connection.${connection}`)}</span>
      <span className="connection__ago">{agoText}</span>
    </div>
  )
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(id)
  }, [everyMs])
  return now
}
