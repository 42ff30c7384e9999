// The wall's panels, laid out on the 1920×1080 stage and sized to be read from five metres: the
// header (where, which window, the autopilot, the connection, the clock), the area's figures,
// the areas below it (or its open issues), the top hotspots, and the card of what is shown.
import type { ReactNode } from 'react'
import { ISSUE_CATEGORIES } from '../../../core/domain/issue-taxonomy'
import { TRIAGE_COLOUR_INFO } from '../../../core/domain/triage'
import type { Hotspot } from '../../../core/analysis/rank-hotspots'
import type { IssueSummary } from '../../../core/wire/issues'
import { WALL_WINDOWS, type HotspotLevel, type WallWindow } from '../../../core/wire/wall'
import { formatAgo, formatCityTime, formatCityTimeOfDay, formatNumber, formatPct, getCategoryName, getSubcategoryName, useT } from '../../i18n'
import type { Language } from '../../i18n/messages'
import type { ConnectionState } from '../../store/live-issues-slice'
import type { AutopilotMode } from './autopilot'
import type { AreaChild } from './wall-data'
import { isIssueOverdue } from '../../live/issue-filters'
import { HOTSPOT_RAMP } from '../../map/layers/wall'
import type { AreaFigures } from './use-wall'

/** One colour per top-level category, in the taxonomy's order. */
const CATEGORY_COLORS = ['#60a5fa', '#f472b6', '#34d399', '#fbbf24', '#a78bfa', '#f87171', '#2dd4bf', '#fb923c']
export const getCategoryColor = (code: string) => CATEGORY_COLORS[Math.max(0, ISSUE_CATEGORIES.findIndex((c) => c.code === code)) % CATEGORY_COLORS.length]

export function WallHeader(props: {
  chain: { code: string; name: string }[]
  window: WallWindow
  level: HotspotLevel
  mode: AutopilotMode
  nextInS: number | null
  connection: ConnectionState
  lastEventAt: string | null
  now: number
  language: Language
  onCrumb(code: string): void
  onWindow(w: WallWindow): void
  onLevel(l: HotspotLevel): void
}) {
  const t = useT()
  const clock = new Date(props.now)
  const time = formatCityTimeOfDay(clock, props.language, { hour: '2-digit', minute: '2-digit', hour12: false })
  const date = formatCityTime(clock, props.language, { month: 'long', day: 'numeric', weekday: 'short' })
  const conn = props.connection === 'live' ? 'live' : props.connection === 'offline' ? 'offline' : 'reconnecting'
  return (
    <header className="wall-header wall-panel" data-testid="wall-header">
      <div className="wall-header__where">
        <span className="wall-header__brand">GridPulse</span>
        {/* The areas above on a line of their own, the area shown large beneath: a grid's chain fits, in English too. */}
        <nav className="wall-breadcrumb" data-testid="wall-breadcrumb">
          {props.chain.length > 1 && (
            <ol className="wall-breadcrumb__path">
              {props.chain.slice(0, -1).map((a) => (
                <li key={a.code}>
                  <button type="button" onClick={() => props.onCrumb(a.code)}>
                    {a.name}
                  </button>
                </li>
              ))}
            </ol>
          )}
          {props.chain.length > 0 && <strong aria-current="location">{props.chain[props.chain.length - 1].name}</strong>}
        </nav>
      </div>
      <div className="wall-header__controls">
        <div className="wall-toggle" role="group">
          {WALL_WINDOWS.map((w) => (
            <button key={w} type="button" aria-pressed={props.window === w} onClick={() => props.onWindow(w)}>
              {t(`wall.window.${w}`)}
            </button>
          ))}
        </div>
        <div className="wall-toggle" role="group">
          {(['hex', 'grid'] as const).map((l) => (
            <button key={l} type="button" aria-pressed={props.level === l} onClick={() => props.onLevel(l)}>
              {t(`wall.level.${l}`)}
            </button>
          ))}
        </div>
        <span className={`wall-mode wall-mode--${props.mode}`} data-testid="wall-mode">
          {t(`wall.mode.${props.mode}`)}
          {props.mode === 'tour' && props.nextInS !== null && <small>{t('wall.tourNext', { s: props.nextInS })}</small>}
        </span>
      </div>
      <div className="wall-header__status">
        <span className={`wall-conn wall-conn--${conn}`} data-testid="wall-connection">
          <i aria-hidden="true" />
          {t(conn === 'live' ? 'wall.live' : conn === 'offline' ? 'wall.offline' : 'wall.reconnecting')}
          {props.lastEventAt && <small>{t('wall.lastEvent', { ago: formatAgo(props.now, props.lastEventAt, props.language) })}</small>}
        </span>
        <span className="wall-clock">
          <strong>{time}</strong>
          <small>{date}</small>
        </span>
      </div>
    </header>
  )
}

export function WallFigures(props: { open: number; overdue: number; reported: number | null; figures: AreaFigures; window: WallWindow; language: Language }) {
  const t = useT()
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatPct(v, props.language))
  const total = props.figures.figures?.total
  const tiles: [string, string, string][] = [
    ['open', t('wall.open'), formatNumber(props.open, props.language)],
    ['overdue', t('wall.overdue'), formatNumber(props.overdue, props.language)],
    ['reported', t('wall.reported', { window: t(`wall.window.${props.window}`) }), props.reported === null ? '–' : formatNumber(props.reported, props.language)],
    ['on-time', t('wall.onTime'), pct(total?.onTimeRatePct)],
    ['satisfaction', t('wall.satisfaction'), pct(total?.satisfactionPct)],
    ['coverage', t('wall.coverage'), pct(props.figures.coveragePct)],
    // The evaluation pack's (考核评价): closed ÷ filed, work sent back, and the combined score of the window.
    ['closure', t('wall.closure'), pct(props.figures.evaluation?.closureRatePct)],
    ['rework', t('wall.rework'), pct(props.figures.evaluation?.reworkRatePct)],
    ['score', t('wall.combinedScore'), props.figures.evaluation?.score == null ? '–' : props.figures.evaluation.score.toFixed(1)],
  ]
  return (
    <section className="wall-figures wall-panel" data-testid="wall-figures">
      {tiles.map(([key, label, value]) => (
        <div key={key} className={`wall-figure wall-figure--${key}`} data-testid={`wall-figure-${key}`}>
          <span>{label}</span>
          <strong>{value.endsWith('%') ? <>{value.slice(0, -1)}<small>%</small></> : value}</strong>
        </div>
      ))}
    </section>
  )
}

export function WallDrillList(props: {
  childLevel: string | null
  items: AreaChild[]
  issues: IssueSummary[]
  now: number
  language: Language
  shownIssueId: string | null
  onDrill(code: string): void
  onIssue(id: string): void
}) {
  const t = useT()
  if (props.childLevel) {
    const max = Math.max(1, ...props.items.map((c) => c.open))
    return (
      <section className="wall-list wall-panel" data-testid="wall-children">
        <h2>{t(`wall.children.${props.childLevel}` as 'wall.children.grid')}</h2>
        <ul>
          {props.items.slice(0, 12).map((c) => (
            <li key={c.code}>
              <button type="button" onClick={() => props.onDrill(c.code)} data-code={c.code}>
                <span className="wall-list__name">{c.name}</span>
                <span className="wall-list__bar" style={{ width: `${(c.open / max) * 100}%` }} aria-hidden="true" />
                <strong>{formatNumber(c.open, props.language)}</strong>
              </button>
            </li>
          ))}
        </ul>
      </section>
    )
  }
  return (
    <section className="wall-list wall-panel" data-testid="wall-open-issues">
      <h2>{t('wall.openIssues')}</h2>
      {props.issues.length === 0 && <p className="wall-empty">{t('wall.noOpenIssues')}</p>}
      <ul>
        {props.issues.slice(0, 10).map((i) => (
          <li key={i.id}>
            <button type="button" onClick={() => props.onIssue(i.id)} aria-pressed={props.shownIssueId === i.id} data-issue-id={i.id}>
              <i className="wall-dot" style={{ background: TRIAGE_COLOUR_INFO[i.colour].hex }} aria-hidden="true" />
              <span className="wall-list__name">{getSubcategoryName(i.category, props.language)}</span>
              <small className={isIssueOverdue(i, props.now) ? 'wall-overdue' : ''}>{formatAgo(props.now, i.reportedAt, props.language)}</small>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function Sparkline({ values, width = 100, height = 30 }: { values: number[]; width?: number; height?: number }) {
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : width
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 3 - (v / max) * (height - 6)).toFixed(1)}`).join(' ')
  return (
    <svg className="wall-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <polyline points={`0,${height} ${points} ${width},${height}`} className="wall-sparkline__area" />
      <polyline points={points} className="wall-sparkline__line" />
    </svg>
  )
}

export function CategoryMix({ categories, total, language }: { categories: Hotspot['categories']; total: number; language: Language }) {
  return (
    <div className="wall-mix">
      <div className="wall-mix__bar" aria-hidden="true">
        {categories.map((c) => (
          <span key={c.code} style={{ width: `${(c.count / total) * 100}%`, background: getCategoryColor(c.code) }} />
        ))}
      </div>
      <div className="wall-mix__names">
        {categories.slice(0, 2).map((c) => (
          <span key={c.code} title={`${getCategoryName(c.code, language)} ${c.count}`}>
            <i style={{ background: getCategoryColor(c.code) }} aria-hidden="true" />
            <em className="wall-mix__name">{getCategoryName(c.code, language)}</em>
            <b className="wall-mix__count">{c.count}</b>
          </span>
        ))}
      </div>
    </div>
  )
}

export function WallHotspotList(props: { hotspots: Hotspot[]; labels: string[]; focusIndex: number | null; window: WallWindow; language: Language; onPick(index: number): void }) {
  const t = useT()
  return (
    <section className="wall-hotspots wall-panel" data-testid="wall-hotspots">
      <h2>
        {t('wall.hotspots')} <small>{t(`wall.window.${props.window}`)}</small>
      </h2>
      {props.hotspots.length === 0 && <p className="wall-empty">{t('wall.hotspotsEmpty')}</p>}
      <ol>
        {props.hotspots.map((h, i) => (
          <li key={h.key} aria-current={props.focusIndex === i ? 'true' : undefined} data-key={h.key}>
            <button type="button" onClick={() => props.onPick(i)}>
              <span className={`wall-rank${h.emerging ? ' wall-rank--emerging' : ''}`}>{i + 1}</span>
              <span className="wall-hotspot__name">
                {props.labels[i]}
                {h.emerging && <em className="wall-badge">{t('wall.emerging')} ↑</em>}
              </span>
              <CategoryMix categories={h.categories} total={h.count} language={props.language} />
              <span className="wall-hotspot__figures">
                <strong>{formatNumber(h.count, props.language)}</strong>
                <small>{t('wall.score', { score: h.score })}</small>
              </span>
              <Sparkline values={h.sparkline} />
            </button>
          </li>
        ))}
      </ol>
      <div className="wall-legend" aria-hidden="true">
        <span>{t('wall.legend.title')}</span>
        <span>{t('wall.legend.low')}</span>
        <i style={{ background: `linear-gradient(90deg, ${HOTSPOT_RAMP.map(([, c]) => c).join(', ')})` }} />
        <span>{t('wall.legend.high')}</span>
        <b className="wall-legend__emerging" />
        <span>{t('wall.emerging')}</span>
      </div>
    </section>
  )
}

export function WallSpotlight(props: {
  kind: 'alert' | 'issue' | 'hotspot'
  rank?: number
  label: string
  hotspot?: Hotspot
  issue?: IssueSummary
  latest?: IssueSummary[]
  now: number
  language: Language
}) {
  const t = useT()
  let body: ReactNode = null
  if (props.issue) {
    const i = props.issue
    body = (
      <>
        <p className="wall-spotlight__big">
          <i className="wall-dot" style={{ background: TRIAGE_COLOUR_INFO[i.colour].hex }} aria-hidden="true" />
          {getSubcategoryName(i.category, props.language)}
        </p>
        <p className="wall-spotlight__text">{i.description}</p>
        <p className="wall-spotlight__meta">
          <span>{i.code}</span>
          <span>{t('wall.reportedAt', { ago: formatAgo(props.now, i.reportedAt, props.language) })}</span>
          {i.address && <span>{i.address}</span>}
        </p>
      </>
    )
  } else if (props.hotspot) {
    const h = props.hotspot
    body = (
      <>
        <div className="wall-spotlight__row">
          <p className="wall-spotlight__big">
            {t('wall.count', { n: h.count })}
            {h.emerging && <em className="wall-badge">{t('wall.emerging')} ↑</em>}
          </p>
          <span className="wall-spotlight__colours">
            {(['red', 'orange', 'yellow', 'blue'] as const).map((c) => (
              <span key={c}>
                <i className="wall-dot" style={{ background: TRIAGE_COLOUR_INFO[c].hex }} aria-hidden="true" />
                {h.byColour[c]}
              </span>
            ))}
          </span>
          <small>{t('wall.previous', { n: h.previousCount })}</small>
        </div>
        <CategoryMix categories={h.categories} total={h.count} language={props.language} />
        {props.latest && props.latest.length > 0 && (
          <ul className="wall-spotlight__latest">
            {props.latest.map((i) => (
              <li key={i.id}>
                <i className="wall-dot" style={{ background: TRIAGE_COLOUR_INFO[i.colour].hex }} aria-hidden="true" />
                {getSubcategoryName(i.category, props.language)}
                <small>{formatAgo(props.now, i.reportedAt, props.language)}</small>
              </li>
            ))}
          </ul>
        )}
      </>
    )
  }
  const title = props.kind === 'alert' ? t('wall.alertTitle') : props.kind === 'issue' ? t('wall.issueTitle') : t('wall.hotspotCard', { rank: props.rank ?? 0 })
  return (
    <aside
      className={`wall-spotlight wall-panel wall-spotlight--${props.kind}`}
      data-testid={props.kind === 'alert' ? 'wall-alert' : 'wall-spotlight'}
      data-issue-id={props.issue?.id}
      data-key={props.hotspot?.key}
      role={props.kind === 'alert' ? 'alert' : undefined}
    >
      <h2>
        {title} <span>{props.label}</span>
      </h2>
      {body}
    </aside>
  )
}
